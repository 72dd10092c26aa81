// Tests of protocol/dispatcher: every JSON-RPC/LSP error code, typed params with named paths,
// ReplyOnce (exactly once), cancellation, the lifecycle and exit codes, and calls to the client.
#include "protocol/dispatcher.h"
#include "protocol/log.h"
#include "protocol/memory_transport.h"
#include "protocol/text_document.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <thread>
#include <vector>

using namespace secretls::protocol;

namespace {

// Collects log lines so tests can check what was logged (and keep stderr quiet).
struct LogCapture {
    std::mutex mutex;
    std::vector<std::string> lines;
    LogCapture() {
        log::set_capture(
            [](log::Level, std::string_view line, void* self) {
                static_cast<LogCapture*>(self)->lines.emplace_back(line);
            },
            this);
    }
    ~LogCapture() { log::set_capture(nullptr, nullptr); }
    bool contains(const std::string& needle) {
        for (const auto& l : lines)
            if (l.find(needle) != std::string::npos)
                return true;
        return false;
    }
};

struct Fixture {
    LogCapture logs;
    MemoryTransport transport;
    Dispatcher dispatcher{transport};

    // Pushes one message, handles it, returns what was sent in response.
    std::vector<json> send(json message) {
        transport.push(std::move(message));
        stopped = transport.drain(dispatcher);
        return transport.take_sent();
    }
    json request(json id, const std::string& method, json params = nullptr) {
        json m = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
        if (!params.is_null())
            m["params"] = params;
        auto out = send(m);
        REQUIRE(out.size() == 1);
        return out[0];
    }
    std::vector<json> notify(const std::string& method, json params = nullptr) {
        json m = {{"jsonrpc", "2.0"}, {"method", method}};
        if (!params.is_null())
            m["params"] = params;
        return send(m);
    }
    void initialize() { REQUIRE(request(0, "initialize", json::object()).contains("result")); }
    bool stopped = false;
};

int error_code_of(const json& reply) {
    return reply.at("error").at("code").get<int>();
}
std::string error_message_of(const json& reply) {
    return reply.at("error").at("message").get<std::string>();
}

struct OpenParams {
    TextDocumentItem text_document;
};
void from_json(const ObjectReader& in, OpenParams& out) {
    in.required("textDocument", out.text_document);
}

struct OptionalParams {
    std::optional<int> version;
    std::string label = "default";
};
void from_json(const ObjectReader& in, OptionalParams& out) {
    in.optional("version", out.version);
    in.optional("label", out.label);
}

} // namespace

TEST_CASE("requests before initialize get -32002; notifications are dropped", "[dispatch]") {
    Fixture f;
    bool called = false;
    f.dispatcher.on_request_json("textDocument/hover", [&](const json&, ReplyOnce r) {
        called = true;
        r(nullptr);
    });
    f.dispatcher.on_notification_json("initialized", [&](const json&) { called = true; });
    json reply = f.request(1, "textDocument/hover");
    CHECK(error_code_of(reply) == error_code::ServerNotInitialized);
    CHECK(reply["id"] == 1);
    CHECK(f.notify("initialized").empty());
    CHECK_FALSE(called);
    CHECK_FALSE(f.dispatcher.initialized());
}

TEST_CASE("initialize runs its handler once; a second initialize is refused", "[dispatch]") {
    Fixture f;
    int calls = 0;
    f.dispatcher.on_request_json("initialize", [&](const json& params, ReplyOnce reply) {
        ++calls;
        CHECK(params["rootUri"] == "file:///w");
        reply(json{{"capabilities", {{"hoverProvider", true}}}});
    });
    json first = f.request(1, "initialize", {{"rootUri", "file:///w"}});
    CHECK(first["result"]["capabilities"]["hoverProvider"] == true);
    CHECK(f.dispatcher.initialized());
    json second = f.request(2, "initialize", {{"rootUri", "file:///w"}});
    CHECK(error_code_of(second) == error_code::InvalidRequest);
    CHECK(error_message_of(second).find("already initialized") != std::string::npos);
    CHECK(calls == 1);
}

TEST_CASE("initialize without a handler answers empty capabilities", "[dispatch]") {
    Fixture f;
    json reply = f.request("init", "initialize", json::object());
    CHECK(reply["id"] == "init");
    CHECK(reply["result"] == json{{"capabilities", json::object()}});
}

