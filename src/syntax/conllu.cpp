#include "syntax/conllu.h"

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

namespace sitrep::syntax {
namespace {

bool parse_int(std::string_view s, int& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

// Splits a line into exactly `n` tab-separated fields; false when the count differs.
bool split_tabs(std::string_view line, std::string_view* fields, int n) {
  int k = 0;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == '\t') {
      if (k == n) return false;
      fields[k++] = line.substr(start, i - start);
      start = i + 1;
    }
  }
  return k == n;
}

}  // namespace

void parse_conllu(std::string_view text, const std::string& origin, std::vector<TreebankSentence>& out,
                  Diagnostics& diag) {
  TreebankSentence cur;
  std::vector<int> raw_heads;  // 1-based, 0 = root, as in the file
  uint64_t line_no = 0, first_line = 0;
  std::string bad;  // reason the current sentence is malformed; empty while it is fine
  auto finish = [&] {
    if (cur.forms.empty() && bad.empty()) { cur = {}; first_line = 0; return; }
    if (bad.empty())
      for (size_t i = 0; i < raw_heads.size(); ++i) {
        if (raw_heads[i] < 0 || raw_heads[i] > static_cast<int>(raw_heads.size())) {
          bad = "head " + std::to_string(raw_heads[i]) + " of token " + std::to_string(i + 1) + " is out of range";
          break;
        }
        cur.heads.push_back(raw_heads[i] - 1);
      }
    if (!bad.empty()) {
      diag.skip(origin, first_line, "malformed sentence: " + bad);
    } else {
      if (cur.id.empty()) cur.id = origin + ":" + std::to_string(first_line);
      out.push_back(std::move(cur));
    }
    cur = {};
    raw_heads.clear();
    bad.clear();
    first_line = 0;
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    bool at_end = nl >= text.size();
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      finish();
      if (at_end) break;
      continue;
    }
    if (first_line == 0) first_line = line_no;
    if (line[0] == '#') {
      constexpr std::string_view kId = "# sent_id = ";
      if (line.substr(0, kId.size()) == kId) cur.id = std::string(line.substr(kId.size()));
      if (at_end) { finish(); break; }
      continue;
    }
    if (!bad.empty()) { if (at_end) { finish(); break; } continue; }
    std::string_view f[10];
    if (!split_tabs(line, f, 10)) {
      bad = "line " + std::to_string(line_no) + " does not have 10 tab-separated columns";
    } else if (f[0].find('-') != std::string_view::npos || f[0].find('.') != std::string_view::npos) {
      // multiword-token range or empty node: not a syntactic word
    } else {
      int id = 0, head = 0;
      if (!parse_int(f[0], id) || id != static_cast<int>(cur.forms.size()) + 1) {
        bad = "line " + std::to_string(line_no) + ": token id '" + std::string(f[0]) + "' out of sequence";
      } else if (!parse_int(f[6], head)) {
        bad = "line " + std::to_string(line_no) + ": head '" + std::string(f[6]) + "' is not a number";
      } else if (f[1].empty()) {
        bad = "line " + std::to_string(line_no) + ": empty form";
      } else {
        cur.forms.emplace_back(f[1]);
        cur.lemmas.emplace_back(f[2]);
        cur.upos.emplace_back(f[3]);
        cur.xpos.emplace_back(f[4]);
        raw_heads.push_back(head);
        cur.deprels.emplace_back(f[7]);
      }
    }
    if (at_end) { finish(); break; }
  }
  finish();
}

bool read_conllu(const std::filesystem::path& path, std::vector<TreebankSentence>& out, Diagnostics& diag,
                 std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = "cannot read " + path.string();
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  parse_conllu(ss.str(), path.string(), out, diag);
  return true;
}

namespace {

// CoNLL-U fields cannot hold tabs or newlines; a token never should, but be safe.
void append_field(std::string& out, std::string_view s) {
  if (s.empty()) { out += '_'; return; }
  for (char c : s) out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
}

// One token line: ID FORM LEMMA UPOS XPOS _ HEAD DEPREL _ MISC.
void append_token(std::string& out, size_t k, std::string_view form, const ParsedSentence& parsed, bool touches) {
  out += std::to_string(k + 1);
  out += '\t';
  append_field(out, form);
  out += '\t';
  append_field(out, parsed.lemma[k]);
  out += '\t';
  append_field(out, parsed.upos[k]);
  out += '\t';
  append_field(out, parsed.xpos[k]);
  out += "\t_\t";
  out += std::to_string(parsed.head[k] + 1);
  out += '\t';
  append_field(out, parsed.deprel[k]);
  out += "\t_\t";
  out += touches ? "SpaceAfter=No" : "_";
  out += '\n';
}

}  // namespace

void append_conllu(const Document& doc, size_t index, const ParsedSentence& parsed, std::string& out) {
  const Sentence& s = doc.sentences[index];
  out += "# sent_id = ";
  out += doc.id.empty() ? "doc" : doc.id;
  out += '-';
  out += std::to_string(index + 1);
  out += "\n# text = ";
  std::string_view text = doc.slice(s.span);
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  out += '\n';
  for (uint32_t k = 0; k < s.token_count && k < parsed.size(); ++k) {
    const Token& tok = doc.tokens[s.first_token + k];
    const bool last = k + 1 == s.token_count;
    const bool touches = !last && doc.tokens[s.first_token + k + 1].span.start == tok.span.end;
    append_token(out, k, doc.slice(tok.span), parsed, touches);
  }
  out += '\n';
}

void append_conllu(const TreebankSentence& sentence, const ParsedSentence& parsed, std::string& out) {
  out += "# sent_id = ";
  append_field(out, sentence.id);
  out += '\n';
  for (size_t k = 0; k < sentence.size() && k < parsed.size(); ++k)
    append_token(out, k, sentence.forms[k], parsed, false);
  out += '\n';
}

bool is_projective(const std::vector<int>& heads) {
  const int n = static_cast<int>(heads.size());
  for (int i = 0; i < n; ++i) {
    int a = std::min(i, heads[i]), b = std::max(i, heads[i]);  // root arc: from -1
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      int c = std::min(j, heads[j]), d = std::max(j, heads[j]);
      if ((c > a && c < b && d > b) || (d > a && d < b && c < a)) return false;
    }
  }
  return true;
}

std::vector<std::string> sorted_values(const std::vector<TreebankSentence>& data,
                                       std::vector<std::string> TreebankSentence::*column) {
  std::set<std::string> values;
  for (const auto& sentence : data) values.insert((sentence.*column).begin(), (sentence.*column).end());
  return {values.begin(), values.end()};
}

}  // namespace sitrep::syntax
