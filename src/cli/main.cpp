// sitrep: one binary, one subcommand per pipeline entry point (see README.md).
#include <algorithm>
#include <cstdio>
#include <map>

#include "cli/command.h"

namespace sitrep::cli {

std::vector<Registered>& registry() {
  static std::vector<Registered> commands;
  return commands;
}

Command::Command(std::string name, std::string description, Setup setup) {
  registry().push_back({std::move(name), std::move(description), std::move(setup)});
}

}  // namespace sitrep::cli

int main(int argc, char** argv) {
  using namespace sitrep::cli;
  CLI::App app{"sitrep: conflict news articles in, a geocoded, dated, deduplicated event database out"};
  app.set_version_flag("--version", std::string("sitrep ") + SITREP_VERSION);
  app.require_subcommand(1);

  auto commands = registry();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::map<CLI::App*, Runner> runners;
  for (auto& c : commands) {
    CLI::App* sub = app.add_subcommand(c.name, c.description);
    runners[sub] = c.setup(*sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  for (auto& [sub, run] : runners)
    if (sub->parsed()) {
      try {
        return run();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "sitrep %s: %s\n", sub->get_name().c_str(), e.what());
        return kExitFailed;
      }
    }
  return kExitUsage;
}
