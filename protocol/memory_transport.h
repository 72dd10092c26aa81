//===--- memory_transport.h - A Transport in memory, for tests -----------------------------===//
//
// The client side of a test pushes messages in and reads what the server sent, without
// pipes or framing (clangd's unittests/LSPClient.h, lsp-server's Connection::memory()).
//
// Two ways to drive it:
//   - synchronous: push(...) some messages, then drain(sink) handles exactly the queued ones
//     on the calling thread and returns;
//   - threaded: run loop(sink) on a server thread; push(...) from the test thread; close()
//     ends the input (loop() then returns false, like end of input on stdin).
// wait_for_sent() blocks (with a timeout) until the server has sent enough messages, for
// servers that answer from worker threads.
//
// Threading contract: every member may be called from any thread; loop()/drain() must not
// run on two threads at once.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "protocol/transport.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace secretls::protocol {

class MemoryTransport : public Transport {
public:
    // ---- client side -----------------------------------------------------------------
    void push(json message);
    // A raw body as if read from a frame: JSON is parsed, anything else reaches the sink as
    // a parse error (to test -32700).
    void push_body(std::string body);
    // Convenience builders for the client's messages.
    void request(json id, const std::string& method, json params = nullptr);
    void notify(const std::string& method, json params = nullptr);
    // End of input: loop() returns false once the queue is empty.
    void close();

    // Everything the server sent so far (copies; the transport keeps its log).
    std::vector<json> sent() const;
    // Removes and returns what the server sent so far.
    std::vector<json> take_sent();
    // Blocks until at least `count` messages were sent in total (since the last take_sent),
    // or `timeout` passed; returns whether the count was reached.
    bool wait_for_sent(size_t count,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) const;
    // The first sent message matching `predicate`, waiting up to `timeout` for it.
    std::optional<json>
    wait_for(std::function<bool(const json&)> predicate,
             std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
    // The reply to request `id` (waits like wait_for).
    std::optional<json>
    reply_to(const json& id, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

    // ---- server side (Transport) ------------------------------------------------------
    // Handles queued input until close() and an empty queue (returns false) or until the
    // sink asks to stop (returns true). Blocks while the queue is empty and not closed.
    bool loop(MessageSink& sink) override;
    // Handles exactly the messages queued now, then returns: true if the sink asked to stop.
    bool drain(MessageSink& sink);
    void send(const json& message) override;

private:
    struct Input {
        std::optional<json> message; // parsed message, or
        std::string bad_body;        // a body that did not parse
    };
    bool deliver(MessageSink& sink, Input input);

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::deque<Input> input_;
    bool closed_ = false;
    std::vector<json> output_;
};

} // namespace secretls::protocol
