#include "core/diagnostics.h"

#include <cstdio>

namespace sitrep {

std::string Diagnostic::format() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += severity == Severity::skipped ? ": skipped: " : ": warning: ";
  out += message;
  return out;
}

void Diagnostics::warn(std::string file, uint64_t line, std::string message) {
  add({Diagnostic::Severity::warning, std::move(file), line, std::move(message)});
}

void Diagnostics::skip(std::string file, uint64_t line, std::string message) {
  add({Diagnostic::Severity::skipped, std::move(file), line, std::move(message)});
}

void Diagnostics::add(Diagnostic d) {
  std::lock_guard lock(mu_);
  if (echo_) std::fprintf(stderr, "sitrep: %s\n", d.format().c_str());
  items_.push_back(std::move(d));
}

bool Diagnostics::skipped_any() const {
  std::lock_guard lock(mu_);
  for (const auto& d : items_)
    if (d.severity == Diagnostic::Severity::skipped) return true;
  return false;
}

std::vector<Diagnostic> Diagnostics::all() const {
  std::lock_guard lock(mu_);
  return items_;
}

}  // namespace sitrep
