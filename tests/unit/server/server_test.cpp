//===--- server_test.cpp - The language server driven through an in-memory transport -------===//
//
// Document flow (open, incremental and full changes, close), versions on diagnostics,
// latest-version-wins (stale results never published), debounce 0, pull diagnostics with
// resultId, size limit, dropped documents, settings. Keys are generated per run; failures
// print rule ids, versions and ranges, never a key.
//
//===--------------------------------------------------------------------------------------===//
#include "protocol/memory_transport.h"
#include "server/server.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

using secretls::protocol::json;
using secretls::protocol::MemoryTransport;
using secretls::server::DebouncePolicy;
using secretls::server::LspServer;
using secretls::server::ServerOptions;
using namespace std::chrono_literals;

namespace {

std::string fake_mailgun_key() {
    static std::mt19937_64 rng{std::random_device{}()};
    static const char* hex = "0123456789abcdef";
    std::string key = "key-";
    for (int i = 0; i < 32; ++i)
        key += hex[rng() % 16];
    return key;
}

// A server on its own thread, a client in the test.
struct Session {
    MemoryTransport transport;
    LspServer server;
    std::thread thread;
    int exit_code = -1;
    int next_id = 100;

    explicit Session(ServerOptions options, json init_options = json::object(),
                     json root_uri = nullptr)
        : server(transport, with_test_defaults(options)) {
        thread = std::thread([this] { exit_code = server.run(); });
        transport.request(1, "initialize",
                          {{"processId", nullptr},
                           {"rootUri", root_uri},
                           {"capabilities", json::object()},
                           {"initializationOptions", init_options}});
        auto reply = transport.reply_to(1, 30s);
        REQUIRE(reply.has_value());
        transport.notify("initialized", json::object());
    }
    ~Session() {
        transport.close();
        thread.join();
    }
    static ServerOptions with_test_defaults(ServerOptions o) {
        o.watch_parent = false;
        return o;
    }

    void open(const std::string& uri, const std::string& text, int version = 1) {
        transport.notify(
            "textDocument/didOpen",
            {{"textDocument",
              {{"uri", uri}, {"languageId", "python"}, {"version", version}, {"text", text}}}});
    }
    void change(const std::string& uri, int version, json changes) {
        transport.notify("textDocument/didChange",
                         {{"textDocument", {{"uri", uri}, {"version", version}}},
                          {"contentChanges", std::move(changes)}});
    }
    void insert(const std::string& uri, int version, int line, int character,
                const std::string& text) {
        json pos = {{"line", line}, {"character", character}};
        change(uri, version,
               json::array({{{"range", {{"start", pos}, {"end", pos}}}, {"text", text}}}));
    }
    // The publishDiagnostics for `uri` at `version` (waits).
    std::optional<json> diagnostics(const std::string& uri, std::optional<int> version) {
        return transport.wait_for(
            [&](const json& m) {
                if (m.value("method", "") != "textDocument/publishDiagnostics")
                    return false;
                const json& p = m["params"];
                if (p["uri"] != uri)
                    return false;
                if (!version)
                    return !p.contains("version");
                return p.contains("version") && p["version"] == *version;
            },
            10s);
    }
    std::vector<json> all_published(const std::string& uri) {
        std::vector<json> out;
        for (const json& m : transport.sent())
            if (m.value("method", "") == "textDocument/publishDiagnostics" &&
                m["params"]["uri"] == uri)
                out.push_back(m["params"]);
        return out;
    }
    json request(const std::string& method, json params) {
        int id = next_id++;
        transport.request(id, method, std::move(params));
        auto reply = transport.reply_to(id, 10s);
        REQUIRE(reply.has_value());
        return *reply;
    }
};

ServerOptions options_with_debounce(std::chrono::milliseconds d, unsigned threads = 2) {
    ServerOptions o;
    o.worker_threads = threads;
    o.debounce = DebouncePolicy::fixed(d);
    return o;
}

json range_of(const json& diagnostic) {
    return diagnostic["range"];
}

} // namespace

