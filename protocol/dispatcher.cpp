//===--- dispatcher.cpp - JSON-RPC 2.0 dispatch, replies, cancellation, lifecycle ----------===//
#include "protocol/dispatcher.h"

#include "protocol/log.h"

#include <atomic>
#include <deque>
#include <exception>
#include <mutex>
#include <unordered_map>

namespace secretls::protocol {

namespace {

json response_message(const json& id) {
    return json{{"jsonrpc", "2.0"}, {"id", id}};
}

bool is_valid_id(const json& id) {
    return id.is_string() || id.is_number_integer();
}

// Key of a request id in the pending tables: 1 and "1" are different ids.
std::string id_key(const json& id) {
    return id.dump();
}

ResponseError read_response_error(const json& error) {
    ResponseError err;
    if (!error.is_object())
        return {error_code::InternalError, "malformed error object", nullptr};
    if (auto code = error.find("code"); code != error.end() && code->is_number_integer())
        err.code = code->get<int>();
    if (auto message = error.find("message"); message != error.end() && message->is_string())
        err.message = message->get<std::string>();
    if (auto data = error.find("data"); data != error.end())
        err.data = *data;
    return err;
}

} // namespace

json to_json(const ResponseError& err) {
    json out = {{"code", err.code}, {"message", err.message}};
    if (!err.data.is_null())
        out["data"] = err.data;
    return out;
}

// What replies share with the dispatcher; outlives the dispatcher while replies are pending.
struct Core {
    explicit Core(Transport& t) : transport(t) {}
    Transport& transport;
    std::mutex mutex;
    // Requests not yet answered, for $/cancelRequest.
    std::unordered_map<std::string, std::weak_ptr<ReplyOnce::State>> pending;

    void send_result(const json& id, json result) {
        json message = response_message(id);
        message["result"] = std::move(result);
        transport.send(message);
    }
    void send_error(const json& id, const ResponseError& err) {
        json message = response_message(id);
        message["error"] = to_json(err);
        transport.send(message);
    }
};

struct ReplyOnce::State {
    std::shared_ptr<Core> core;
    json id;
    std::string method;
    std::atomic<bool> replied{false};
    std::atomic<bool> cancelled{false};
    // True while the handler runs on the loop thread: if it throws, the dispatcher answers
    // with the exception's error instead of the destructor's generic one.
    std::atomic<bool> in_dispatch{false};

    void forget() {
        std::lock_guard<std::mutex> lock(core->mutex);
        auto it = core->pending.find(id_key(id));
        if (it != core->pending.end() && it->second.lock().get() == this)
            core->pending.erase(it);
    }
    // Claims the one reply; false (and a log line) when it was already given.
    bool claim() {
        if (!replied.exchange(true)) {
            forget();
            return true;
        }
        if (cancelled.load())
            log::debug("dropped the reply to cancelled request ", method, " (", id.dump(), ")");
        else
            log::error("dropped a second reply to ", method, " (", id.dump(), ")");
        return false;
    }
};

ReplyOnce::ReplyOnce(std::shared_ptr<State> state) : state_(std::move(state)) {}

ReplyOnce& ReplyOnce::operator=(ReplyOnce&& other) noexcept {
    if (this != &other) {
        ReplyOnce dropped(std::move(*this)); // answers -32603 if it was still pending
        state_ = std::move(other.state_);
    }
    return *this;
}

ReplyOnce::~ReplyOnce() {
    if (!state_ || state_->replied.load())
        return;
    if (state_->in_dispatch.load() && std::uncaught_exceptions() > 0)
        return; // the dispatcher catches the exception and answers
    if (!state_->claim())
        return;
    log::error("no reply to ", state_->method, " (", state_->id.dump(), "): answering -32603");
    state_->core->send_error(state_->id, {error_code::InternalError,
                                          "server failed to reply to " + state_->method, nullptr});
}

void ReplyOnce::operator()(json result) {
    if (!state_) {
        log::error("reply through an empty ReplyOnce");
        return;
    }
    if (state_->claim())
        state_->core->send_result(state_->id, std::move(result));
}

void ReplyOnce::error(ResponseError err) {
    if (!state_) {
        log::error("error reply through an empty ReplyOnce");
        return;
    }
    if (state_->claim())
        state_->core->send_error(state_->id, err);
}

bool ReplyOnce::cancelled() const {
    return state_ && state_->cancelled.load();
}
bool ReplyOnce::replied() const {
    return !state_ || state_->replied.load();
}

const json& ReplyOnce::id() const {
    static const json null_id = nullptr;
    return state_ ? state_->id : null_id;
}

const std::string& ReplyOnce::method() const {
    static const std::string none;
    return state_ ? state_->method : none;
}

// ---- Dispatcher ------------------------------------------------------------------------------

namespace {
enum class Lifecycle { Uninitialized, Initialized, ShutDown };
using CallCallback = std::function<void(const json&, const ResponseError*)>;
} // namespace

struct Dispatcher::Impl {
    explicit Impl(Transport& t) : core(std::make_shared<Core>(t)) {}

