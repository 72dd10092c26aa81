//===--- memory_transport.cpp - In-memory Transport for tests ------------------------------===//
#include "protocol/memory_transport.h"

namespace secretls::protocol {

void MemoryTransport::push(json message) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        input_.push_back(Input{std::move(message), {}});
    }
    changed_.notify_all();
}

void MemoryTransport::push_body(std::string body) {
    Input input;
    try {
        input.message = json::parse(body);
    } catch (const json::parse_error&) {
        input.bad_body = std::move(body);
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        input_.push_back(std::move(input));
    }
    changed_.notify_all();
}

void MemoryTransport::request(json id, const std::string& method, json params) {
    json message = {{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"method", method}};
    if (!params.is_null())
        message["params"] = std::move(params);
    push(std::move(message));
}

void MemoryTransport::notify(const std::string& method, json params) {
    json message = {{"jsonrpc", "2.0"}, {"method", method}};
    if (!params.is_null())
        message["params"] = std::move(params);
    push(std::move(message));
}

void MemoryTransport::close() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
    }
    changed_.notify_all();
}

std::vector<json> MemoryTransport::sent() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return output_;
}

std::vector<json> MemoryTransport::take_sent() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<json> out;
    out.swap(output_);
    return out;
}

bool MemoryTransport::wait_for_sent(size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return output_.size() >= count; });
}

std::optional<json> MemoryTransport::wait_for(std::function<bool(const json&)> predicate,
                                              std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::optional<json> found;
    changed_.wait_for(lock, timeout, [&] {
        for (const json& message : output_) {
            if (predicate(message)) {
                found = message;
                return true;
            }
        }
        return false;
    });
    return found;
}

std::optional<json> MemoryTransport::reply_to(const json& id, std::chrono::milliseconds timeout) {
    return wait_for(
        [&](const json& m) {
            return m.contains("id") && m["id"] == id && !m.contains("method") &&
                   (m.contains("result") || m.contains("error"));
        },
        timeout);
}

bool MemoryTransport::loop(MessageSink& sink) {
    for (;;) {
        Input input;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [&] { return closed_ || !input_.empty(); });
            if (input_.empty())
                return false; // closed: end of input
            input = std::move(input_.front());
            input_.pop_front();
        }
        if (!deliver(sink, std::move(input)))
            return true;
    }
}

bool MemoryTransport::drain(MessageSink& sink) {
    std::deque<Input> batch;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        batch.swap(input_);
    }
    while (!batch.empty()) {
        Input input = std::move(batch.front());
        batch.pop_front();
        if (!deliver(sink, std::move(input))) {
            // Put back what the sink did not see, in order.
            std::lock_guard<std::mutex> lock(mutex_);
            input_.insert(input_.begin(), std::make_move_iterator(batch.begin()),
                          std::make_move_iterator(batch.end()));
            return true;
        }
    }
    return false;
}

void MemoryTransport::send(const json& message) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        output_.push_back(message);
    }
    changed_.notify_all();
}

bool MemoryTransport::deliver(MessageSink& sink, Input input) {
    if (!input.message) {
        sink.on_parse_error("invalid JSON");
        return true;
    }
    return sink.on_message(std::move(*input.message));
}

} // namespace secretls::protocol