TEST_CASE("open, incremental change, full change and close publish versioned diagnostics",
          "[server]") {
    Session s(options_with_debounce(0ms));
    const std::string uri = "file:///tmp/a.py";
    std::string key = fake_mailgun_key();
    s.open(uri, "x = 1\nk = \"" + key + "\"\n");

    auto v1 = s.diagnostics(uri, 1);
    REQUIRE(v1);
    const json& d = (*v1)["params"]["diagnostics"];
    REQUIRE(d.size() == 1);
    CHECK(d[0]["code"] == "mailgun-api-key");
    CHECK(d[0]["source"] == "secretls");
    CHECK(range_of(d[0]) == json::parse(R"({"start":{"line":1,"character":5},
                                            "end":{"line":1,"character":41}})"));
    std::string message = d[0]["message"];
    CHECK(message.find(key) == std::string::npos);
    CHECK(message.find(key.substr(key.size() - 4)) != std::string::npos);

    s.insert(uri, 2, 0, 0, "# header\n");
    auto v2 = s.diagnostics(uri, 2);
    REQUIRE(v2);
    CHECK((*v2)["params"]["diagnostics"][0]["range"]["start"]["line"] == 2);

    s.change(uri, 3, json::array({{{"text", "nothing here\n"}}}));
    auto v3 = s.diagnostics(uri, 3);
    REQUIRE(v3);
    CHECK((*v3)["params"]["diagnostics"].empty());

    s.transport.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
    auto closed = s.diagnostics(uri, std::nullopt);
    REQUIRE(closed);
    CHECK((*closed)["params"]["diagnostics"].empty());
}

TEST_CASE("a newer version supersedes pending work: stale results are never published",
          "[server]") {
    // A long debounce: all changes arrive before the first scan may run.
    Session s(options_with_debounce(300ms));
    const std::string uri = "file:///tmp/stale.py";
    s.open(uri, "k = \"" + fake_mailgun_key() + "\"\n");
    for (int v = 2; v <= 10; ++v)
        s.insert(uri, v, 0, 0, "#\n");
    auto last = s.diagnostics(uri, 10);
    REQUIRE(last);
    CHECK((*last)["params"]["diagnostics"][0]["range"]["start"]["line"] == 9);
    s.server.wait_idle();
    for (const json& p : s.all_published(uri))
        CHECK(p["version"] == 10);
}

TEST_CASE("debounce 0 publishes every version in order", "[server]") {
    Session s(options_with_debounce(0ms));
    const std::string uri = "file:///tmp/typing.py";
    s.open(uri, "k = \"\"\n");
    REQUIRE(s.diagnostics(uri, 1));
    // Type a key one character at a time, waiting for each version's diagnostics.
    std::string key = fake_mailgun_key();
    for (size_t i = 0; i < key.size(); ++i) {
        int version = static_cast<int>(i) + 2;
        s.insert(uri, version, 0, static_cast<int>(5 + i), key.substr(i, 1));
        auto published = s.diagnostics(uri, version);
        REQUIRE(published);
        size_t expected = i + 1 == key.size() ? 1 : 0;
        CHECK((*published)["params"]["diagnostics"].size() == expected);
    }
    int previous = 0;
    for (const json& p : s.all_published(uri)) {
        CHECK(p["version"].get<int>() > previous);
        previous = p["version"];
    }
}

TEST_CASE("synchronous mode (lit-test) publishes before the next message is read", "[server]") {
    Session s(options_with_debounce(50ms, 0));
    const std::string uri = "file:///tmp/sync.py";
    s.open(uri, "k = '" + fake_mailgun_key() + "'\n");
    REQUIRE(s.diagnostics(uri, 1));
    CHECK(s.diagnostics(uri, 1)->at("params")["diagnostics"].size() == 1);
}