TEST_CASE("unknown methods: -32601 for requests, silence for notifications", "[dispatch]") {
    Fixture f;
    f.initialize();
    json reply = f.request(5, "workspace/nothingHere");
    CHECK(error_code_of(reply) == error_code::MethodNotFound);
    CHECK(error_message_of(reply).find("workspace/nothingHere") != std::string::npos);
    CHECK(f.notify("custom/unknown").empty());
    CHECK(f.notify("$/setTrace", {{"value", "off"}}).empty());
    CHECK(f.notify("$/progress", {{"token", 1}}).empty());
    CHECK(error_code_of(f.request(6, "$/unknownRequest")) == error_code::MethodNotFound);
}

TEST_CASE("bad JSON answers -32700 and the loop goes on", "[dispatch]") {
    Fixture f;
    f.transport.push_body("{\"jsonrpc\": \"2.0\", \"id\": 1, ");
    f.transport.request(0, "initialize", json::object());
    CHECK_FALSE(f.transport.drain(f.dispatcher));
    auto out = f.transport.take_sent();
    REQUIRE(out.size() == 2);
    CHECK(error_code_of(out[0]) == error_code::ParseError);
    CHECK(out[0]["id"].is_null());
    CHECK(out[1]["id"] == 0);
    CHECK(out[1].contains("result"));
}

TEST_CASE("messages that are not requests, notifications or responses get -32600", "[dispatch]") {
    Fixture f;
    f.initialize();
    auto one = [&](json m) {
        auto out = f.send(std::move(m));
        REQUIRE(out.size() == 1);
        CHECK(error_code_of(out[0]) == error_code::InvalidRequest);
        return out[0];
    };
    one(json::array({1, 2}));
    one(json("just a string"));
    CHECK(one(json{{"id", 3}, {"method", "shutdown"}})["id"] == 3); // no "jsonrpc"
    one(json{{"jsonrpc", "1.0"}, {"id", 3}, {"method", "x"}});
    one(json{{"jsonrpc", "2.0"}, {"id", 3}, {"method", 42}});
    CHECK(one(json{{"jsonrpc", "2.0"}, {"id", {{"a", 1}}}, {"method", "x"}})["id"].is_null());
    one(json{{"jsonrpc", "2.0"}, {"id", nullptr}, {"method", "x"}});
    one(json{{"jsonrpc", "2.0"}, {"id", 4}});
}

TEST_CASE("params that do not parse give -32602 naming the field", "[dispatch][params]") {
    Fixture f;
    f.initialize();
    int handled = 0;
    f.dispatcher.on_request<OpenParams>("test/open", [&](const OpenParams&, ReplyOnce r) {
        ++handled;
        r(nullptr);
    });
    auto message_for = [&](json params) {
        json reply = f.request(9, "test/open", params);
        CHECK(error_code_of(reply) == error_code::InvalidParams);
        return error_message_of(reply);
    };
    json doc = {{"uri", "file:///a"}, {"languageId", "text"}, {"version", 1}, {"text", ""}};
    CHECK(message_for({{"textDocument", {{"uri", 3}}}}) == "textDocument.uri: expected string");
    CHECK(message_for(json::object()) == "textDocument: required field missing");
    CHECK(message_for({{"textDocument", nullptr}}) == "textDocument: required field missing");
    json bad_version = doc;
    bad_version["version"] = "one";
    CHECK(message_for({{"textDocument", bad_version}}) == "textDocument.version: expected integer");
    CHECK(message_for({{"textDocument", "file:///a"}}) == "textDocument: expected object");
    CHECK(message_for(json::array({1})) == "params: expected object");
    // Missing and null params are the same: the first required field is named.
    json no_params = f.request(10, "test/open");
    CHECK(error_message_of(no_params) == "textDocument: required field missing");
    json null_params =
        f.send({{"jsonrpc", "2.0"}, {"id", 11}, {"method", "test/open"}, {"params", nullptr}})[0];
    CHECK(error_message_of(null_params) == "textDocument: required field missing");
    // Scalar params are not structured values at all.
    json scalar =
        f.send({{"jsonrpc", "2.0"}, {"id", 12}, {"method", "test/open"}, {"params", 7}})[0];
    CHECK(error_code_of(scalar) == error_code::InvalidParams);
    CHECK(handled == 0);
    CHECK(f.request(13, "test/open", {{"textDocument", doc}}).contains("result"));
    CHECK(handled == 1);
}

