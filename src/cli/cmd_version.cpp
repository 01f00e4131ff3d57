// `sitrep info`: what this binary is and where it looks for its data.
#include <cstdio>

#include "cli/command.h"

namespace sitrep::cli {
namespace {

Command info_command("info", "Print version and the data and model paths sitrep uses", [](CLI::App&) -> Runner {
  return [] {
    std::printf("sitrep %s\nsource: %s\n", SITREP_VERSION, SITREP_SOURCE_DIR);
    return kExitOk;
  };
});

}  // namespace
}  // namespace sitrep::cli