    std::shared_ptr<Core> core;
    std::unordered_map<std::string, std::function<void(const json&, ReplyOnce)>> requests;
    std::unordered_map<std::string, std::function<void(const json&)>> notifications;
    std::atomic<Lifecycle> lifecycle{Lifecycle::Uninitialized};

    std::mutex calls_mutex;
    int64_t next_call_id = 1;
    std::deque<std::pair<int64_t, CallCallback>> calls; // oldest first

    bool handle(const json& message);
    void handle_request(const json& id, const std::string& method, const json& params);
    bool handle_notification(const std::string& method, const json& params);
    void handle_response(const json& message);
    void handle_cancel(const json& params);
    void run_request(const json& id, const std::string& method, const json& params,
                     const std::function<void(const json&, ReplyOnce)>& handler);
    void reject(const json& id, int code, std::string message) {
        log::info("answering ", code, ": ", message);
        core->send_error(id, {code, std::move(message), nullptr});
    }
};

Dispatcher::Dispatcher(Transport& transport) : impl_(std::make_unique<Impl>(transport)) {}
Dispatcher::~Dispatcher() = default;

void Dispatcher::on_request_json(const std::string& method,
                                 std::function<void(const json&, ReplyOnce)> fn) {
    impl_->requests[method] = std::move(fn);
}

void Dispatcher::on_notification_json(const std::string& method,
                                      std::function<void(const json&)> fn) {
    impl_->notifications[method] = std::move(fn);
}

void Dispatcher::notify(const std::string& method, json params) {
    json message = {{"jsonrpc", "2.0"}, {"method", method}};
    if (!params.is_null())
        message["params"] = std::move(params);
    impl_->core->transport.send(message);
}

void Dispatcher::call(const std::string& method, json params, CallCallback on_result) {
    CallCallback overflowed;
    int64_t id = 0;
    {
        std::lock_guard<std::mutex> lock(impl_->calls_mutex);
        id = impl_->next_call_id++;
        impl_->calls.emplace_back(id, std::move(on_result));
        if (impl_->calls.size() > kMaxPendingCalls) {
            overflowed = std::move(impl_->calls.front().second);
            impl_->calls.pop_front();
        }
    }
    // Registered before sending: the response may arrive before send() returns.
    json message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null())
        message["params"] = std::move(params);
    impl_->core->transport.send(message);
    if (overflowed) {
        log::warn("more than ", kMaxPendingCalls, " calls to the client pending; the oldest fails");
        ResponseError err{error_code::RequestFailed, "too many pending calls to the client",
                          nullptr};
        overflowed(json(nullptr), &err);
    }
}

bool Dispatcher::on_message(json message) {
    return impl_->handle(message);
}

void Dispatcher::on_parse_error(const std::string& detail) {
    impl_->reject(nullptr, error_code::ParseError, "Parse error: " + detail);
}

bool Dispatcher::initialized() const {
    return impl_->lifecycle.load() != Lifecycle::Uninitialized;
}

bool Dispatcher::shutdown_requested() const {
    return impl_->lifecycle.load() == Lifecycle::ShutDown;
}

int Dispatcher::exit_code() const {
    return shutdown_requested() ? 0 : 1;
}

// Classifies one message; false only after `exit`.
bool Dispatcher::Impl::handle(const json& message) {
    if (!message.is_object()) {
        reject(nullptr, error_code::InvalidRequest, "a message must be a JSON object");
        return true;
    }
    auto id_it = message.find("id");
    const bool has_id = id_it != message.end();
    const json id = has_id && is_valid_id(*id_it) ? *id_it : json(nullptr);
    auto version = message.find("jsonrpc");
    if (version == message.end() || *version != "2.0") {
        reject(id, error_code::InvalidRequest, "\"jsonrpc\" must be \"2.0\"");
        return true;
    }
    auto method = message.find("method");
    if (method != message.end()) {
        if (!method->is_string()) {
            reject(id, error_code::InvalidRequest, "\"method\" must be a string");
            return true;
        }
        auto params_it = message.find("params");
        const json params = params_it == message.end() ? json(nullptr) : *params_it;
        if (!params.is_null() && !params.is_object() && !params.is_array()) {
            if (has_id)
                reject(id, error_code::InvalidParams, "params: expected object or array");
            return true;
        }
        if (!has_id)
            return handle_notification(method->get<std::string>(), params);
        if (id.is_null()) {
            reject(nullptr, error_code::InvalidRequest, "\"id\" must be a string or an integer");
            return true;
        }
        handle_request(id, method->get<std::string>(), params);
        return true;
    }
    if (has_id && (message.contains("result") || message.contains("error"))) {
        handle_response(message);
        return true;
    }
    reject(id, error_code::InvalidRequest, "not a request, notification or response");
    return true;
}