TEST_CASE("null fields read as missing", "[dispatch][params]") {
    Fixture f;
    f.initialize();
    std::vector<OptionalParams> seen;
    f.dispatcher.on_notification<OptionalParams>(
        "test/opt", [&](const OptionalParams& p) { seen.push_back(p); });
    f.notify("test/opt", {{"version", nullptr}, {"label", nullptr}});
    f.notify("test/opt", json::object());
    f.notify("test/opt");
    f.notify("test/opt", {{"version", 4}, {"label", "x"}});
    REQUIRE(seen.size() == 4);
    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(seen[i].version.has_value());
        CHECK(seen[i].label == "default");
    }
    CHECK(seen[3].version == 4);
    CHECK(seen[3].label == "x");
    // A notification with bad params is logged and dropped: nothing can be answered.
    CHECK(f.notify("test/opt", {{"version", "four"}}).empty());
    CHECK(seen.size() == 4);
    CHECK(f.logs.contains("version: expected integer"));
}

TEST_CASE("ReplyOnce answers exactly once", "[dispatch][reply]") {
    Fixture f;
    f.initialize();
    SECTION("a dropped reply answers -32603") {
        f.dispatcher.on_request_json("test/drop", [](const json&, ReplyOnce) {});
        json reply = f.request(1, "test/drop");
        CHECK(error_code_of(reply) == error_code::InternalError);
        CHECK(f.logs.contains("no reply to test/drop"));
    }
    SECTION("a second reply is logged and dropped") {
        f.dispatcher.on_request_json("test/twice", [](const json&, ReplyOnce r) {
            r.error({error_code::RequestFailed, "first", nullptr});
            r(json("second"));
            r.error({error_code::InternalError, "third", nullptr});
        });
        json reply = f.request(1, "test/twice");
        CHECK(error_code_of(reply) == error_code::RequestFailed);
        CHECK(f.logs.contains("second reply"));
    }
    SECTION("a throwing handler answers with the exception's error, once") {
        f.dispatcher.on_request_json("test/throw", [](const json&, ReplyOnce r) {
            ReplyOnce held = std::move(r);
            throw std::runtime_error("boom");
        });
        json reply = f.request(1, "test/throw");
        CHECK(error_code_of(reply) == error_code::InternalError);
        CHECK(error_message_of(reply).find("boom") != std::string::npos);
    }
    SECTION("params errors thrown by a json handler answer -32602") {
        f.dispatcher.on_request_json("test/manual", [](const json& params, ReplyOnce r) {
            OpenParams p;
            parse_params(params, p);
            r(nullptr);
        });
        json reply = f.request(1, "test/manual", {{"textDocument", 1}});
        CHECK(error_code_of(reply) == error_code::InvalidParams);
        CHECK(error_message_of(reply) == "textDocument: expected object");
    }
    SECTION("a reply moved to another thread answers from there") {
        std::thread worker;
        f.dispatcher.on_request_json("test/async", [&](const json&, ReplyOnce r) {
            worker = std::thread([r = std::move(r)]() mutable { r(json{{"done", true}}); });
        });
        f.transport.request(7, "test/async");
        f.transport.drain(f.dispatcher);
        worker.join();
        auto out = f.transport.take_sent();
        REQUIRE(out.size() == 1);
        CHECK(out[0]["result"]["done"] == true);
    }
    SECTION("move assignment over a pending reply answers the overwritten one") {
        std::vector<ReplyOnce> held;
        f.dispatcher.on_request_json(
            "test/hold", [&](const json&, ReplyOnce r) { held.push_back(std::move(r)); });
        f.transport.request(1, "test/hold");
        f.transport.request(2, "test/hold");
        f.transport.drain(f.dispatcher);
        CHECK(f.transport.take_sent().empty());
        held[0] = std::move(held[1]);
        auto out = f.transport.take_sent();
        REQUIRE(out.size() == 1);
        CHECK(out[0]["id"] == 1);
        CHECK(error_code_of(out[0]) == error_code::InternalError);
        CHECK(held[0].id() == 2);
        held[0](json(2));
        CHECK(f.transport.take_sent()[0]["result"] == 2);
    }
}

