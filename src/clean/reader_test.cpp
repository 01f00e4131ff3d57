// Readers: one test per input form, and bad input (malformed JSON line, invalid UTF-8,
// binary, empty, 50 MB, unreadable path) reported with file and line, never fatal.
#include "clean/reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace sitrep::clean {
namespace {
namespace fs = std::filesystem;

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sitrep_reader_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    auto p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  std::vector<Document> read(const std::vector<std::string>& inputs) {
    std::vector<Document> docs;
    read_documents(inputs, diags_, [&](Document&& d) { docs.push_back(std::move(d)); });
    return docs;
  }
  static std::string gzip(const std::string& data) {
    z_stream zs{};
    deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(compressBound(static_cast<uLong>(data.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
  }
  fs::path dir_;
  Diagnostics diags_;
};

const char* kArticle =
    "Taliban seize Faizabad\n\n"
    "The Taliban captured Faizabad overnight, a local lawmaker said on Wednesday.\n\n"
    "It was the ninth provincial capital to fall in less than a week.\n";

const char* kHtml =
    "<!doctype html><html><head><title>Taliban seize Faizabad | Example News</title>"
    "<meta property=\"og:title\" content=\"Taliban seize Faizabad\">"
    "<meta property=\"article:published_time\" content=\"2021-08-11T08:00:00Z\">"
    "<link rel=\"canonical\" href=\"https://example.com/faizabad\"></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
    "<div class=\"share-bar\"><a>Share on Facebook</a></div>"
    "<article><h1>Taliban seize Faizabad</h1>"
    "<p>The Taliban captured Faizabad overnight, a local lawmaker told AFP on Wednesday, making it the ninth city to fall.</p>"
    "<p>Security forces had retreated after days of heavy clashes, said Zabihullah Attiq, a member of parliament.</p>"
    "<p>Government forces were also battling the insurgents in Kandahar and Helmand, officials said.</p>"
    "</article><aside class=\"related\"><h3>Related</h3><ul><li><a href=\"/x\">Taliban take Kunduz</a></li></ul></aside>"
    "<footer>Copyright 2021</footer></body></html>";

TEST_F(ReaderTest, PlainTextFile) {
  auto docs = read({write("faizabad.txt", kArticle)});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "faizabad");
  EXPECT_EQ(docs[0].title, "Taliban seize Faizabad");
  EXPECT_EQ(docs[0].sentences.size(), 3u);
  EXPECT_FALSE(diags_.skipped_any());
}

TEST_F(ReaderTest, HardWrappedTextIsUnwrapped) {
  std::string text;
  for (int i = 0; i < 8; ++i) text += "The Taliban captured the city overnight after heavy fighting in the\n";
  text += "north.\n";
  auto docs = read({write("wrapped.txt", text)});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].text.find('\n'), std::string::npos);
}

TEST_F(ReaderTest, HtmlFileWithMetadata) {
  auto docs = read({write("page.html", kHtml)});
  ASSERT_EQ(docs.size(), 1u);
  const auto& d = docs[0];
  EXPECT_EQ(d.title, "Taliban seize Faizabad");
  EXPECT_EQ(d.url, "https://example.com/faizabad");
  EXPECT_EQ(d.published, "2021-08-11");
  EXPECT_EQ(d.published_from, "meta");
  EXPECT_NE(d.text.find("captured Faizabad overnight"), std::string::npos);
  EXPECT_NE(d.text.find("Kandahar and Helmand"), std::string::npos);
  EXPECT_EQ(d.text.find("Share on Facebook"), std::string::npos);
  EXPECT_EQ(d.text.find("Taliban take Kunduz"), std::string::npos);
  EXPECT_EQ(d.text.find("Copyright"), std::string::npos);
  EXPECT_EQ(d.text.find("Home"), std::string::npos);
}

TEST_F(ReaderTest, HtmlJsonLdAndTimeDates) {
  std::string body = "<p>The Taliban captured Faizabad overnight, a local lawmaker told AFP on Wednesday, officials said.</p>";
  std::string ld = "<html><head><script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"NewsArticle\","
                   "\"headline\":\"Faizabad falls\",\"datePublished\":\"2021-08-11T10:00:00+04:30\"}]}</script></head><body>" +
                   body + "</body></html>";
  std::string tm = "<html><body><time datetime=\"2021-08-12\">Aug 12</time>" + body + "</body></html>";
  auto docs = read({write("a.html", ld), write("b.htm", tm)});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].published, "2021-08-11");
  EXPECT_EQ(docs[0].published_from, "jsonld");
  EXPECT_EQ(docs[0].title, "Faizabad falls");
  EXPECT_EQ(docs[1].published, "2021-08-12");
  EXPECT_EQ(docs[1].published_from, "time");
}

