//===--- scheduler.h - Where scanning runs: worker threads, per-document lanes, debounce ---===//
//
// The transport's reader thread must never wait for a scan. It hands each document's work
// to that document's Lane (an Asio strand on a small thread pool): work for one document
// runs in order and never concurrently, work for different documents runs in parallel, so
// a large paste in one file does not delay another file's diagnostics.
//
// Debouncing is a policy object (clangd's DebouncePolicy): a delay after an edit before
// the scan. 0 scans at once (tests, benchmarks). Superseding works by generation: every
// schedule_after() on a lane replaces the previously scheduled task (the replaced task
// never runs), and the document code additionally checks versions before publishing.
//
// Synchronous mode (0 threads; `--lit-test` and deterministic unit tests): post() runs the
// task at once on the caller's thread and delays are ignored.
//
// Threading contract: post()/schedule_after() may be called from any thread; tasks of one
// lane run one at a time, in posting order.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <asio.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace secretls::server {

struct DebouncePolicy {
    std::chrono::milliseconds delay{30};
    // The same delay whatever happens (tests and benchmarks: fixed(0ms)).
    static DebouncePolicy fixed(std::chrono::milliseconds d) { return DebouncePolicy{d}; }
    std::chrono::milliseconds compute() const { return delay; }
};

class Scheduler;

// One document's ordered queue of work.
class Lane {
public:
    explicit Lane(Scheduler& scheduler);

private:
    friend class Scheduler;
    asio::strand<asio::io_context::executor_type> strand_;
    asio::steady_timer timer_;
    uint64_t generation_ = 0; // touched on the strand only
};

class Scheduler {
public:
    // `threads` == 0: synchronous mode.
    explicit Scheduler(unsigned threads);
    ~Scheduler(); // finishes queued work, joins the threads
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    bool synchronous() const { return threads_.empty(); }
    std::shared_ptr<Lane> make_lane();

    // Runs `task` on `lane` (after the lane's earlier tasks).
    void post(Lane& lane, std::function<void()> task);
    // To be called on the lane (from one of its tasks): runs `task` on the lane after
    // `delay`, unless schedule_after() is called on the lane again before that.
    void schedule_after(Lane& lane, std::chrono::milliseconds delay, std::function<void()> task);

    // Blocks until no task is queued, running or scheduled (tests and benchmarks).
    void wait_idle();

private:
    friend class Lane;
    void begin_task();
    void end_task();

    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    std::vector<std::thread> threads_;
    std::mutex idle_mutex_;
    std::condition_variable idle_changed_;
    size_t outstanding_ = 0;
};

} // namespace secretls::server
