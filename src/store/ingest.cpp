#include "store/ingest.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <algorithm>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "clean/reader.h"

namespace sitrep::store {
namespace {

// A progress line on stderr, shown only once the ingest has run for a while (short ingests
// stay quiet) and only on a terminal unless forced. Uses the monotonic clock for elapsed
// time, never the date: nothing it prints reaches the database or stdout.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(Clock::now()), tty_(isatty(STDERR_FILENO)) {}
  void update(size_t read, size_t stored, size_t events) {
    if (!enabled_) return;
    auto now = Clock::now();
    double secs = std::chrono::duration<double>(now - start_).count();
    if (secs < 2.0 || (shown_ && now - last_ < std::chrono::milliseconds(tty_ ? 200 : 5000))) return;
    last_ = now;
    shown_ = true;
    // The bar is how far storing has caught up with reading (the reader streams, so the
    // total is only known at the end).
    constexpr int kWidth = 24;
    int filled = read ? static_cast<int>(kWidth * stored / read) : 0;
    std::string bar(filled, '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "%singest [%s] %zu read, %zu stored, %zu events, %.1f articles/s%s", tty_ ? "\r" : "",
                 bar.c_str(), read, stored, events, stored / secs, tty_ ? "   " : "\n");
    std::fflush(stderr);
  }
  void finish(size_t read, size_t stored, size_t events) {
    if (!shown_) return;
    last_ = {};
    shown_ = false;
    update(read, stored, events);
    if (tty_) std::fputc('\n', stderr);
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  Clock::time_point start_, last_{};
  bool tty_;
  bool shown_ = false;
};

}  // namespace

ArticleRecord article_record(const Document& doc) {
  ArticleRecord a;
  a.doc_id = doc.id;
  a.url = doc.url;
  a.source = doc.source;
  a.title = doc.title;
  a.published = doc.published;
  a.published_from = doc.published_from;
  a.text = doc.text;
  return a;
}

ControlFact control_fact(const ControlClaim& c) {
  ControlFact f;
  f.place = c.place;
  f.controller = c.controller;
  f.since = c.date.end.empty() ? c.date.start : c.date.end;
  f.basis = c.basis;
  f.event_id = c.event_id;
  f.evidence = c.text;
  return f;
}

std::optional<IngestReport> ingest(const std::filesystem::path& db, const std::vector<std::string>& inputs,
                                   const Extractor& extract, Diagnostics& diags, const IngestOptions& options,
                                   std::string* error) {
  Store::Options store_options;
  store_options.busy_timeout_ms = options.busy_timeout_ms;
  auto store = Store::open(db, Store::Mode::write, error, store_options);
  if (!store) return std::nullopt;
  // A second, read-only connection asks which articles the database already holds as they
  // are read (unchanged, or their text under another id): those are not extracted again, so
  // re-running an ingest over a growing folder costs reading, not extraction. Without it
  // (cannot open), everything is extracted and the store still sorts it out.
  auto probe = Store::open(db, Store::Mode::read, nullptr, store_options);

  IngestReport report;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::vector<Store::ArticleInput>> queue;
  bool closed = false;
  std::string fatal;  // set by the writer when the database fails: stop reading
  size_t stored = 0;
  const size_t kMaxQueued = 4;

  // The writer: one transaction per batch, in the order the articles were read.
  std::thread writer([&] {
    for (;;) {
      std::vector<Store::ArticleInput> batch;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return closed || !queue.empty(); });
        if (queue.empty()) return;
        batch = std::move(queue.front());
        queue.pop_front();
      }
      cv.notify_all();
      std::vector<Store::Outcome> outcomes;
      std::string err;
      bool ok = store->put_articles(batch, &outcomes, &err);
      std::lock_guard lock(mu);
      if (!ok) {
        fatal = err;
        queue.clear();
        cv.notify_all();
        return;
      }
      for (size_t i = 0; i < batch.size(); ++i) {
        const auto& o = outcomes[i];
        ++stored;
        if (!o.result) {
          ++report.failed;
          diags.skip(batch[i].article.doc_id, 0, o.error);
          continue;
        }
        switch (o.result->outcome) {
          case PutResult::Outcome::added: ++report.added; break;
          case PutResult::Outcome::unchanged: ++report.unchanged; break;
          case PutResult::Outcome::replaced: ++report.replaced; break;
          case PutResult::Outcome::duplicate:
            ++report.duplicates;
            diags.warn(batch[i].article.doc_id, 0, "same text as " + o.result->duplicate_of + ": not stored again");
            break;
        }
        report.events += o.result->events;
        report.new_fused += o.result->new_fused;
        report.joined_fused += o.result->joined_fused;
      }
    }
  });

  Progress progress(options.progress);
  std::vector<Store::ArticleInput> batch;
  auto flush = [&] {
    if (batch.empty()) return;
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return queue.size() < kMaxQueued || !fatal.empty(); });
    if (fatal.empty()) queue.push_back(std::move(batch));
    batch.clear();
    cv.notify_all();
  };
  auto failed = [&] {
    std::lock_guard lock(mu);
    return !fatal.empty();
  };
  // Extraction runs on `threads` threads over groups of documents; results are stored in
  // input order, so the database does not depend on the thread count.
  const size_t threads = static_cast<size_t>(std::max(1, options.threads));
  std::vector<Document> docs;
  std::vector<Store::ArticleInput> pending;  // one per doc, in input order
  std::vector<Extracted> results;
  // Ids already met in this run (64-bit hashes: a collision only costs an extraction).
  // Articles are stored in input order, so only earlier articles of this run can change what
  // the database says about one: an earlier one with the same id, or one that replaces the
  // article whose text this one duplicates. Then it is extracted.
  std::unordered_set<uint64_t> run_ids;
  const std::hash<std::string_view> id_hash;
  auto extract_docs = [&] {
    results.assign(docs.size(), {});
    auto one = [&](size_t i) {
      if (pending[i].extracted) results[i] = extract(docs[i]);
    };
    if (threads == 1 || docs.size() == 1) {
      for (size_t i = 0; i < docs.size(); ++i) one(i);
    } else {
      std::vector<std::thread> pool;
      for (size_t t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
          for (size_t i = t; i < docs.size(); i += threads) one(i);
        });
      for (auto& th : pool) th.join();
    }
    for (size_t i = 0; i < docs.size(); ++i) {
      Store::ArticleInput& in = pending[i];
      in.events = std::move(results[i].events);
      for (const auto& c : results[i].control) in.statements.push_back(control_fact(c));
      in.control_read = true;
      report.control_claims += results[i].control.size();
      batch.push_back(std::move(in));
      if (batch.size() >= options.batch_articles) flush();
    }
    docs.clear();
    pending.clear();
    size_t done, events;
    {
      std::lock_guard lock(mu);
      done = stored;
      events = report.events;
    }
    progress.update(report.read, done, events);
  };
  read_documents(inputs, diags, [&](Document&& doc) {
    if (failed()) return;  // the reader has no stop: drain it cheaply
    ++report.read;
    if (doc.id.empty()) {
      diags.skip(doc.origin, 0, "article without an id: not stored");
      return;
    }
    Store::ArticleInput in;
    in.article = article_record(doc);
    in.article.extracted_with = options.extracted_with;
    const bool first = run_ids.insert(id_hash(in.article.doc_id)).second;
    if (probe && first) {
      auto known = probe->settled(in.article, nullptr);
      if (known && (known->outcome == PutResult::Outcome::unchanged || !run_ids.count(id_hash(known->duplicate_of))))
        in.extracted = false;
    }
    pending.push_back(std::move(in));
    docs.push_back(std::move(doc));
    if (docs.size() >= 16 * threads) extract_docs();
  });
  extract_docs();
  flush();
  {
    std::lock_guard lock(mu);
    closed = true;
  }
  cv.notify_all();
  writer.join();
  progress.finish(report.read, stored, report.events);
  if (!fatal.empty()) {
    if (error) *error = fatal;
    return std::nullopt;
  }
  return report;
}

}  // namespace sitrep::store