TEST_CASE("$/cancelRequest answers -32800 at once; the later reply is dropped",
          "[dispatch][cancel]") {
    Fixture f;
    f.initialize();
    std::vector<ReplyOnce> held;
    f.dispatcher.on_request_json("test/slow",
                                 [&](const json&, ReplyOnce r) { held.push_back(std::move(r)); });
    CHECK(f.send({{"jsonrpc", "2.0"}, {"id", "a"}, {"method", "test/slow"}}).empty());
    CHECK(f.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "test/slow"}}).empty());
    // Cancelling "1" (a string) must not cancel request 1 (an integer).
    CHECK(f.notify("$/cancelRequest", {{"id", "1"}}).empty());
    auto out = f.notify("$/cancelRequest", {{"id", 1}});
    REQUIRE(out.size() == 1);
    CHECK(out[0]["id"] == 1);
    CHECK(error_code_of(out[0]) == error_code::RequestCancelled);
    CHECK(held[1].cancelled());
    CHECK_FALSE(held[0].cancelled());
    held[1](json("too late"));
    CHECK(f.transport.take_sent().empty());
    CHECK_FALSE(f.logs.contains("second reply"));
    // Cancelling an answered or unknown request does nothing.
    held[0](json("ok"));
    CHECK(f.transport.take_sent().size() == 1);
    CHECK(f.notify("$/cancelRequest", {{"id", "a"}}).empty());
    CHECK(f.notify("$/cancelRequest", {{"id", 99}}).empty());
    CHECK(f.notify("$/cancelRequest", json::object()).empty());
}

TEST_CASE("cancellation racing a reply from another thread answers exactly once",
          "[dispatch][cancel]") {
    Fixture f;
    f.initialize();
    constexpr int kRequests = 200;
    std::vector<std::thread> workers;
    std::atomic<bool> go{false};
    f.dispatcher.on_request_json("test/race", [&](const json&, ReplyOnce r) {
        workers.emplace_back([&go, r = std::move(r)]() mutable {
            while (!go.load())
                std::this_thread::yield();
            r(json("result"));
        });
    });
    for (int i = 0; i < kRequests; ++i)
        f.transport.request(i, "test/race");
    f.transport.drain(f.dispatcher);
    go = true;
    for (int i = 0; i < kRequests; ++i)
        f.transport.notify("$/cancelRequest", {{"id", i}});
    f.transport.drain(f.dispatcher);
    for (auto& w : workers)
        w.join();
    auto out = f.transport.take_sent();
    std::vector<int> replies(kRequests, 0);
    for (const json& m : out) {
        REQUIRE(m["id"].is_number_integer());
        ++replies[m["id"].get<int>()];
        if (m.contains("error"))
            CHECK(error_code_of(m) == error_code::RequestCancelled);
    }
    for (int i = 0; i < kRequests; ++i) {
        INFO("request " << i);
        CHECK(replies[i] == 1);
    }
    CHECK_FALSE(f.logs.contains("second reply"));
}

TEST_CASE("lifecycle: shutdown, exit and exit codes", "[dispatch][lifecycle]") {
    Fixture f;
    SECTION("shutdown then exit: code 0") {
        f.initialize();
        json reply = f.request(1, "shutdown");
        CHECK(reply.contains("result"));
        CHECK(reply["result"].is_null());
        CHECK(f.dispatcher.shutdown_requested());
        CHECK(f.notify("exit").empty());
        CHECK(f.stopped);
        CHECK(f.dispatcher.exit_code() == 0);
    }
    SECTION("exit without shutdown: code 1") {
        f.initialize();
        f.notify("exit");
        CHECK(f.stopped);
        CHECK(f.dispatcher.exit_code() == 1);
    }
    SECTION("exit before initialize stops too, code 1") {
        f.notify("exit");
        CHECK(f.stopped);
        CHECK(f.dispatcher.exit_code() == 1);
    }
    SECTION("end of input without shutdown: loop returns false, code 1") {
        f.initialize();
        f.transport.close();
        CHECK_FALSE(f.transport.loop(f.dispatcher));
        CHECK(f.dispatcher.exit_code() == 1);
    }
    SECTION("requests after shutdown get -32600; a bound shutdown handler runs") {
        bool shutdown_ran = false;
        f.dispatcher.on_request_json("shutdown", [&](const json&, ReplyOnce r) {
            shutdown_ran = true;
            r(nullptr);
        });
        f.dispatcher.on_request_json("test/x", [](const json&, ReplyOnce r) { r(1); });
        f.initialize();
        f.request(1, "shutdown");
        CHECK(shutdown_ran);
        CHECK(error_code_of(f.request(2, "test/x")) == error_code::InvalidRequest);
        CHECK(error_code_of(f.request(3, "shutdown")) == error_code::InvalidRequest);
        CHECK(error_code_of(f.request(4, "initialize", json::object())) ==
              error_code::InvalidRequest);
    }
    SECTION("the exit handler runs and messages after exit stay queued") {
        bool exit_ran = false;
        f.dispatcher.on_notification_json("exit", [&](const json&) { exit_ran = true; });
        f.initialize();
        f.transport.notify("exit");
        f.transport.request(9, "test/never");
        CHECK(f.transport.drain(f.dispatcher));
        CHECK(exit_ran);
        CHECK(f.transport.take_sent().empty());
    }
}