void Dispatcher::Impl::handle_request(const json& id, const std::string& method,
                                      const json& params) {
    log::debug("<-- ", method, " (", id.dump(), ")");
    const Lifecycle state = lifecycle.load();
    auto handler = requests.find(method);
    if (method == "initialize") {
        if (state != Lifecycle::Uninitialized)
            return reject(id, error_code::InvalidRequest, "server already initialized");
        lifecycle = Lifecycle::Initialized;
        if (handler == requests.end())
            return core->send_result(id, json{{"capabilities", json::object()}});
        return run_request(id, method, params, handler->second);
    }
    if (state == Lifecycle::Uninitialized)
        return reject(id, error_code::ServerNotInitialized,
                      "server not initialized: " + method + " before initialize");
    if (state == Lifecycle::ShutDown)
        return reject(id, error_code::InvalidRequest, method + " after shutdown");
    if (method == "shutdown") {
        lifecycle = Lifecycle::ShutDown;
        if (handler == requests.end())
            return core->send_result(id, nullptr);
        return run_request(id, method, params, handler->second);
    }
    if (handler == requests.end())
        return reject(id, error_code::MethodNotFound, "method not found: " + method);
    run_request(id, method, params, handler->second);
}

void Dispatcher::Impl::run_request(const json& id, const std::string& method, const json& params,
                                   const std::function<void(const json&, ReplyOnce)>& handler) {
    auto state = std::make_shared<ReplyOnce::State>();
    state->core = core;
    state->id = id;
    state->method = method;
    {
        std::lock_guard<std::mutex> lock(core->mutex);
        auto& slot = core->pending[id_key(id)];
        if (!slot.expired())
            log::warn("request id ", id.dump(), " reused while still pending");
        slot = state;
    }
    state->in_dispatch = true;
    try {
        handler(params, ReplyOnce(state));
        state->in_dispatch = false;
    } catch (const InvalidParamsError& e) {
        state->in_dispatch = false;
        if (state->claim())
            reject(id, error_code::InvalidParams, e.what());
    } catch (const std::exception& e) {
        state->in_dispatch = false;
        log::error("handler of ", method, " threw: ", e.what());
        if (state->claim())
            core->send_error(id,
                             {error_code::InternalError, method + " failed: " + e.what(), nullptr});
    }
}

// False after `exit`.
bool Dispatcher::Impl::handle_notification(const std::string& method, const json& params) {
    log::debug("<-- ", method);
    if (method == "exit") {
        if (auto handler = notifications.find(method); handler != notifications.end()) {
            try {
                handler->second(params);
            } catch (const std::exception& e) {
                log::error("handler of exit threw: ", e.what()); // exits all the same
            }
        }
        log::info("exit (", lifecycle.load() == Lifecycle::ShutDown ? "after" : "without",
                  " shutdown)");
        return false;
    }
    if (lifecycle.load() == Lifecycle::Uninitialized) {
        log::info("dropped notification ", method, " before initialize");
        return true;
    }
    if (method == "$/cancelRequest") {
        handle_cancel(params);
        return true;
    }
    auto handler = notifications.find(method);
    if (handler == notifications.end()) {
        if (method.rfind("$/", 0) != 0)
            log::info("ignored notification ", method, " (no handler)");
        return true;
    }
    try {
        handler->second(params);
    } catch (const InvalidParamsError& e) {
        log::warn("ignored notification ", method, ": ", e.what());
    } catch (const std::exception& e) {
        log::error("handler of ", method, " threw: ", e.what());
    }
    return true;
}

// Answers the request at once with -32800; the handler's later reply is dropped.
void Dispatcher::Impl::handle_cancel(const json& params) {
    if (!params.is_object() || !params.contains("id") || !is_valid_id(params["id"])) {
        log::warn("ignored $/cancelRequest without a valid id");
        return;
    }
    std::shared_ptr<ReplyOnce::State> state;
    {
        std::lock_guard<std::mutex> lock(core->mutex);
        auto it = core->pending.find(id_key(params["id"]));
        if (it == core->pending.end())
            return; // already answered: cancellation is inherently racy
        state = it->second.lock();
    }
    if (!state)
        return;
    state->cancelled = true;
    if (state->claim()) {
        log::debug("cancelled ", state->method, " (", state->id.dump(), ")");
        core->send_error(state->id, {error_code::RequestCancelled,
                                     state->method + " cancelled by the client", nullptr});
    }
}

void Dispatcher::Impl::handle_response(const json& message) {
    const json& id = message["id"];
    CallCallback callback;
    {
        std::lock_guard<std::mutex> lock(calls_mutex);
        for (auto it = calls.begin(); it != calls.end(); ++it) {
            if (id.is_number_integer() && id.get<int64_t>() == it->first) {
                callback = std::move(it->second);
                calls.erase(it);
                break;
            }
        }
    }
    if (!callback) {
        log::warn("ignored a response to unknown call ", id.dump());
        return;
    }
    try {
        if (auto error = message.find("error"); error != message.end() && !error->is_null()) {
            ResponseError err = read_response_error(*error);
            callback(json(nullptr), &err);
        } else {
            callback(message.value("result", json(nullptr)), nullptr);
        }
    } catch (const std::exception& e) {
        log::error("callback of call ", id.dump(), " threw: ", e.what());
    }
}

} // namespace secretls::protocol