TEST_CASE("pull diagnostics: full report with resultId, then unchanged", "[server]") {
    Session s(options_with_debounce(0ms));
    const std::string uri = "file:///tmp/pull.py";
    s.open(uri, "a = '" + fake_mailgun_key() + "'\n");
    json first = s.request("textDocument/diagnostic", {{"textDocument", {{"uri", uri}}}});
    REQUIRE(first["result"]["kind"] == "full");
    REQUIRE(first["result"]["items"].size() == 1);
    std::string id = first["result"]["resultId"];

    json again = s.request("textDocument/diagnostic",
                           {{"textDocument", {{"uri", uri}}}, {"previousResultId", id}});
    CHECK(again["result"]["kind"] == "unchanged");
    CHECK(again["result"]["resultId"] == id);

    s.insert(uri, 2, 0, 0, "\n");
    json after = s.request("textDocument/diagnostic",
                           {{"textDocument", {{"uri", uri}}}, {"previousResultId", id}});
    CHECK(after["result"]["kind"] == "full");
    CHECK(after["result"]["resultId"] != id);
    CHECK(after["result"]["items"][0]["range"]["start"]["line"] == 1);

    json bad = s.request("textDocument/diagnostic", {{"textDocument", {{"uri", 5}}}});
    CHECK(bad["error"]["code"] == -32602);
}

TEST_CASE("documents over maxFileSize are skipped with a log message", "[server]") {
    Session s(options_with_debounce(0ms), {{"maxFileSize", 64}});
    const std::string uri = "file:///tmp/big.py";
    s.open(uri, std::string(100, '#') + "\nk = '" + fake_mailgun_key() + "'\n");
    auto message = s.transport.wait_for(
        [](const json& m) { return m.value("method", "") == "window/logMessage"; }, 10s);
    REQUIRE(message);
    CHECK(message->at("params")["message"].get<std::string>().find("maxFileSize") !=
          std::string::npos);
    s.server.wait_idle();
    for (const json& p : s.all_published(uri))
        CHECK(p["diagnostics"].empty());
    // A full change that fits brings the document back.
    s.change(uri, 2, json::array({{{"text", "k = '" + fake_mailgun_key() + "'"}}}));
    auto back = s.diagnostics(uri, 2);
    REQUIRE(back);
    CHECK(back->at("params")["diagnostics"].size() == 1);
}

TEST_CASE("a change that cannot apply drops the document instead of diverging", "[server]") {
    Session s(options_with_debounce(0ms));
    const std::string uri = "file:///tmp/bad.py";
    s.open(uri, "k = '" + fake_mailgun_key() + "'\nsecond line\n");
    REQUIRE(s.diagnostics(uri, 1));
    // A range that ends before it starts.
    s.change(uri, 2,
             json::array({{{"range",
                            {{"start", {{"line", 1}, {"character", 3}}},
                             {"end", {{"line", 0}, {"character", 1}}}}},
                           {"text", "x"}}}));
    auto dropped = s.diagnostics(uri, 2);
    REQUIRE(dropped);
    CHECK(dropped->at("params")["diagnostics"].empty());
    // Later incremental changes are ignored until a full change resynchronises.
    s.insert(uri, 3, 0, 0, "k2 = '" + fake_mailgun_key() + "'\n");
    s.change(uri, 4, json::array({{{"text", "z = '" + fake_mailgun_key() + "'"}}}));
    auto resynced = s.diagnostics(uri, 4);
    REQUIRE(resynced);
    CHECK(resynced->at("params")["diagnostics"].size() == 1);
    for (const json& p : s.all_published(uri))
        CHECK(p["version"] != 3);
}

TEST_CASE("disabledRules from didChangeConfiguration hides findings of that rule", "[server]") {
    Session s(options_with_debounce(0ms));
    const std::string uri = "file:///tmp/conf.py";
    s.open(uri, "k = '" + fake_mailgun_key() + "'\n");
    auto first = s.diagnostics(uri, 1);
    REQUIRE(first);
    REQUIRE(first->at("params")["diagnostics"].size() == 1);
    s.transport.take_sent();
    s.transport.notify("workspace/didChangeConfiguration",
                       {{"settings", {{"secretls", {{"disabledRules", {"mailgun-api-key"}}}}}}});
    auto again = s.diagnostics(uri, 1);
    REQUIRE(again);
    CHECK(again->at("params")["diagnostics"].empty());
}