TEST_CASE("notify and call go to the client; responses reach their callbacks", "[dispatch][call]") {
    Fixture f;
    f.initialize();
    f.dispatcher.notify("window/logMessage", {{"type", 3}, {"message", "hi"}});
    auto out = f.transport.take_sent();
    REQUIRE(out.size() == 1);
    CHECK(out[0] == json{{"jsonrpc", "2.0"},
                         {"method", "window/logMessage"},
                         {"params", {{"type", 3}, {"message", "hi"}}}});

    json got_result;
    ResponseError got_error;
    int results = 0, errors = 0;
    auto callback = [&](const json& result, const ResponseError* error) {
        if (error) {
            ++errors;
            got_error = *error;
        } else {
            ++results;
            got_result = result;
        }
    };
    f.dispatcher.call("workspace/applyEdit", {{"edit", json::object()}}, callback);
    f.dispatcher.call("window/workDoneProgress/create", {{"token", "t"}}, callback);
    out = f.transport.take_sent();
    REQUIRE(out.size() == 2);
    CHECK(out[0]["method"] == "workspace/applyEdit");
    CHECK(out[0]["id"] != out[1]["id"]);
    CHECK(f.send({{"jsonrpc", "2.0"},
                  {"id", out[1]["id"]},
                  {"error", {{"code", -32601}, {"message", "nope"}}}})
              .empty());
    CHECK(errors == 1);
    CHECK(got_error.code == -32601);
    CHECK(got_error.message == "nope");
    CHECK(f.send({{"jsonrpc", "2.0"}, {"id", out[0]["id"]}, {"result", {{"applied", true}}}})
              .empty());
    CHECK(results == 1);
    CHECK(got_result["applied"] == true);
    // A second response to the same id, or to an id never used, is ignored.
    CHECK(f.send({{"jsonrpc", "2.0"}, {"id", out[0]["id"]}, {"result", nullptr}}).empty());
    CHECK(f.send({{"jsonrpc", "2.0"}, {"id", "zzz"}, {"result", nullptr}}).empty());
    CHECK(results == 1);
    CHECK(f.logs.contains("unknown call"));
}

TEST_CASE("the pending call table is bounded: the oldest call fails", "[dispatch][call]") {
    Fixture f;
    f.initialize();
    std::vector<int> failed;
    std::vector<int> succeeded;
    for (int i = 0; i < static_cast<int>(Dispatcher::kMaxPendingCalls) + 3; ++i) {
        f.dispatcher.call("test/ping", nullptr, [&, i](const json&, const ResponseError* error) {
            (error ? failed : succeeded).push_back(i);
        });
    }
    CHECK(failed == std::vector<int>{0, 1, 2});
    auto out = f.transport.take_sent();
    REQUIRE(out.size() == Dispatcher::kMaxPendingCalls + 3);
    CHECK_FALSE(out.back().contains("params"));
    // The newest call is still pending and can complete; the dropped ones cannot complete again.
    f.send({{"jsonrpc", "2.0"}, {"id", out.back()["id"]}, {"result", 1}});
    f.send({{"jsonrpc", "2.0"}, {"id", out.front()["id"]}, {"result", 1}});
    CHECK(succeeded == std::vector<int>{static_cast<int>(Dispatcher::kMaxPendingCalls) + 2});
    CHECK(failed.size() == 3);
}

TEST_CASE("the in-memory transport runs the dispatcher on a thread", "[dispatch][memory]") {
    LogCapture logs;
    MemoryTransport transport;
    Dispatcher dispatcher(transport);
    dispatcher.on_request_json("test/echo", [](const json& p, ReplyOnce r) { r(p); });
    bool stopped_by_exit = false;
    std::thread server([&] { stopped_by_exit = transport.loop(dispatcher); });
    transport.request(1, "initialize", json::object());
    transport.request(2, "test/echo", {{"x", 1}});
    auto echo = transport.reply_to(2);
    REQUIRE(echo.has_value());
    CHECK((*echo)["result"]["x"] == 1);
    transport.request(3, "shutdown");
    transport.notify("exit");
    server.join();
    CHECK(stopped_by_exit);
    CHECK(dispatcher.exit_code() == 0);
    CHECK(transport.wait_for_sent(3, std::chrono::milliseconds(10)));
}
