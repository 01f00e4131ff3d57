// Loading the project's own knowledge files (data/<stage>/...): one entry per line,
// '#' starts a comment line, blank lines are ignored, fields are tab-separated.
#pragma once

#include <string>
#include <vector>

namespace sitrep::clean {

struct DataLine {
  size_t number = 0;  // 1-based line number, for messages
  std::vector<std::string> fields;
};

// Reads data_dir()/relative. A missing file is an installation error: throws
// std::runtime_error naming the path (the CLI reports it and exits kExitFailed).
std::vector<DataLine> read_data_file(const std::string& relative);

}  // namespace sitrep::clean
