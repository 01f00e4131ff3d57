// Territorial control: who holds which place, since when, and on what evidence. Facts come
// from events that change hands (captures, retakings, surrenders, handovers: the rules are
// data/store/control.tsv) and from control statements the events stage reads ("Panjshir is
// the only province outside Taliban control"). The store keeps every fact; a query as of a
// date takes, per place, the latest fact dated on or before it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "events/event.h"

namespace sitrep::store {

struct ControlFact {
  EventLocation place;
  std::string controller;
  std::string since;     // YYYY-MM-DD: the last day of the event's interval (known by then)
  std::string basis;     // capture, retake, surrender, handover, statement, ...
  std::string event_id;  // the event or statement that set it
  std::string evidence;  // the words of the article
};

struct ControlRule {
  std::string type, mode, sub_event_type;  // "*" matches anything
  std::string basis;
  bool controller_is_actor2 = false;
};

class ControlRules {
 public:
  static std::optional<ControlRules> load(const std::filesystem::path& path, std::string* error);
  static std::optional<ControlRules> load_default(std::string* error);

  // The fact an event establishes, if any. Negated, future and hypothetical events and
  // country-wide places establish nothing.
  std::optional<ControlFact> from_event(const Event& e, std::string evidence) const;

  const std::vector<ControlRule>& rules() const { return rules_; }

 private:
  std::vector<ControlRule> rules_;
};

// Two facts are about the same place when their keys are equal.
std::string control_place_key(const EventLocation& place);

// One row of `sitrep control`.
struct ControlRow {
  ControlFact fact;
  std::string as_of;
  std::string doc_id;  // the article it came from
  std::string source;
};

}  // namespace sitrep::store
