#include "store/control.h"

#include <algorithm>

#include "core/data_file.h"
#include "core/paths.h"
#include "core/text.h"

namespace sitrep::store {

std::optional<ControlRules> ControlRules::load(const std::filesystem::path& path, std::string* error) {
  auto lines = read_data_lines(path, error);
  if (!lines) return std::nullopt;
  ControlRules r;
  for (const DataLine& line : *lines) {
    const std::vector<std::string>& f = line.fields;
    if (f.size() != 5 || (f[4] != "actor1" && f[4] != "actor2")) {
      if (error)
        *error = path.string() + ":" + std::to_string(line.number) +
                 ": expected type, mode, sub-event type, basis, actor1|actor2 separated by tabs";
      return std::nullopt;
    }
    r.rules_.push_back({f[0], f[1], f[2], f[3], f[4] == "actor2"});
  }
  return r;
}

std::optional<ControlRules> ControlRules::load_default(std::string* error) {
  return load(data_dir() / "store" / "control.tsv", error);
}

std::optional<ControlFact> ControlRules::from_event(const Event& e, std::string evidence) const {
  for (const char* f : {"negated", "future", "hypothetical"})
    if (std::find(e.flags.begin(), e.flags.end(), f) != e.flags.end()) return std::nullopt;
  if (e.location.name.empty() || e.location.feature == "country") return std::nullopt;
  auto match = [](const std::string& want, const std::string& have) { return want == "*" || want == have; };
  for (const auto& r : rules_) {
    if (!match(r.type, e.type) || !match(r.mode, e.mode) || !match(r.sub_event_type, e.acled_sub_event_type))
      continue;
    const auto& side = r.controller_is_actor2 ? e.actor2 : e.actor1;
    if (side.empty() || side.front().name.empty()) return std::nullopt;
    ControlFact f;
    f.place = e.location;
    f.controller = side.front().name;
    f.since = e.date.end.empty() ? e.date.start : e.date.end;
    f.basis = r.basis;
    f.event_id = e.event_id;
    f.evidence = std::move(evidence);
    if (f.since.empty()) return std::nullopt;
    return f;
  }
  return std::nullopt;
}

std::string control_place_key(const EventLocation& p) {
  if (!p.gazetteer_id.empty()) return "g:" + p.gazetteer_id;
  return "n:" + ascii_lower(p.country + "|" + p.admin1 + "|" + p.name);
}

}  // namespace sitrep::store
