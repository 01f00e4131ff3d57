#include "clean/data_file.h"

#include <fstream>
#include <stdexcept>

#include "core/paths.h"

namespace sitrep::clean {

std::vector<DataLine> read_data_file(const std::string& relative) {
  auto path = data_dir() / relative;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read data file " + path.string());
  std::vector<DataLine> out;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    DataLine d;
    d.number = n;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      d.fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sitrep::clean
