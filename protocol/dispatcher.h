//===--- dispatcher.h - JSON-RPC 2.0 dispatch and the LSP lifecycle ------------------------===//
//
// Turns incoming messages into calls of typed handlers and guarantees the rules every
// method shares:
//   - every request is answered exactly once (ReplyOnce; a dropped reply sends -32603,
//     a second reply is logged and discarded);
//   - -32700 for a body that is not JSON, -32600 for a message that is not a request,
//     notification or response, -32601 for unknown request methods, -32602 naming the
//     bad field when params do not parse, -32002 for requests before `initialize`, a
//     second `initialize` refused; unknown notifications and `$/` notifications ignored;
//   - `$/cancelRequest` answers a still-pending request with -32800 at once (the handler's
//     later reply is then dropped silently: cancellation is inherently racy);
//   - `shutdown` then `exit` (or end of input) -> exit code 0; without `shutdown`, 1;
//     requests after `shutdown` get -32600; `exit` makes on_message() return false;
//   - `null` params are the same as missing params.
// `initialize`, `shutdown` and `exit` are bound like any method when the server wants to
// see them; unbound, `initialize` answers {"capabilities":{}} and `shutdown` answers null.
//
// Threading contract: bind every handler before loop() starts; handlers run on the
// transport's loop thread. A ReplyOnce may be moved
// to and invoked from any thread, and may outlive the Dispatcher (not the Transport);
// notify()/call() may be used from any thread; call() callbacks run on the loop thread
// (or, for a call pushed out of the bounded table, on the thread that called call()).
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "protocol/json_rpc.h"
#include "protocol/transport.h"

#include <functional>
#include <memory>
#include <string>

namespace secretls::protocol {

// Exactly-once reply to one request. Move-only.
class ReplyOnce {
public:
    ReplyOnce() = default;
    ReplyOnce(ReplyOnce&&) noexcept = default;
    ReplyOnce& operator=(ReplyOnce&&) noexcept;
    ~ReplyOnce(); // sends -32603 if never replied
    void operator()(json result);
    void error(ResponseError err);
    bool cancelled() const; // the client sent $/cancelRequest for this id
    bool replied() const;   // a reply (or the cancellation error) was sent
    const json& id() const;
    const std::string& method() const;

    struct State; // opaque: shared by the reply and the dispatcher's pending table

private:
    friend class Dispatcher;
    explicit ReplyOnce(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

class Dispatcher : public MessageSink {
public:
    explicit Dispatcher(Transport& transport);
    ~Dispatcher() override;

    // Handlers. P is parsed with from_json (see json_rpc.h: parse errors name the field).
    // `initialize` is bound like any request; the dispatcher tracks the lifecycle around it.
    template <typename P>
    void on_request(const std::string& method, std::function<void(const P&, ReplyOnce)> fn) {
        on_request_json(method, [fn = std::move(fn)](const json& params, ReplyOnce reply) {
            P parsed{};
            try {
                parse_params(params, parsed);
            } catch (const InvalidParamsError& e) {
                // Answered here: letting it escape would destroy `reply` unanswered first.
                reply.error({error_code::InvalidParams, e.what()});
                return;
            }
            fn(parsed, std::move(reply));
        });
    }
    template <typename P>
    void on_notification(const std::string& method, std::function<void(const P&)> fn) {
        on_notification_json(method, [fn = std::move(fn)](const json& params) {
            P parsed{};
            parse_params(params, parsed); // InvalidParamsError: the dispatcher logs it
            fn(parsed);
        });
    }
    void on_request_json(const std::string& method, std::function<void(const json&, ReplyOnce)> fn);
    void on_notification_json(const std::string& method, std::function<void(const json&)> fn);

    // Server -> client.
    void notify(const std::string& method, json params);
    // A request to the client; `on_result` gets the result or an error (bounded table of
    // pending calls: the oldest fails when it overflows).
    void call(const std::string& method, json params,
              std::function<void(const json& result, const ResponseError* error)> on_result);

    // MessageSink.
    bool on_message(json message) override;
    void on_parse_error(const std::string& detail) override;

    bool initialized() const;        // `initialize` was received (and accepted)
    bool shutdown_requested() const; // `shutdown` was received
    int exit_code() const;           // 0 once shutdown was received, else 1

    // Most server->client calls that may wait for their response at once.
    static constexpr size_t kMaxPendingCalls = 100;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace secretls::protocol
