//===--- scheduler.cpp - Asio thread pool, strands and debounce timers ---------------------===//
#include "server/scheduler.h"

namespace secretls::server {

Lane::Lane(Scheduler& scheduler) : strand_(asio::make_strand(scheduler.io_)), timer_(strand_) {}

Scheduler::Scheduler(unsigned threads) : work_(asio::make_work_guard(io_)) {
    for (unsigned i = 0; i < threads; ++i)
        threads_.emplace_back([this] { io_.run(); });
}

Scheduler::~Scheduler() {
    work_.reset();
    if (!threads_.empty()) {
        // Pending debounce timers would keep run() alive; nothing scheduled matters now.
        io_.stop();
        for (std::thread& t : threads_)
            t.join();
    }
}

std::shared_ptr<Lane> Scheduler::make_lane() {
    return std::make_shared<Lane>(*this);
}

void Scheduler::begin_task() {
    std::lock_guard lock(idle_mutex_);
    ++outstanding_;
}

void Scheduler::end_task() {
    std::lock_guard lock(idle_mutex_);
    if (--outstanding_ == 0)
        idle_changed_.notify_all();
}

void Scheduler::post(Lane& lane, std::function<void()> task) {
    if (synchronous()) {
        task();
        return;
    }
    begin_task();
    asio::post(lane.strand_, [this, task = std::move(task)] {
        task();
        end_task();
    });
}

void Scheduler::schedule_after(Lane& lane, std::chrono::milliseconds delay,
                               std::function<void()> task) {
    const uint64_t generation = ++lane.generation_;
    if (synchronous()) {
        task();
        return;
    }
    if (delay.count() <= 0) {
        // Still through the strand's queue, behind work already posted (a newer edit may
        // be waiting there and will supersede this one).
        begin_task();
        asio::post(lane.strand_, [this, &lane, generation, task = std::move(task)] {
            if (generation == lane.generation_)
                task();
            end_task();
        });
        return;
    }
    begin_task();
    lane.timer_.expires_after(delay); // cancels the previous wait (its handler sees aborted)
    lane.timer_.async_wait(
        [this, &lane, generation, task = std::move(task)](const std::error_code& ec) {
            // A completed wait whose handler was already queued when a newer schedule came in
            // reports success: the generation tells it apart.
            if (!ec && generation == lane.generation_)
                task();
            end_task();
        });
}

void Scheduler::wait_idle() {
    std::unique_lock lock(idle_mutex_);
    idle_changed_.wait(lock, [this] { return outstanding_ == 0; });
}

} // namespace secretls::server
