#include "core/fingerprint.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <system_error>
#include <vector>

#include "core/text.h"

namespace sitrep {

namespace {

inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

}  // namespace

void Fingerprint::mix(uint64_t w) {
  // Two independent multiply-rotate lanes (128 bits in all); 8 bytes per step.
  a_ = rotl((a_ ^ w) * 0x9fb21c651e98df25ULL, 29);
  b_ = rotl(b_ + w * 0xff51afd7ed558ccdULL, 31) * 0xc4ceb9fe1a85ec53ULL;
  ++n_;
}

void Fingerprint::add_bytes(std::string_view bytes) {
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    mix(w);
  }
  uint64_t tail = 0;
  if (i < bytes.size()) std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  mix(tail ^ (static_cast<uint64_t>(bytes.size()) << 56));
  mix(bytes.size());
}

void Fingerprint::add_file(const std::filesystem::path& path, std::string_view label) {
  add_bytes(label.empty() ? std::string_view(path.generic_string()) : label);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    add_bytes("missing");
    return;
  }
  std::vector<char> buf(1 << 20);
  uint64_t total = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    add_bytes(std::string_view(buf.data(), got));
    total += got;
  }
  mix(total);
}

void Fingerprint::add_tree(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  mix(files.size());
  for (const auto& f : files) add_file(f, f.lexically_relative(dir).generic_string());
}

std::string Fingerprint::hex() const {
  uint64_t a = a_ ^ (n_ * 0x94d049bb133111ebULL), b = b_ ^ rotl(a_, 17);
  a ^= a >> 31;
  a *= 0xbf58476d1ce4e5b9ULL;
  a ^= a >> 27;
  b ^= b >> 33;
  b *= 0x94d049bb133111ebULL;
  b ^= b >> 29;
  return hex64(a) + hex64(b);
}

}  // namespace sitrep
