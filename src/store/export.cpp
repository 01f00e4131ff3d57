#include "store/export.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace sitrep::store {
namespace {

using nlohmann::ordered_json;

std::string str(const ordered_json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string num(const ordered_json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.5f", v.get<double>());
    return buf;
  }
  return {};
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> names(const ordered_json& actors) {
  std::vector<std::string> out;
  if (actors.is_array())
    for (const auto& a : actors) out.push_back(str(a, "name"));
  return out;
}

std::string join(const std::vector<std::string>& v, size_t from, std::string_view sep) {
  std::string out;
  for (size_t i = from; i < v.size(); ++i) {
    if (i > from) out += sep;
    out += v[i];
  }
  return out;
}

// ACLED's time_precision: 1 the day, 2 within a week, 3 within a month or vaguer.
std::string time_precision(const std::string& p) {
  if (p == "day") return "1";
  if (p == "days" || p == "week") return "2";
  return "3";
}

std::vector<std::string> source_names(const ordered_json& rec) {
  std::vector<std::string> out;
  for (const auto& s : rec["sources"]) {
    std::string name = str(s, "source");
    if (name.empty()) name = str(s, "doc_id");
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

// One sentence of evidence per source, for the notes column.
std::string notes(const ordered_json& rec) {
  std::vector<std::string> parts;
  for (const auto& s : rec["sources"]) {
    const auto& ev = s["evidence"];
    if (ev.is_array() && !ev.empty() && !str(ev[0], "text").empty())
      parts.push_back(str(s, "doc_id") + ": " + str(ev[0], "text"));
  }
  return join(parts, 0, " | ");
}

// The CSV / GeoJSON properties, in kCsvColumns order.
std::vector<std::pair<std::string, ordered_json>> properties(const ordered_json& rec) {
  const auto& loc = rec["location"];
  const auto& fat = rec["fatalities"];
  const auto& acled = rec["acled"];
  auto a1 = names(rec["actor1"]), a2 = names(rec["actor2"]);
  auto sources = source_names(rec);
  return {
      {"event_id", rec["event_id"]},
      {"event_date", rec["date"]["start"]},
      {"time_precision", std::stoi(time_precision(str(rec["date"], "precision")))},
      {"event_type", acled.is_object() ? acled["event_type"] : ordered_json("")},
      {"sub_event_type", acled.is_object() ? acled["sub_event_type"] : ordered_json("")},
      {"actor1", a1.empty() ? "" : a1[0]},
      {"assoc_actor_1", join(a1, 1, "; ")},
      {"actor2", a2.empty() ? "" : a2[0]},
      {"assoc_actor_2", join(a2, 1, "; ")},
      {"country", loc["country"]},
      {"admin1", loc["admin1"]},
      {"admin2", loc["admin2"]},
      {"location", loc["name"]},
      {"latitude", loc["lat"]},
      {"longitude", loc["lon"]},
      {"geo_precision", loc["precision"]},
      {"fatalities", fat["best"]},
      {"fatalities_low", fat["low"]},
      {"fatalities_high", fat["high"]},
      {"sources_count", rec["sources"].size()},
      {"source", join(sources, 0, "; ")},
      {"notes", notes(rec)},
      {"plover_type", rec["type"]},
      {"plover_mode", rec["mode"].is_string() ? rec["mode"] : ordered_json("")},
  };
}

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string clip(std::string s, size_t width) {
  if (display_width(s) <= width) return s;
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++n == width) break;
  }
  s.resize(i);
  return s + "…";
}

void print_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                 std::ostream& out) {
  std::vector<size_t> w(header.size());
  for (size_t c = 0; c < header.size(); ++c) w[c] = display_width(header[c]);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) w[c] = std::max(w[c], display_width(r[c]));
  auto line = [&](const std::vector<std::string>& r) {
    std::string s;
    for (size_t c = 0; c < r.size(); ++c) {
      s += r[c];
      if (c + 1 < r.size()) s += std::string(w[c] - display_width(r[c]) + 2, ' ');
    }
    out << s << '\n';
  };
  line(header);
  std::vector<std::string> rule;
  for (size_t c = 0; c < header.size(); ++c) rule.push_back(std::string(w[c], '-'));
  line(rule);
  for (const auto& r : rows) line(r);
}

std::string fatalities_cell(const ordered_json& fat) {
  if (!fat["best"].is_number()) return "-";
  std::string s = num(fat["best"]);
  std::string lo = num(fat["low"]), hi = num(fat["high"]);
  if (lo != s || hi != s) s += " (" + lo + "-" + hi + ")";
  return s;
}

}  // namespace

std::optional<EventFormat> parse_event_format(std::string_view n) {
  if (n == "jsonl") return EventFormat::jsonl;
  if (n == "csv") return EventFormat::csv;
  if (n == "geojson") return EventFormat::geojson;
  if (n == "table") return EventFormat::table;
  return std::nullopt;
}

std::optional<ControlFormat> parse_control_format(std::string_view n) {
  if (n == "table") return ControlFormat::table;
  if (n == "jsonl") return ControlFormat::jsonl;
  return std::nullopt;
}

