// Territorial control: who holds which place, as the article says it.
// The events stage writes one ControlClaim per place and statement: from captures and
// retakings of the place itself ("the Taliban captured Faizabad overnight"; "Afghan soldiers
// recaptured two districts in Balkh" gives no province), repelled attacks (the defender
// holds the place), surrenders and handovers, and control statements
// ("Panjshir ... remains outside the control of the Taliban" -> held by whoever the article
// says holds it, here the National Resistance Front). The store keeps the latest claim per place.
#pragma once

#include <string>

#include "events/event.h"

namespace sitrep {

struct ControlClaim {
  EventLocation place;     // the place held (geocoded as for events)
  std::string controller;  // canonical actor name (data/events/actors.tsv); never empty
  std::string controller_kind;  // actor kind of the controller (state_forces, rebel_group, ...)
  EventDate date;          // since when it is held (capture date) or as of when (statement date)
  std::string basis;       // how we know: capture, retake, repelled, surrender, handover, statement
  std::string event_id;    // the event that set it; empty for a bare statement
  std::string text;        // the words of the claim
  EventEvidence evidence;  // where they are in the cleaned article text
};

// JSON object (same conventions as events: fixed key order, byte-stable).
nlohmann::json to_json(const ControlClaim& c);
std::string to_json_line(const ControlClaim& c);

}  // namespace sitrep
