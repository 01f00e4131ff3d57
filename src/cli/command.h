// Subcommand registry. Each src/cli/cmd_<name>.cpp registers one subcommand with a
// static Command object: it declares its options on a CLI11 sub-app and returns a
// function that calls one library entry point. main.cpp only dispatches.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace sitrep::cli {

// Exit statuses shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitSkipped = 1;  // ran, but some input was skipped (messages on stderr)
inline constexpr int kExitUsage = 2;    // bad arguments
inline constexpr int kExitFailed = 3;   // could not run at all (missing model, unreadable database, ...)

using Runner = std::function<int()>;
// Declares options on `app` (whose name and description are already set) and returns
// what to run when the subcommand is chosen. Option storage must outlive the call:
// capture shared state in the returned Runner.
using Setup = std::function<Runner(CLI::App& app)>;

struct Command {
  Command(std::string name, std::string description, Setup setup);
};

struct Registered {
  std::string name;
  std::string description;
  Setup setup;
};
std::vector<Registered>& registry();

}  // namespace sitrep::cli