TEST_CASE("a document reopened under the same uri starts afresh", "[server]") {
    Session s(options_with_debounce(0ms));
    const std::string uri = "file:///tmp/re.py";
    s.open(uri, "k = '" + fake_mailgun_key() + "'\n", 7);
    REQUIRE(s.diagnostics(uri, 7));
    s.transport.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
    REQUIRE(s.diagnostics(uri, std::nullopt));
    s.open(uri, "nothing\n", 1);
    auto reopened = s.diagnostics(uri, 1);
    REQUIRE(reopened);
    CHECK(reopened->at("params")["diagnostics"].empty());
}

TEST_CASE(".env files are reported only while git does not ignore them", "[server]") {
    namespace fs = std::filesystem;
    fs::path root =
        fs::temp_directory_path() / ("secretls-dotenv-" + std::to_string(std::random_device{}()));
    fs::create_directories(root / "app");
    Session s(options_with_debounce(0ms), json::object(), "file://" + root.string());
    auto open_dotenv = [&](const fs::path& path) {
        std::string uri = "file://" + path.string();
        s.transport.notify("textDocument/didOpen",
                           {{"textDocument",
                             {{"uri", uri},
                              {"languageId", "dotenv"},
                              {"version", 1},
                              {"text", "MAILGUN_API_KEY=" + fake_mailgun_key() + "\n"}}}});
        auto published = s.diagnostics(uri, 1);
        REQUIRE(published.has_value());
        return (*published)["params"]["diagnostics"].size();
    };

    // Not ignored: the key would be committed with the file.
    CHECK(open_dotenv(root / ".env") == 1);
    // Ignored by a .gitignore at the root: the value is where it belongs.
    std::ofstream(root / ".gitignore") << "node_modules/\n.env\n";
    CHECK(open_dotenv(root / "app" / ".env") == 0);
    // Only .env files get this treatment: the same line in a script is still reported.
    std::ofstream(root / ".gitignore", std::ios::app) << "*.sh\n";
    std::string script_uri = "file://" + (root / "app" / "deploy.sh").string();
    s.transport.notify("textDocument/didOpen",
                       {{"textDocument",
                         {{"uri", script_uri},
                          {"languageId", "shellscript"},
                          {"version", 1},
                          {"text", "MAILGUN_API_KEY=" + fake_mailgun_key() + "\n"}}}});
    auto script = s.diagnostics(script_uri, 1);
    REQUIRE(script.has_value());
    CHECK((*script)["params"]["diagnostics"].size() == 1);
    fs::remove_all(root);
}

TEST_CASE("a dependency's file (node_modules/...) gets no diagnostics unless configured",
          "[server]") {
    namespace fs = std::filesystem;
    fs::path root =
        fs::temp_directory_path() / ("secretls-deps-" + std::to_string(std::random_device{}()));
    fs::create_directories(root / "node_modules" / "pkg");
    auto published_count = [&](const fs::path& path) {
        Session s(options_with_debounce(0ms), json::object(), "file://" + root.string());
        const std::string uri = "file://" + path.string();
        s.open(uri, "MAILGUN_API_KEY = '" + fake_mailgun_key() + "'\n");
        auto published = s.diagnostics(uri, 1);
        REQUIRE(published.has_value());
        return (*published)["params"]["diagnostics"].size();
    };
    CHECK(published_count(root / "node_modules" / "pkg" / "index.py") == 0);
    CHECK(published_count(root / "app.py") == 1);
    std::ofstream(root / ".secretls.toml") << "skip_dependencies = false\n";
    CHECK(published_count(root / "node_modules" / "pkg" / "index.py") == 1);
    fs::remove_all(root);
}
