#include "core/fingerprint.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

using namespace std::string_literals;

namespace sitrep {
namespace {

namespace fs = std::filesystem;

class FingerprintTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sitrep_fingerprint_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                        "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const fs::path& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel, std::ios::binary) << text;
  }
  std::string tree(const fs::path& d) {
    Fingerprint f;
    f.add_tree(d);
    return f.hex();
  }
  fs::path dir_;
};

TEST(Fingerprint, BytesTable) {
  struct Case {
    std::string a, b;
    bool same;
  } cases[] = {
      {"", "", true},
      {"triggers.tsv", "triggers.tsv", true},
      {"capture\tASSAULT", "capture\tASSAULT ", false},
      {"12345678", "1234567", false},  // a whole word against a tail
      {"\0"s, "", false},              // a NUL byte is a byte
      {std::string(4096, 'x'), std::string(4095, 'x') + "y", false},
  };
  for (const auto& c : cases) {
    Fingerprint x, y;
    x.add_bytes(c.a);
    y.add_bytes(c.b);
    EXPECT_EQ(x.hex() == y.hex(), c.same) << "'" << c.a.substr(0, 20) << "' vs '" << c.b.substr(0, 20) << "'";
    EXPECT_EQ(x.hex().size(), 32u);
  }
}

TEST(Fingerprint, SplitsDoNotCollide) {
  // "ab"+"c" and "a"+"bc" are different inputs (file boundaries count).
  Fingerprint x, y;
  x.add_bytes("ab");
  x.add_bytes("c");
  y.add_bytes("a");
  y.add_bytes("bc");
  EXPECT_NE(x.hex(), y.hex());
}

TEST_F(FingerprintTest, TreeFollowsContentAndNamesNotLocation) {
  write("events/triggers.tsv", "capture\tASSAULT\toccupy\n");
  write("places/countries.tsv", "country\tAF\tAfghanistan\n");
  const std::string before = tree(dir_);
  EXPECT_EQ(tree(dir_), before);  // stable

  // The same files elsewhere: same fingerprint (labels are relative paths).
  fs::path copy = dir_.string() + "_copy";
  fs::remove_all(copy);
  fs::copy(dir_, copy, fs::copy_options::recursive);
  EXPECT_EQ(tree(copy), before);
  fs::remove_all(copy);

  write("events/triggers.tsv", "capture\tASSAULT\toccupy\nseize\tASSAULT\toccupy\n");  // an added row
  const std::string edited = tree(dir_);
  EXPECT_NE(edited, before);

  fs::rename(dir_ / "events/triggers.tsv", dir_ / "events/triggers2.tsv");  // a renamed file
  EXPECT_NE(tree(dir_), edited);

  write("events/new.tsv", "");  // an added empty file
  EXPECT_NE(tree(dir_), edited);
}

TEST_F(FingerprintTest, MissingFileIsNotAnEmptyFile) {
  Fingerprint missing, empty;
  missing.add_file(dir_ / "model.bin", "model");
  write("model.bin", "");
  empty.add_file(dir_ / "model.bin", "model");
  EXPECT_NE(missing.hex(), empty.hex());
}

}  // namespace
}  // namespace sitrep
