#include "core/data_file.h"

#include <fstream>
#include <stdexcept>

#include "core/paths.h"
#include "core/text.h"

namespace sitrep {

std::optional<std::vector<DataLine>> read_data_lines(const std::filesystem::path& path,
                                                     std::string* error) {
  std::ifstream in(path);
  if (!in) {
    if (error) *error = "cannot read " + path.string();
    return std::nullopt;
  }
  std::vector<DataLine> out;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    DataLine d;
    d.number = n;
    for (std::string_view f : split_fields(line, '\t')) d.fields.emplace_back(f);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<DataLine> read_data_file(const std::string& relative) {
  auto path = data_dir() / relative;
  std::string error;
  auto lines = read_data_lines(path, &error);
  if (!lines) throw std::runtime_error("cannot read data file " + path.string());
  return std::move(*lines);
}

}  // namespace sitrep
