#include "events/control.h"

#include <nlohmann/json.hpp>

namespace sitrep {
namespace {

nlohmann::ordered_json to_ordered(const ControlClaim& c) {
  using nlohmann::ordered_json;
  const auto& l = c.place;
  ordered_json j;
  j["place"] = {{"name", l.name}, {"feature", l.feature}, {"admin1", l.admin1}, {"admin2", l.admin2},
                {"country", l.country},
                {"lat", l.lat ? ordered_json(*l.lat) : ordered_json(nullptr)},
                {"lon", l.lon ? ordered_json(*l.lon) : ordered_json(nullptr)},
                {"precision", l.precision}, {"gazetteer_id", l.gazetteer_id}, {"text", l.text}};
  j["controller"] = c.controller;
  j["controller_kind"] = c.controller_kind;
  j["date"] = {{"start", c.date.start}, {"end", c.date.end}, {"precision", c.date.precision},
               {"text", c.date.text}, {"anchor", c.date.anchor}};
  j["basis"] = c.basis;
  j["event_id"] = c.event_id;
  j["text"] = c.text;
  j["evidence"] = {{"sentence", c.evidence.sentence}, {"start", c.evidence.start}, {"end", c.evidence.end}};
  return j;
}

}  // namespace

nlohmann::json to_json(const ControlClaim& c) { return nlohmann::json(to_ordered(c)); }

std::string to_json_line(const ControlClaim& c) {
  return to_ordered(c).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sitrep
