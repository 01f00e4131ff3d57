// Messages about bad input. Readers never throw on bad input and never stop at the
// first bad record: they report here (file, line, what) and go on, and the CLI turns
// "something was skipped" into a non-zero exit status.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace sitrep {

struct Diagnostic {
  enum class Severity { warning, skipped };
  Severity severity = Severity::skipped;
  std::string file;
  uint64_t line = 0;  // 0 when the message is about the whole file
  std::string message;

  std::string format() const;  // "file:line: skipped: message"
};

class Diagnostics {
 public:
  void warn(std::string file, uint64_t line, std::string message);
  void skip(std::string file, uint64_t line, std::string message);

  // True once anything was skipped: the exit status must say so.
  bool skipped_any() const;
  std::vector<Diagnostic> all() const;
  // When set, each message is also written to stderr as it arrives (the CLI default).
  void set_echo(bool echo) { echo_ = echo; }

 private:
  void add(Diagnostic d);
  mutable std::mutex mu_;
  std::vector<Diagnostic> items_;
  bool echo_ = false;
};

}  // namespace sitrep