TEST_F(ReaderTest, RecordDateWinsOverPageDates) {
  std::string line = "{\"id\":\"x\",\"published\":\"2021-08-10\",\"html\":\"<html><head><meta property='article:published_time' content='2020-01-01'></head><body><p>The Taliban captured Faizabad overnight, a lawmaker said.</p></body></html>\"}\n";
  auto docs = read({write("feed.jsonl", line)});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].published, "2021-08-10");
  EXPECT_EQ(docs[0].published_from, "record");
}

TEST_F(ReaderTest, JsonLinesWithTextAndHtmlRecords) {
  std::string jl = "{\"id\":\"a1\",\"text\":\"The Taliban captured Faizabad overnight.\",\"source\":\"AFP\",\"published\":\"2021-08-11\"}\n"
                   "\n"
                   "{\"id\":7,\"html\":\"<p>The Taliban captured Kunduz on Sunday after weeks of fighting, officials said.</p>\",\"url\":\"https://x.org/k\"}\n"
                   "{\"text\":\"No id here, so the file name and line give one.\"}\n";
  auto docs = read({write("feed.jsonl", jl)});
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].id, "a1");
  EXPECT_EQ(docs[0].source, "AFP");
  EXPECT_EQ(docs[0].published, "2021-08-11");
  EXPECT_EQ(docs[1].id, "7");
  EXPECT_EQ(docs[1].url, "https://x.org/k");
  EXPECT_NE(docs[1].text.find("captured Kunduz"), std::string::npos);
  EXPECT_EQ(docs[2].id, "feed-4");
  EXPECT_EQ(docs[2].origin.substr(docs[2].origin.size() - 7), "jsonl:4");
  EXPECT_FALSE(diags_.skipped_any());
}

TEST_F(ReaderTest, EvalInputReadsAllFiveRecords) {
  auto docs = read({std::string(SITREP_SHARED_DIR) + "/eval/dev/input.jsonl"});
  ASSERT_EQ(docs.size(), 5u);
  EXPECT_EQ(docs[0].id, "000_9f945a8645a002a7");
  EXPECT_EQ(docs[4].published, "2021-08-31");
  EXPECT_EQ(docs[4].source, "EFE");
  for (const auto& d : docs) EXPECT_GT(d.sentences.size(), 8u) << d.id;
  EXPECT_FALSE(diags_.skipped_any());
}

std::string warc_record(const std::string& type, const std::string& uri, const std::string& id, const std::string& payload) {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri + "\r\nWARC-Date: 2024-04-24T10:00:00Z\r\n"
         "WARC-Record-ID: <urn:uuid:" + id + ">\r\nContent-Length: " + std::to_string(payload.size()) + "\r\n\r\n" + payload + "\r\n\r\n";
}

std::string http_response(const std::string& ctype, const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: " + ctype + "\r\n\r\n" + body;
}

TEST_F(ReaderTest, WarcAndPerRecordGzipWarc) {
  std::string r1 = warc_record("warcinfo", "", "0000", "software: test\r\n");
  std::string r2 = warc_record("request", "https://example.com/faizabad", "1111", "GET /faizabad HTTP/1.1\r\n\r\n");
  std::string r3 = warc_record("response", "https://example.com/faizabad", "2222", http_response("text/html; charset=utf-8", kHtml));
  std::string r4 = warc_record("response", "https://example.com/logo.png", "3333", http_response("image/png", "\x89PNG"));
  auto docs = read({write("crawl.warc", r1 + r2 + r3 + r4)});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "2222");
  EXPECT_EQ(docs[0].published, "2021-08-11");  // the page's date, never the crawl's WARC-Date
  EXPECT_NE(docs[0].text.find("captured Faizabad"), std::string::npos);
  auto gz = read({write("crawl.warc.gz", gzip(r1) + gzip(r2) + gzip(r3) + gzip(r4))});
  ASSERT_EQ(gz.size(), 1u);
  EXPECT_EQ(gz[0].text, docs[0].text);
  EXPECT_FALSE(diags_.skipped_any());
}

TEST_F(ReaderTest, GzippedHtml) {
  auto docs = read({write("page.html.gz", gzip(kHtml))});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "page");
  EXPECT_NE(docs[0].text.find("captured Faizabad"), std::string::npos);
}

TEST_F(ReaderTest, DirectoriesRecursiveSortedKnownFormatsOnly) {
  write("b/two.txt", "The Taliban captured Kunduz on Sunday.");
  write("a/one.txt", "The Taliban captured Faizabad overnight.");
  write("a/notes.md", "not an article");
  write(".hidden/three.txt", "hidden");
  auto docs = read({dir_.string()});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, "one");
  EXPECT_EQ(docs[1].id, "two");
}

