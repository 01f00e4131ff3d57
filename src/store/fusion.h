// Fusion: per-article events about the same happening become one fused event that lists
// every source and claim (issue 7). Two parts:
//   FusionEngine  decides membership, incrementally: an event joins the best compatible
//                 existing cluster or starts a new one. Candidates come from hash buckets
//                 keyed by (date bucket, grid cell) and (date bucket, district), so adding n
//                 events costs O(n) expected lookups, independent of what is stored.
//   fuse()        computes the fused record of one cluster from its members (type by vote,
//                 the tightest date, the most precise place, actors united, fatalities
//                 low = smallest, high = largest, best = the most conservative figure).
// The rules (distance, slack, type groups) are data: data/store/fusion.tsv.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "events/event.h"

namespace sitrep::store {

struct FusionRules {
  double max_km = 25.0;
  int date_slack_days = 1;
  int max_span_days = 7;
  std::unordered_map<std::string, std::string> type_group;  // PLOVER type -> group name
  std::vector<std::string> unfused_flags;
  std::vector<std::string> unfused_features;

  // Reads data/store/fusion.tsv (or `path`); nullopt with a reason on a malformed file.
  static std::optional<FusionRules> load(const std::filesystem::path& path, std::string* error);
  static std::optional<FusionRules> load_default(std::string* error);
};

// What the engine needs to know of one cluster to test a new event against it. Persisted by
// the store (encode/decode) so a later ingest resumes without re-reading member records.
struct ClusterKey {
  uint64_t group = 0;          // hash of the type group
  int32_t max_start = 0;       // latest member start (days since epoch)
  int32_t min_end = 0;         // earliest member end: every member overlaps [max_start, min_end] +- slack
  bool has_coords = false;
  double lat = 0, lon = 0;     // founding member's point
  uint64_t district = 0;       // hash of country|admin1|admin2, 0 when admin2 is unknown
  uint64_t place = 0;          // hash of country|admin1|name (places without coordinates)
  std::vector<uint64_t> actors;  // sorted hashes of lower-cased actor names (actor1 and actor2)
  std::vector<int64_t> docs;     // sorted article ids of the members: one article, one member
  bool fusable = true;

  std::string encode() const;
  static std::optional<ClusterKey> decode(std::string_view bytes);
};

// The key of a single event (a one-member cluster). doc: the article's id in the store.
ClusterKey event_key(const Event& e, int64_t doc, const FusionRules& rules);

class FusionEngine {
 public:
  explicit FusionEngine(FusionRules rules);

  struct Placement {
    uint32_t cluster;  // dense index, 0..size()-1
    bool created;
  };
  // Adds one event (its key from event_key) and says which cluster it joined.
  Placement add(const ClusterKey& event);
  // Re-registers a cluster loaded from storage; returns its index.
  uint32_t restore(ClusterKey key);
  const ClusterKey& cluster(uint32_t i) const { return clusters_[i]; }
  size_t size() const { return clusters_.size(); }
  const FusionRules& rules() const { return rules_; }

  // Whether an event may join a cluster (exposed for tests).
  bool compatible(const ClusterKey& cluster, const ClusterKey& event) const;

 private:
  void index(uint32_t i);
  std::vector<uint32_t>* bucket(uint64_t key);
  template <class F>
  void for_each_candidate(const ClusterKey& e, F&& f);

  FusionRules rules_;
  std::vector<ClusterKey> clusters_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> buckets_;
  std::vector<uint32_t> seen_;  // per cluster: the last query that visited it
  uint32_t query_ = 0;
};

// Fatalities reported by one article for one event: the sum of its `killed` counts.
struct Fatalities {
  std::optional<int64_t> best, low, high;
};
Fatalities article_fatalities(const Event& e);

// Who published a member event, for its entry in `sources`.
struct SourceInfo {
  std::string doc_id, source, url, title, published;
};

// One entry of a fused event's `sources`: the article, its own event id, type, date, place,
// fatalities, counts and claims (with who claimed them), and the evidence spans with their
// words (evidence_text[i] for e.evidence[i], when known). A JSON object, one line.
std::string source_entry(const Event& e, const SourceInfo& source, const std::vector<std::string>& evidence_text);

// The fused record of one cluster, built by adding its members in store order: type by
// vote (a tie goes to the earliest), the interval every report agrees on (else the span of
// them all), the most precise place, actors united, per count kind low = smallest,
// high = largest, best = the most conservative (smallest) article figure, claims and flags
// united. Adding is O(1) in the number of members, so a happening reported by thousands of
// articles costs no more per article than one reported twice; state() and restore() carry
// the accumulated state between ingests.
class FusedEvent {
 public:
  explicit FusedEvent(std::string fused_id);
  static std::optional<FusedEvent> restore(std::string_view state, std::string* error);

  void add(const Event& member);
  size_t members() const { return members_; }

  // The spec's event (event_id = the fused id, doc_id = the first source's) plus
  // `fatalities` {best, low, high, reports}; the store appends `sources`.
  nlohmann::ordered_json record() const;
  std::string state() const;

 private:
  struct TypeVote {
    std::string type, mode, acled_type, acled_sub, cameo;
    int votes = 0;
  };
  struct CountRange {
    std::string what;
    int64_t best = 0, low = 0, high = 0;
    int reports = 0;
  };
  std::string id_;
  size_t members_ = 0;
  std::vector<TypeVote> types_;
  std::vector<EventDate> dates_;   // distinct member intervals, first seen first
  Event rep_;                      // location, actors, claims, flags, evidence, confidence, doc_id
  std::vector<CountRange> counts_;
};

}  // namespace sitrep::store
