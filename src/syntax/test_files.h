// Helpers shared by the syntax stage's tests (not part of the library): where the UD
// treebank is, and a whole file as bytes.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace sitrep::syntax::test_files {

inline const std::filesystem::path kUd = std::filesystem::path(SITREP_SHARED_DIR) / "data" / "ud-english-ewt";

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace sitrep::syntax::test_files
