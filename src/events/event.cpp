#include "events/event.h"

#include <nlohmann/json.hpp>

namespace sitrep {
namespace {

using nlohmann::ordered_json;

ordered_json opt_int(const std::optional<int64_t>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

template <class T>
std::optional<T> get_opt(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

std::string get_str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ordered_json actors_json(const std::vector<EventActor>& actors) {
  ordered_json a = ordered_json::array();
  for (const auto& x : actors)
    a.push_back({{"name", x.name}, {"kind", x.kind}, {"country", x.country}, {"text", x.text}});
  return a;
}

std::vector<EventActor> actors_from(const nlohmann::json& j, const char* key) {
  std::vector<EventActor> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& x : *it)
    out.push_back({get_str(x, "name"), get_str(x, "kind"), get_str(x, "country"), get_str(x, "text")});
  return out;
}

ordered_json to_ordered(const Event& e) {
  ordered_json j;
  j["schema"] = e.schema;
  j["event_id"] = e.event_id;
  j["doc_id"] = e.doc_id;
  j["type"] = e.type;
  j["mode"] = e.mode.empty() ? ordered_json(nullptr) : ordered_json(e.mode);
  if (e.acled_event_type.empty())
    j["acled"] = nullptr;
  else
    j["acled"] = {{"event_type", e.acled_event_type}, {"sub_event_type", e.acled_sub_event_type}};
  j["cameo"] = e.cameo.empty() ? ordered_json(nullptr) : ordered_json(e.cameo);
  j["date"] = {{"start", e.date.start}, {"end", e.date.end}, {"precision", e.date.precision},
               {"text", e.date.text}, {"anchor", e.date.anchor}};
  j["actor1"] = actors_json(e.actor1);
  j["actor2"] = actors_json(e.actor2);
  const auto& l = e.location;
  j["location"] = {{"name", l.name}, {"feature", l.feature}, {"admin1", l.admin1}, {"admin2", l.admin2},
                   {"country", l.country},
                   {"lat", l.lat ? ordered_json(*l.lat) : ordered_json(nullptr)},
                   {"lon", l.lon ? ordered_json(*l.lon) : ordered_json(nullptr)},
                   {"precision", l.precision}, {"gazetteer_id", l.gazetteer_id}, {"text", l.text}};
  j["counts"] = ordered_json::array();
  for (const auto& c : e.counts)
    j["counts"].push_back({{"what", c.what}, {"best", opt_int(c.best)}, {"low", opt_int(c.low)},
                           {"high", opt_int(c.high)}, {"qualifier", c.qualifier}, {"of", c.of},
                           {"claimed_by", c.claimed_by}, {"text", c.text}});
  j["claims"] = ordered_json::array();
  for (const auto& c : e.claims) j["claims"].push_back({{"by", c.by}, {"stance", c.stance}, {"text", c.text}});
  j["flags"] = e.flags;
  j["evidence"] = ordered_json::array();
  for (const auto& ev : e.evidence)
    j["evidence"].push_back({{"sentence", ev.sentence}, {"start", ev.start}, {"end", ev.end}});
  j["confidence"] = e.confidence;
  return j;
}

}  // namespace

nlohmann::json to_json(const Event& e) { return nlohmann::json(to_ordered(e)); }

std::string to_json_line(const Event& e) {
  return to_ordered(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Event> event_from_json(const nlohmann::json& j, std::string* error) {
  try {
    if (!j.is_object()) throw std::runtime_error("not a JSON object");
    Event e;
    e.schema = j.value("schema", 1);
    if (e.schema != 1) throw std::runtime_error("unsupported schema " + std::to_string(e.schema));
    e.event_id = get_str(j, "event_id");
    e.doc_id = get_str(j, "doc_id");
    e.type = get_str(j, "type");
    if (e.type.empty()) throw std::runtime_error("missing type");
    e.mode = get_str(j, "mode");
    if (auto a = j.find("acled"); a != j.end() && a->is_object()) {
      e.acled_event_type = get_str(*a, "event_type");
      e.acled_sub_event_type = get_str(*a, "sub_event_type");
    }
    e.cameo = get_str(j, "cameo");
    if (auto d = j.find("date"); d != j.end() && d->is_object())
      e.date = {get_str(*d, "start"), get_str(*d, "end"), get_str(*d, "precision"), get_str(*d, "text"),
                get_str(*d, "anchor")};
    e.actor1 = actors_from(j, "actor1");
    e.actor2 = actors_from(j, "actor2");
    if (auto l = j.find("location"); l != j.end() && l->is_object()) {
      auto& L = e.location;
      L.name = get_str(*l, "name");
      L.feature = get_str(*l, "feature");
      L.admin1 = get_str(*l, "admin1");
      L.admin2 = get_str(*l, "admin2");
      L.country = get_str(*l, "country");
      L.lat = get_opt<double>(*l, "lat");
      L.lon = get_opt<double>(*l, "lon");
      L.precision = l->value("precision", 3);
      L.gazetteer_id = get_str(*l, "gazetteer_id");
      L.text = get_str(*l, "text");
    }
    if (auto cs = j.find("counts"); cs != j.end() && cs->is_array())
      for (const auto& c : *cs)
        e.counts.push_back({get_str(c, "what"), get_opt<int64_t>(c, "best"), get_opt<int64_t>(c, "low"),
                            get_opt<int64_t>(c, "high"), get_str(c, "qualifier"), get_str(c, "of"),
                            get_str(c, "claimed_by"), get_str(c, "text")});
    if (auto cs = j.find("claims"); cs != j.end() && cs->is_array())
      for (const auto& c : *cs) e.claims.push_back({get_str(c, "by"), get_str(c, "stance"), get_str(c, "text")});
    if (auto fs = j.find("flags"); fs != j.end() && fs->is_array())
      for (const auto& f : *fs) e.flags.push_back(f.get<std::string>());
    if (auto es = j.find("evidence"); es != j.end() && es->is_array())
      for (const auto& ev : *es)
        e.evidence.push_back({ev.value("sentence", 0u), ev.value("start", 0u), ev.value("end", 0u)});
    e.confidence = j.value("confidence", 0.0);
    return e;
  } catch (const std::exception& ex) {
    if (error) *error = ex.what();
    return std::nullopt;
  }
}

}  // namespace sitrep
