// Loading the project's own knowledge files (data/<stage>/...) and rule files a user may
// point at: one entry per line, '#' starts a comment line, blank lines are ignored, fields
// are tab-separated, a trailing CR (a file saved on Windows) is dropped.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sitrep {

struct DataLine {
  size_t number = 0;  // 1-based line number, for messages
  std::vector<std::string> fields;
};

// Reads `path`; nullopt with "cannot read PATH" in *error when it cannot be opened.
std::optional<std::vector<DataLine>> read_data_lines(const std::filesystem::path& path,
                                                     std::string* error);

// Reads data_dir()/relative. A missing file is an installation error: throws
// std::runtime_error naming the path (the CLI reports it and exits kExitFailed).
std::vector<DataLine> read_data_file(const std::string& relative);

}  // namespace sitrep