EventWriter::EventWriter(EventFormat format, std::ostream& out) : format_(format), out_(out) {
  if (format_ == EventFormat::csv) out_ << kCsvColumns << '\n';
  if (format_ == EventFormat::geojson) out_ << "{\"type\":\"FeatureCollection\",\"features\":[";
}

void EventWriter::add(std::string_view record) {
  if (format_ == EventFormat::jsonl) {
    out_ << record << '\n';
    ++count_;
    return;
  }
  ordered_json rec = ordered_json::parse(record, nullptr, false);
  if (rec.is_discarded()) return;
  if (format_ == EventFormat::csv) {
    std::vector<std::string> fields;
    for (const auto& [key, v] : properties(rec))
      fields.push_back(csv_field(v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : num(v)));
    out_ << join(fields, 0, ",") << '\n';
  } else if (format_ == EventFormat::geojson) {
    ordered_json props = ordered_json::object();
    for (auto& [key, v] : properties(rec)) props[key] = v;
    const auto& loc = rec["location"];
    ordered_json f = {{"type", "Feature"},
                      {"geometry", loc["lat"].is_number() && loc["lon"].is_number()
                                       ? ordered_json{{"type", "Point"}, {"coordinates", {loc["lon"], loc["lat"]}}}
                                       : ordered_json(nullptr)},
                      {"properties", props}};
    out_ << (count_ ? ",\n" : "\n") << f.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    const auto& loc = rec["location"];
    std::string place = str(loc, "name");
    if (!str(loc, "admin1").empty() && str(loc, "admin1") != place) place += ", " + str(loc, "admin1");
    std::string type = str(rec, "type");
    if (rec["acled"].is_object()) type += " / " + str(rec["acled"], "sub_event_type");
    std::string actors = join(names(rec["actor1"]), 0, ", ");
    if (auto a2 = names(rec["actor2"]); !a2.empty()) actors += " vs " + join(a2, 0, ", ");
    std::string date = str(rec["date"], "start");
    if (str(rec["date"], "end") != date) date += ".." + str(rec["date"], "end").substr(5);
    rows_.push_back({date, clip(place, 28), clip(type, 40), clip(actors, 48), fatalities_cell(rec["fatalities"]),
                     std::to_string(rec["sources"].size())});
  }
  ++count_;
}

void EventWriter::finish() {
  if (format_ == EventFormat::geojson) out_ << (count_ ? "\n" : "") << "]}\n";
  if (format_ == EventFormat::table) {
    print_table({"date", "place", "type", "actors", "killed", "sources"}, rows_, out_);
    rows_.clear();
  }
  out_.flush();
}

void write_control(const std::vector<ControlRow>& rows, ControlFormat format, std::ostream& out) {
  if (format == ControlFormat::jsonl) {
    for (const auto& r : rows) {
      const auto& p = r.fact.place;
      ordered_json j = {
          {"place", p.name},
          {"admin1", p.admin1},
          {"country", p.country},
          {"lat", p.lat ? ordered_json(*p.lat) : ordered_json(nullptr)},
          {"lon", p.lon ? ordered_json(*p.lon) : ordered_json(nullptr)},
          {"controller", r.fact.controller},
          {"since", r.fact.since},
          {"as_of", r.as_of},
          {"event_id", r.fact.event_id},
          {"evidence", {{"basis", r.fact.basis}, {"doc_id", r.doc_id}, {"source", r.source},
                        {"text", r.fact.evidence}}}};
      out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
    return;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& r : rows) {
    std::string place = r.fact.place.name;
    if (!r.fact.place.admin1.empty() && r.fact.place.admin1 != place) place += ", " + r.fact.place.admin1;
    std::string by = r.fact.basis + " (" + (r.source.empty() ? r.doc_id : r.source) + ")";
    table.push_back({clip(place, 32), r.fact.place.country, clip(r.fact.controller, 32), r.fact.since, clip(by, 40),
                     clip(r.fact.evidence, 70)});
  }
  out << "as of " << (rows.empty() ? std::string("-") : rows.front().as_of) << '\n';
  print_table({"place", "country", "held by", "since", "set by", "evidence"}, table, out);
}

bool query_events(const std::filesystem::path& db, const EventQuery& q, EventFormat format, std::ostream& out,
                  std::string* error) {
  auto store = Store::open(db, Store::Mode::read, error);
  if (!store) return false;
  EventWriter writer(format, out);
  bool ok = store->fused_events(q, [&](std::string_view rec) { writer.add(rec); }, error);
  writer.finish();
  return ok;
}

bool query_control(const std::filesystem::path& db, const std::string& as_of, const std::string& country,
                   ControlFormat format, std::ostream& out, std::string* error) {
  auto store = Store::open(db, Store::Mode::read, error);
  if (!store) return false;
  auto rows = store->control(as_of, country, error);
  if (!rows) return false;
  write_control(*rows, format, out);
  return true;
}

}  // namespace sitrep::store
