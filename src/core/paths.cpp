#include "core/paths.h"

#include <cstdlib>
#include <system_error>

namespace sitrep {
namespace fs = std::filesystem;
namespace {

fs::path from_env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? fs::path(v) : fs::path();
}

fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

}  // namespace

fs::path resource_root() {
  if (auto p = from_env("SITREP_HOME"); !p.empty()) return p;
  std::error_code ec;
  if (fs::path exe = executable_dir(); !exe.empty() && fs::is_directory(exe.parent_path() / "data", ec))
    return exe.parent_path();
  return fs::path(SITREP_SOURCE_DIR);
}

fs::path data_dir() { return resource_root() / "data"; }
fs::path models_dir() { return resource_root() / "models"; }

fs::path shared_dir() {
  if (auto p = from_env("SITREP_SHARED"); !p.empty()) return p;
  return (resource_root() / ".." / "shared").lexically_normal();
}

fs::path build_dir() {
  if (auto p = from_env("SITREP_BUILD_DIR"); !p.empty()) return p;
  fs::path exe = executable_dir();
  return exe.empty() ? resource_root() / "build" : exe;
}

}  // namespace sitrep
