// A fingerprint of the files that decide what sitrep extracts from an article: the program
// itself, its models and its data directories. The store keeps it beside each article, so an
// article read again by a different build or with different models/dictionaries is
// re-extracted instead of being skipped as unchanged.
//
//   Fingerprint f;
//   f.add_file("/proc/self/exe");      // or any path; a missing one counts as "missing"
//   f.add_tree(data_dir());            // every regular file below, in sorted path order
//   std::string id = f.hex();          // 32 hex digits
//
// Deterministic: the same bytes under the same relative names give the same fingerprint,
// whatever the file times, the order of add_tree's directory listing or the machine.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace sitrep {

class Fingerprint {
 public:
  // The file's bytes, labelled with `label` (default: the path as given).
  void add_file(const std::filesystem::path& path, std::string_view label = {});
  // Every regular file below `dir`, labelled by its path relative to `dir`.
  void add_tree(const std::filesystem::path& dir);
  void add_bytes(std::string_view bytes);
  std::string hex() const;

 private:
  void mix(uint64_t word);
  uint64_t a_ = 0x9e3779b97f4a7c15ULL, b_ = 0xc2b2ae3d27d4eb4fULL, n_ = 0;
};

}  // namespace sitrep
