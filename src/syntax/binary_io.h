// Little helpers for the syntax model's binary file: plain little-endian PODs and
// length-prefixed arrays, read back with bounds checks so a truncated or foreign file
// gives an error message instead of a crash.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace sitrep::syntax {

class BinaryWriter {
 public:
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const char* p = reinterpret_cast<const char*>(&v);
    buf_.append(p, sizeof(T));
  }
  template <class T>
  void array(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    pod<uint64_t>(v.size());
    buf_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void string(std::string_view s) {
    pod<uint64_t>(s.size());
    buf_.append(s);
  }
  void strings(const std::vector<std::string>& v) {
    pod<uint64_t>(v.size());
    for (const auto& s : v) string(s);
  }
  const std::string& bytes() const { return buf_; }

 private:
  std::string buf_;
};

class BinaryReader {
 public:
  explicit BinaryReader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }

  template <class T>
  T pod() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v{};
    if (!take(sizeof(T))) return v;
    std::memcpy(&v, data_.data() + pos_ - sizeof(T), sizeof(T));
    return v;
  }
  template <class T>
  void array(std::vector<T>& v, uint64_t max_elems = uint64_t(1) << 32) {
    uint64_t n = pod<uint64_t>();
    if (!ok_ || n > max_elems || n * sizeof(T) > data_.size() - pos_) { ok_ = false; return; }
    v.resize(n);
    if (n) std::memcpy(v.data(), data_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
  }
  std::string string() {
    uint64_t n = pod<uint64_t>();
    if (!ok_ || n > data_.size() - pos_) { ok_ = false; return {}; }
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::vector<std::string> strings() {
    uint64_t n = pod<uint64_t>();
    std::vector<std::string> v;
    if (!ok_ || n > data_.size() - pos_) { ok_ = false; return v; }
    v.reserve(n);
    for (uint64_t i = 0; i < n && ok_; ++i) v.push_back(string());
    return v;
  }

 private:
  bool take(size_t n) {
    if (!ok_ || data_.size() - pos_ < n) { ok_ = false; return false; }
    pos_ += n;
    return true;
  }
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace sitrep::syntax