TEST_F(ReaderTest, MalformedJsonLineIsSkippedWithFileAndLine) {
  std::string jl = "{\"id\":\"a\",\"text\":\"The Taliban captured Faizabad.\"}\n"
                   "{\"id\":\"b\",\"text\":\"unterminated\n"
                   "[1,2]\n"
                   "{\"id\":\"c\"}\n"
                   "{\"id\":\"d\",\"text\":\"Government forces retreated.\"}\n";
  auto path = write("bad.jsonl", jl);
  auto docs = read({path});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1].id, "d");
  EXPECT_TRUE(diags_.skipped_any());
  auto all = diags_.all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].file, path);
  EXPECT_EQ(all[0].line, 2u);
  EXPECT_EQ(all[1].line, 3u);
  EXPECT_EQ(all[2].line, 4u);
}

TEST_F(ReaderTest, InvalidUtf8IsRepairedWithAWarning) {
  auto docs = read({write("latin.txt", "The Taliban captured Faizabad \xff\xfe overnight.\nKabul caf\xe9 closed.")});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_NE(docs[0].text.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_FALSE(diags_.skipped_any());
  ASSERT_EQ(diags_.all().size(), 1u);
  EXPECT_NE(diags_.all()[0].message.find("invalid UTF-8"), std::string::npos);
}

TEST_F(ReaderTest, TextIsNfc) {
  auto docs = read({write("nfc.txt", "Cafe\xCC\x81 owners in Kabul reopened.")});  // e + combining acute
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_NE(docs[0].text.find("Caf\xC3\xA9"), std::string::npos);
}

TEST_F(ReaderTest, BinaryFileIsSkipped) {
  std::string bin("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
  for (int i = 0; i < 2000; ++i) bin.push_back(static_cast<char>(i * 37 % 256));
  auto path = write("program.txt", bin);
  auto docs = read({path, write("ok.txt", "The Taliban captured Faizabad.")});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_TRUE(diags_.skipped_any());
  EXPECT_EQ(diags_.all()[0].file, path);
}

TEST_F(ReaderTest, EmptyFileWarnsButSkipsNothing) {
  auto docs = read({write("empty.txt", ""), write("blank.txt", "\n  \n")});
  EXPECT_TRUE(docs.empty());
  EXPECT_FALSE(diags_.skipped_any());
  EXPECT_EQ(diags_.all().size(), 2u);
}

TEST_F(ReaderTest, UnreadablePathIsSkippedAndTheRestRead) {
  auto docs = read({(dir_ / "missing.txt").string(), write("ok.txt", "The Taliban captured Faizabad.")});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_TRUE(diags_.skipped_any());
  EXPECT_EQ(diags_.all()[0].file, (dir_ / "missing.txt").string());
}

TEST_F(ReaderTest, FiftyMegabyteFile) {
  std::string big;
  big.reserve((50u << 20) + 200);
  for (int i = 0; big.size() < (50u << 20); ++i)
    big += "The Taliban captured district " + std::to_string(i) + " overnight, a local lawmaker told AFP on Wednesday.\n\n";
  auto docs = read({write("big.txt", big)});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_GT(docs[0].sentences.size(), 500000u);
  EXPECT_FALSE(diags_.skipped_any());
}

TEST_F(ReaderTest, CorruptGzipKeepsWhatCameBefore) {
  std::string good = gzip(warc_record("response", "https://example.com/a", "aaaa", http_response("text/html", kHtml)));
  std::string bad = gzip(warc_record("response", "https://example.com/b", "bbbb", http_response("text/html", kHtml)));
  bad.resize(bad.size() / 2);
  auto path = write("broken.warc.gz", good + bad);
  auto docs = read({path});
  EXPECT_EQ(docs.size(), 1u);
  EXPECT_TRUE(diags_.skipped_any());
}

TEST_F(ReaderTest, CleanRecordInMemory) {
  RecordInput r;
  r.id = "mem";
  r.text = "Kabul, Aug. 31 (EFE).- The Taliban launched several major attacks overnight.\n\nRelated Articles\n\nOther story";
  r.published = "2021-08-31";
  Diagnostics d;
  Document doc = clean_record(r, d);
  EXPECT_EQ(doc.published, "2021-08-31");
  EXPECT_EQ(doc.text.find("Other story"), std::string::npos);
  EXPECT_EQ(doc.removed.size(), 2u);
}

}  // namespace
}  // namespace sitrep::clean
