//===--- server.cpp - LSP methods: lifecycle, document sync, diagnostics, features --------===//
//
// Every handler here runs on the reader thread and returns quickly: document work goes to
// the document's lane (server/scheduler.h). Per document (OpenDocument):
//   - `latest_version` is written by the reader thread when a change arrives, before the
//     change is queued: a lane task comparing it with the version it holds knows whether a
//     newer change is on its way (then it neither scans nor publishes: latest version wins);
//   - `closed` is set under `publish_mutex` by didClose, and every publication checks it
//     under the same mutex, so nothing is published for a document after its empty
//     close-time diagnostics (and a reopened document gets a fresh OpenDocument).
//
//===--------------------------------------------------------------------------------------===//
#include "server/server.h"

#include "detectors/rule_loader.h"
#include "protocol/lifecycle.h"
#include "protocol/log.h"
#include "protocol/text_document.h"
#include "server/actions.h"
#include "server/cli.h"
#include "server/document.h"
#include "server/engine.h"
#include "server/fixes/language.h"
#include "server/fixes/workspace_files.h"
#include "server/json_member.h"
#include "server/uri.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace secretls::server {

namespace log = protocol::log;
using detectors::Finding;
using protocol::PositionEncoding;
using protocol::ReplyOnce;

namespace {

struct Settings {
    std::chrono::milliseconds debounce{30};
    size_t max_file_size = kDefaultMaxFileSize;
    std::set<std::string> disabled_rules;
};

// One open document. See the file comment for the cross-thread fields.
struct OpenDocument {
    std::string uri;
    std::string path;
    std::string relative_path; // as the workspace configuration sees it
    std::string language_id;
    std::shared_ptr<Lane> lane;
    std::atomic<int> latest_version{0};
    std::atomic<bool> closed{false};
    // Written on the lane only; read outside it (find_occurrences) under `mutex`.
    std::mutex mutex;
    std::optional<Document> doc; // nullopt: too large to scan, or dropped after a bad change
    // Lane only.
    std::shared_ptr<const Engine> engine; // the one `doc`'s findings were computed with
    bool too_large = false;
    json diagnostics = json::array(); // for diagnostics_version
    int diagnostics_version = -1;
    std::string result_id; // of `diagnostics`, for pull diagnostics
};

std::atomic<uint64_t> next_result_id{1};

// file:///a%20b/c.py -> /a b/c.py; "" for other schemes.
std::string path_of_uri(std::string_view uri) {
    constexpr std::string_view scheme = "file://";
    if (!uri.starts_with(scheme))
        return "";
    uri.remove_prefix(scheme.size());
    size_t slash = uri.find('/');
    if (slash == std::string_view::npos)
        return "";
    uri.remove_prefix(slash); // the authority (usually empty or "localhost")
    // A malformed escape: the text as it is, rather than no document.
    return percent_decoded(uri).value_or(std::string(uri));
}

json position_json(protocol::Position p) {
    return {{"line", p.line}, {"character", p.character}};
}

json range_json(protocol::Range r) {
    return {{"start", position_json(r.start)}, {"end", position_json(r.end)}};
}

int lsp_severity(detectors::Severity s) {
    switch (s) {
    case detectors::Severity::Error:
        return 1;
    case detectors::Severity::Warning:
        return 2;
    case detectors::Severity::Info:
        return 3;
    case detectors::Severity::Hint:
        return 4;
    }
    return 2;
}

// `cursor` counts the columns of the document's findings, converted in order.
json diagnostic_json(const Document& doc, const Finding& f, const detectors::Rule& rule,
                     protocol::ColumnCursor& cursor) {
    std::string_view secret(doc.text().data() + f.secret.begin, f.secret.end - f.secret.begin);
    json d = {{"range", range_json(doc.range_of(f.secret, cursor))},
              {"severity", lsp_severity(rule.severity)},
              {"code", rule.id},
              {"source", "secretls"},
              {"message", finding_message(rule, secret)},
              {"data", {{"rule", rule.id}, {"fingerprint", finding_fingerprint(rule.id, secret)}}}};
    if (!rule.link.empty())
        d["codeDescription"] = {{"href", rule.link}};
    return d;
}

// The client's offer decides (protocol::negotiate_position_encoding: utf-8 when offered,
// else the first of utf-16/utf-32 in the client's order, else utf-16). Capabilities that
// do not parse leave the default rather than failing initialize.
PositionEncoding negotiate_encoding(const json& params) {
    const json* caps = nullptr;
    if (auto it = params.find("capabilities"); it != params.end() && it->is_object())
        caps = &*it;
    if (caps == nullptr)
        return PositionEncoding::UTF16;
    protocol::ClientCapabilities parsed;
    try {
        from_json(protocol::ObjectReader(*caps, "capabilities"), parsed);
    } catch (const protocol::InvalidParamsError&) {
        return PositionEncoding::UTF16;
    }
    return protocol::negotiate_position_encoding(parsed);
}

// Reads the options shared by initializationOptions and settings.secretls. Wrong types are
// reported and ignored (a typo in a user's settings must not stop the server).
void read_settings(const json& source, Settings& settings, std::string& problems) {
    if (const json* v = member(source, "debounceMs")) {
        if (v->is_number_unsigned() || (v->is_number_integer() && v->get<long long>() >= 0))
            settings.debounce = std::chrono::milliseconds(v->get<long long>());
        else
            problems += "debounceMs: expected a non-negative integer; ";
    }
    if (const json* v = member(source, "maxFileSize")) {
        if (v->is_number_unsigned() || (v->is_number_integer() && v->get<long long>() >= 0))
            settings.max_file_size = v->get<size_t>();
        else
            problems += "maxFileSize: expected a non-negative integer; ";
    }
    if (const json* v = member(source, "disabledRules")) {
        if (v->is_array()) {
            settings.disabled_rules.clear();
            for (const json& id : *v)
                if (id.is_string())
                    settings.disabled_rules.insert(id.get<std::string>());
        } else {
            problems += "disabledRules: expected an array of rule ids; ";
        }
    }
}

} // namespace

struct LspServer::Impl {
    Impl(protocol::Transport& t, ServerOptions o)
        : transport(t), options(std::move(o)), dispatcher(t), scheduler(options.worker_threads) {
        settings.debounce = options.debounce.compute();
        settings.max_file_size = options.max_file_size;
        bind();
    }
    ~Impl() { stop_documents(); }

    // After `exit` (or end of input) nothing more is published; running scans finish.
    void stop_documents() {
        if (parent_watch.joinable()) {
            parent_watch.request_stop();
            parent_watch.join();
        }
        std::map<std::string, std::shared_ptr<OpenDocument>> open;
        {
            std::lock_guard lock(docs_mutex);
            open.swap(docs);
        }
        for (auto& [uri, state] : open)
            state->closed = true;
        scheduler.wait_idle();
    }

    protocol::Transport& transport;
    ServerOptions options;
    protocol::Dispatcher dispatcher;
    Scheduler scheduler;

    // Rules and workspace configuration. Set by initialize; replaced as a whole (never
    // modified) when a configuration file changes, so a lane keeps using the engine its
    // document's findings (rule indexes) came from until it adopts the new one.
    std::mutex engine_mutex;
    std::shared_ptr<const Engine> engine;
    EngineOptions engine_options;      // to rebuild the engine on reload (config lane)
    std::shared_ptr<Lane> config_lane; // reloads run here, one at a time
    // Configuration files open in the editor: their text (nullopt once closed), waiting for
    // the next reload to move it into engine_options.unsaved.
    std::mutex unsaved_mutex;
    std::map<std::filesystem::path, std::optional<std::string>> pending_unsaved;
    std::vector<std::string> last_reported_errors; // config lane (and initialize, before it)
    bool client_watches_files = false;             // dynamic registration of file watchers
    PositionEncoding encoding = PositionEncoding::UTF16;
    std::string workspace_root;
    bool supports_document_changes = false;
    bool supports_create_file = false;

    std::mutex settings_mutex;
    Settings settings;

    std::mutex docs_mutex;
    std::map<std::string, std::shared_ptr<OpenDocument>> docs;

    std::mutex publish_mutex;
    std::jthread parent_watch;

    std::shared_ptr<const Engine> current_engine() {
        std::lock_guard lock(engine_mutex);
        return engine;
    }

    Settings current_settings() {
        std::lock_guard lock(settings_mutex);
        return settings;
    }

    std::shared_ptr<OpenDocument> find(const std::string& uri) {
        std::lock_guard lock(docs_mutex);
        auto it = docs.find(uri);
        return it == docs.end() ? nullptr : it->second;
    }

    void log_message(int type, const std::string& message) {
        dispatcher.notify("window/logMessage", {{"type", type}, {"message", message}});
    }

    // ---- lifecycle --------------------------------------------------------------------

    void bind() {
        dispatcher.on_request_json("initialize", [this](const json& params, ReplyOnce reply) {
            on_initialize(params, std::move(reply));
        });
        dispatcher.on_notification_json("initialized",
                                        [this](const json&) { watch_configuration_files(); });
        dispatcher.on_notification<protocol::DidOpenTextDocumentParams>(
            "textDocument/didOpen", [this](const auto& p) { on_did_open(p); });
        dispatcher.on_notification<protocol::DidChangeTextDocumentParams>(
            "textDocument/didChange", [this](const auto& p) { on_did_change(p); });
        dispatcher.on_notification<protocol::DidCloseTextDocumentParams>(
            "textDocument/didClose", [this](const auto& p) { on_did_close(p); });
        // Every change was already scanned; a save matters only for configuration files.
        dispatcher.on_notification<protocol::DidSaveTextDocumentParams>(
            "textDocument/didSave", [this](const auto& p) {
                if (is_configuration_file(path_of_uri(p.text_document.uri)))
                    schedule_reload();
            });
        dispatcher.on_notification_json(
            "workspace/didChangeWatchedFiles",
            [this](const json& params) { on_did_change_watched_files(params); });
        dispatcher.on_notification_json(
            "workspace/didChangeConfiguration",
            [this](const json& params) { on_did_change_configuration(params); });
        dispatcher.on_request_json("textDocument/diagnostic",
                                   [this](const json& params, ReplyOnce reply) {
                                       on_document_diagnostic(params, std::move(reply));
                                   });
        bind_actions();
    }

    void on_initialize(const json& params, ReplyOnce reply) {
        encoding = negotiate_encoding(params);
        Settings initial = current_settings();
        std::string problems;
        read_workspace(params);
        engine_options.root = workspace_root;
        if (const json* init = member(params, "initializationOptions")) {
            read_settings(*init, initial, problems);
            if (const json* config = member(*init, "configFile"); config && config->is_string())
                engine_options.config_file = config->get<std::string>();
        }
        {
            std::lock_guard lock(settings_mutex);
            settings = initial;
        }
        read_client_capabilities(params);
        auto first = std::make_shared<const Engine>(make_engine(engine_options));
        {
            std::lock_guard lock(engine_mutex);
            engine = first;
        }
        config_lane = scheduler.make_lane();
        reply(initialize_result());
        if (!problems.empty())
            log_message(2, "secretls: initializationOptions: " + problems);
        for (const std::string& e : first->builtin_errors)
            log::warn(e);
        report_engine_errors(*first);
        if (const json* pid = member(params, "processId"); pid && pid->is_number_integer())
            watch_parent(pid->get<long long>());
    }

    void read_workspace(const json& params) {
        if (const json* folders = member(params, "workspaceFolders");
            folders && folders->is_array() && !folders->empty())
            if (const json* uri = member((*folders)[0], "uri"); uri && uri->is_string())
                workspace_root = path_of_uri(uri->get<std::string>());
        if (workspace_root.empty())
            if (const json* uri = member(params, "rootUri"); uri && uri->is_string())
                workspace_root = path_of_uri(uri->get<std::string>());
    }

    void read_client_capabilities(const json& params) {
        const json* caps = member(params, "capabilities");
        const json* ws = caps ? member(*caps, "workspace") : nullptr;
        const json* watched = ws ? member(*ws, "didChangeWatchedFiles") : nullptr;
        if (const json* dyn = watched ? member(*watched, "dynamicRegistration") : nullptr)
            client_watches_files = dyn->is_boolean() && dyn->get<bool>();
        const json* edit = ws ? member(*ws, "workspaceEdit") : nullptr;
        if (!edit)
            return;
        if (const json* dc = member(*edit, "documentChanges"); dc && dc->is_boolean())
            supports_document_changes = dc->get<bool>();
        if (const json* ops = member(*edit, "resourceOperations"); ops && ops->is_array())
            for (const json& op : *ops)
                supports_create_file |= op == "create";
    }

    json initialize_result() const {
        json caps = {
            {"positionEncoding", protocol::to_string(encoding)},
            {"textDocumentSync",
             {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
            {"diagnosticProvider",
             {{"identifier", "secretls"},
              {"interFileDependencies", false},
              {"workspaceDiagnostics", false}}},
        };
        caps["hoverProvider"] = true;
        caps["referencesProvider"] = true;
        caps["codeActionProvider"] = {{"codeActionKinds", advertised_code_action_kinds()},
                                      {"resolveProvider", false}};
        return {{"capabilities", caps},
                {"serverInfo", {{"name", "secretls"}, {"version", version_string()}}}};
    }

    // Exit when the editor that started us died without saying goodbye (vls main.ts).
    void watch_parent(long long pid) {
        if (!options.watch_parent || pid <= 0)
            return;
        parent_watch = std::jthread([pid](std::stop_token stop) {
            while (!stop.stop_requested()) {
                if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
                    log::error("parent process ", pid, " is gone; exiting");
                    std::_Exit(1);
                }
                for (int i = 0; i < 20 && !stop.stop_requested(); ++i)
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        });
    }

    // ---- workspace configuration: reload when its files change ---------------------------

    // The files make_engine() reads; a change to any of them changes what is reported (the
    // "disable rule" and "add to .secretlsignore" fixes rely on this to take effect).
    static constexpr std::array<std::string_view, 4> kConfigurationFiles = {
        ".secretls.toml", ".gitleaks.toml", ".gitleaksignore", ".secretlsignore"};

    bool is_configuration_file(const std::string& path) const {
        if (path.empty())
            return false;
        const std::filesystem::path p(path);
        if (!engine_options.config_file.empty() && p == engine_options.config_file)
            return true;
        if (workspace_root.empty() || p.parent_path() != std::filesystem::path(workspace_root))
            return false;
        const std::string name = p.filename().string();
        return std::find(kConfigurationFiles.begin(), kConfigurationFiles.end(), name) !=
               kConfigurationFiles.end();
    }

    // Asks the client to tell us about changes to the configuration files, also when they
    // are edited outside the editor (git checkout, another tool). Clients without dynamic
    // registration still send didSave for the files open in them.
    void watch_configuration_files() {
        if (!client_watches_files || workspace_root.empty())
            return;
        json watchers = json::array();
        for (std::string_view name : kConfigurationFiles)
            watchers.push_back({{"globPattern", "**/" + std::string(name)}});
        if (!engine_options.config_file.empty())
            watchers.push_back({{"globPattern", engine_options.config_file.string()}});
        json registration = {{"id", "secretls-configuration-files"},
                             {"method", "workspace/didChangeWatchedFiles"},
                             {"registerOptions", {{"watchers", watchers}}}};
        dispatcher.call(
            "client/registerCapability", {{"registrations", json::array({registration})}},
            [](const json&, const protocol::ResponseError* error) {
                if (error)
                    log::warn("the client refused to watch configuration files: ", error->message);
            });
    }

    void on_did_change_watched_files(const json& params) {
        const json* changes = member(params, "changes");
        if (!changes || !changes->is_array())
            return;
        for (const json& change : *changes)
            if (const json* uri = member(change, "uri"); uri && uri->is_string())
                if (is_configuration_file(path_of_uri(uri->get<std::string>())))
                    return schedule_reload();
    }

    // A burst of events (a save touching several files, a checkout) gives one reload; so
    // does a burst of keystrokes in an open configuration file (a longer pause).
    void schedule_reload(std::chrono::milliseconds delay = std::chrono::milliseconds(20)) {
        if (!config_lane)
            return;
        scheduler.schedule_after(*config_lane, delay, [this] { reload_engine(); });
    }

    // Document lane. The editor's text of an open configuration file counts, unsaved edits
    // included: "Disable rule" edits .secretls.toml through the editor, and clients such as
    // Neovim and Emacs leave the edited buffer unsaved. On close the file on disk counts again.
    void track_configuration_text(const std::shared_ptr<OpenDocument>& state, bool closed) {
        if (!is_configuration_file(state->path))
            return;
        {
            std::lock_guard lock(unsaved_mutex);
            if (closed) {
                pending_unsaved[state->path] = std::nullopt;
            } else {
                std::lock_guard doc_lock(state->mutex);
                if (!state->doc)
                    return;
                pending_unsaved[state->path] = state->doc->text();
            }
        }
        schedule_reload(std::chrono::milliseconds(closed ? 20 : 250));
    }

    // Config lane. Builds the new engine off the reader thread, swaps it in, and has every
    // open document re-scanned and re-published with it. An unsaved configuration file with
    // errors (half-typed) leaves the current engine in place: findings do not flicker while
    // the user types, and the last good configuration stays in force.
    void reload_engine() {
        std::vector<std::filesystem::path> unsaved_changed;
        {
            std::lock_guard lock(unsaved_mutex);
            for (auto& [path, text] : pending_unsaved) {
                if (text)
                    engine_options.unsaved[path] = std::move(*text);
                else
                    engine_options.unsaved.erase(path);
                unsaved_changed.push_back(path);
            }
            pending_unsaved.clear();
        }
        auto fresh = std::make_shared<const Engine>(make_engine(engine_options));
        report_engine_errors(*fresh);
        if (has_unsaved_errors(*fresh)) {
            log::info("configuration not reloaded: an unsaved configuration file has errors");
            return;
        }
        {
            std::lock_guard lock(engine_mutex);
            engine = fresh;
        }
        log::info("workspace configuration reloaded: ", fresh->scanner->rules().size(), " rules");
        for (auto& state : open_documents())
            scheduler.post(*state->lane, [this, state] { scan_and_publish(state); });
    }

    bool has_unsaved_errors(const Engine& e) const {
        for (const auto& [path, text] : engine_options.unsaved)
            for (const std::string& error : e.errors)
                if (error.starts_with(path.string() + ":"))
                    return true;
        return false;
    }

    // Config lane. Each distinct set of problems is reported once (a user typing in a
    // configuration file would otherwise get one message per pause).
    void report_engine_errors(const Engine& e) {
        if (e.errors == last_reported_errors)
            return;
        last_reported_errors = e.errors;
        for (const std::string& error : e.errors) {
            log::warn(error);
            log_message(2, "secretls: " + error);
        }
    }

    std::vector<std::shared_ptr<OpenDocument>> open_documents() {
        std::vector<std::shared_ptr<OpenDocument>> open;
        std::lock_guard lock(docs_mutex);
        for (auto& [uri, state] : docs)
            open.push_back(state);
        return open;
    }

    // Lane only. Moves a document to the current engine: its findings refer to the rules of
    // the engine they came from, so they are all computed again.
    void adopt_current_engine(OpenDocument& state) {
        std::shared_ptr<const Engine> latest = current_engine();
        if (state.engine == latest || !state.doc)
            return;
        const int context_lines = latest->scanner->max_context_lines();
        std::lock_guard lock(state.mutex);
        std::string text = state.doc->text();
        const int version = state.doc->version();
        state.doc.emplace(std::move(text), version, encoding, context_lines);
        state.engine = std::move(latest);
        state.diagnostics_version = -1;
    }

    // ---- document sync ------------------------------------------------------------------

    void on_did_open(const protocol::DidOpenTextDocumentParams& p) {
        std::shared_ptr<const Engine> latest = current_engine();
        if (!latest)
            return;
        const protocol::TextDocumentItem& item = p.text_document;
        auto state = std::make_shared<OpenDocument>();
        state->uri = item.uri;
        state->path = path_of_uri(item.uri);
        state->relative_path = latest->relative_path(state->path);
        state->language_id = item.language_id;
        state->lane = scheduler.make_lane();
        state->latest_version = item.version;
        std::shared_ptr<OpenDocument> previous;
        {
            std::lock_guard lock(docs_mutex);
            auto& slot = docs[item.uri];
            previous = std::exchange(slot, state);
        }
        if (previous) // opened twice without a close: the old state stops publishing
            previous->closed = true;
        scheduler.post(*state->lane,
                       [this, state, text = item.text, version = item.version]() mutable {
                           open_on_lane(state, std::move(text), version);
                       });
    }

    void open_on_lane(const std::shared_ptr<OpenDocument>& state, std::string text, int version) {
        if (state->closed)
            return;
        if (text.size() > current_settings().max_file_size) {
            mark_too_large(state, text.size());
            return;
        }
        {
            std::lock_guard lock(state->mutex);
            state->engine = current_engine();
            state->doc.emplace(std::move(text), version, encoding,
                               state->engine->scanner->max_context_lines());
        }
        track_configuration_text(state, false);
        schedule_scan(state);
    }

    void mark_too_large(const std::shared_ptr<OpenDocument>& state, size_t size) {
        state->too_large = true;
        {
            std::lock_guard lock(state->mutex);
            state->doc.reset();
        }
        log_message(3, "secretls: " + state->uri + " is " + std::to_string(size) +
                           " bytes, more than maxFileSize (" +
                           std::to_string(current_settings().max_file_size) + "): not scanned");
        publish(state, json::array(), std::nullopt);
    }

    void on_did_change(const protocol::DidChangeTextDocumentParams& p) {
        auto state = find(p.text_document.uri);
        if (!state) {
            log::warn("didChange for a document that is not open: ", p.text_document.uri);
            return;
        }
        int version = p.text_document.version.value_or(state->latest_version + 1);
        state->latest_version = version;
        scheduler.post(*state->lane, [this, state, changes = p.content_changes, version] {
            change_on_lane(state, changes, version);
        });
    }

    void change_on_lane(const std::shared_ptr<OpenDocument>& state,
                        const std::vector<protocol::TextDocumentContentChangeEvent>& changes,
                        int version) {
        if (state->closed)
            return;
        size_t first = 0;
        if (!state->doc) {
            // Without text, only a full replacement can bring the document back.
            auto full = std::find_if(changes.rbegin(), changes.rend(),
                                     [](const auto& c) { return !c.range; });
            if (full == changes.rend())
                return;
            first = static_cast<size_t>(changes.rend() - full) - 1;
            state->too_large = false;
            std::lock_guard lock(state->mutex);
            state->engine = current_engine();
            state->doc.emplace(std::string(), version, encoding,
                               state->engine->scanner->max_context_lines());
        }
        try {
            std::lock_guard lock(state->mutex);
            for (size_t i = first; i < changes.size(); ++i)
                state->doc->apply({changes[i].range, changes[i].text});
            state->doc->set_version(version);
        } catch (const std::exception& e) {
            // Never diverge from the client's text: forget it until a full change.
            log::error("dropping ", state->uri, ": a change did not apply: ", e.what());
            {
                std::lock_guard lock(state->mutex);
                state->doc.reset();
            }
            publish(state, json::array(), version);
            return;
        }
        if (state->doc->text().size() > current_settings().max_file_size) {
            mark_too_large(state, state->doc->text().size());
            return;
        }
        track_configuration_text(state, false);
        schedule_scan(state);
    }

    void on_did_close(const protocol::DidCloseTextDocumentParams& p) {
        std::shared_ptr<OpenDocument> state;
        {
            std::lock_guard lock(docs_mutex);
            auto it = docs.find(p.text_document.uri);
            if (it == docs.end())
                return;
            state = std::move(it->second);
            docs.erase(it);
        }
        {
            std::lock_guard lock(publish_mutex);
            state->closed = true;
            dispatcher.notify("textDocument/publishDiagnostics",
                              {{"uri", state->uri}, {"diagnostics", json::array()}});
        }
        track_configuration_text(state, true);
        // Free the text now; queued work for this document sees `closed` and stops.
        scheduler.post(*state->lane, [state] {
            std::lock_guard lock(state->mutex);
            state->doc.reset();
        });
    }

    void on_did_change_configuration(const json& params) {
        const json* all = member(params, "settings");
        const json* ours = all ? member(*all, "secretls") : nullptr;
        if (!ours)
            return;
        std::string problems;
        {
            std::lock_guard lock(settings_mutex);
            read_settings(*ours, settings, problems);
        }
        if (!problems.empty())
            log_message(2, "secretls: settings: " + problems);
        // disabledRules may have changed what is reported: publish again.
        for (auto& state : open_documents())
            scheduler.post(*state->lane, [this, state] {
                if (!state->doc || state->closed)
                    return;
                state->diagnostics_version = -1;
                scan_and_publish(state);
            });
    }

    // ---- scanning and publishing --------------------------------------------------------

    void schedule_scan(const std::shared_ptr<OpenDocument>& state) {
        scheduler.schedule_after(*state->lane, current_settings().debounce,
                                 [this, state] { scan_and_publish(state); });
    }

    // Lane only. Brings the findings and diagnostics up to date with the document's text.
    void refresh(const std::shared_ptr<OpenDocument>& state) {
        adopt_current_engine(*state);
        Document& doc = *state->doc;
        const Engine& eng = *state->engine;
        if (doc.needs_rescan()) {
            std::lock_guard lock(state->mutex);
            doc.rescan(*eng.scanner, {state->relative_path, state->language_id});
        }
        if (state->diagnostics_version == doc.version() && !doc.needs_rescan())
            return;
        std::set<std::string> disabled = current_settings().disabled_rules;
        json items = json::array();
        // A git-ignored .env file is where secrets belong: nothing to report there. Read the
        // .gitignore files each time, so that the "add .env to .gitignore" fix takes effect
        // at the next edit.
        if (is_gitignored_dotenv(*state))
            return store_diagnostics(*state, std::move(items), doc.version());
        protocol::ColumnCursor cursor(doc.encoding());
        for (const Finding& f : doc.findings()) {
            const detectors::Rule& rule = eng.scanner->rules()[f.rule_index];
            if (!disabled.count(rule.id) && !eng.suppressed(state->relative_path, doc.text(), f))
                items.push_back(diagnostic_json(doc, f, rule, cursor));
        }
        store_diagnostics(*state, std::move(items), doc.version());
    }

    // Lane only. A new resultId only when the diagnostics changed (pull clients then get
    // "unchanged").
    static void store_diagnostics(OpenDocument& state, json items, int version) {
        if (items != state.diagnostics || state.result_id.empty()) {
            state.diagnostics = std::move(items);
            state.result_id = std::to_string(next_result_id++);
        }
        state.diagnostics_version = version;
    }

    bool is_gitignored_dotenv(const OpenDocument& state) const {
        if (workspace_root.empty() || state.path.empty())
            return false;
        if (fixes::detect_language(state.language_id, state.path) != fixes::Language::Dotenv)
            return false;
        return fixes::dotenv_is_gitignored(workspace_root, state.path);
    }

    void scan_and_publish(const std::shared_ptr<OpenDocument>& state) {
        if (state->closed || !state->doc)
            return;
        // A newer change is queued behind us: it will scan; this version is stale already.
        if (state->doc->version() != state->latest_version)
            return;
        refresh(state);
        publish(state, state->diagnostics, state->doc->version());
    }

    void publish(const std::shared_ptr<OpenDocument>& state, const json& diagnostics,
                 std::optional<int> version) {
        std::lock_guard lock(publish_mutex);
        if (state->closed)
            return;
        // Results for an older version are dropped, never published.
        if (version && *version != state->latest_version)
            return;
        json params = {{"uri", state->uri}, {"diagnostics", diagnostics}};
        if (version)
            params["version"] = *version;
        dispatcher.notify("textDocument/publishDiagnostics", std::move(params));
    }

    // ---- pull diagnostics (LSP 3.17) ----------------------------------------------------

    void on_document_diagnostic(const json& params, ReplyOnce reply) {
        protocol::TextDocumentIdentifier id;
        std::optional<std::string> previous;
        try {
            protocol::ObjectReader in(params, "");
            in.required("textDocument", id);
            in.optional("previousResultId", previous);
        } catch (const protocol::InvalidParamsError& e) {
            reply.error({protocol::error_code::InvalidParams, e.what()});
            return;
        }
        auto state = find(id.uri);
        if (!state) {
            reply(json{{"kind", "full"}, {"items", json::array()}});
            return;
        }
        auto shared_reply = std::make_shared<ReplyOnce>(std::move(reply));
        scheduler.post(*state->lane, [this, state, previous, shared_reply] {
            if (shared_reply->cancelled())
                return;
            if (!state->doc || state->closed) {
                (*shared_reply)(json{{"kind", "full"}, {"items", json::array()}});
                return;
            }
            refresh(state);
            if (previous && *previous == state->result_id)
                (*shared_reply)(json{{"kind", "unchanged"}, {"resultId", state->result_id}});
            else
                (*shared_reply)(json{{"kind", "full"},
                                     {"resultId", state->result_id},
                                     {"items", state->diagnostics}});
        });
    }

    // ---- hover, code actions, references (server/actions.h) -----------------------------

    std::vector<Occurrence> find_occurrences(std::string_view secret) {
        std::vector<Occurrence> out;
        if (secret.empty())
            return out;
        for (auto& state : open_documents()) {
            std::lock_guard lock(state->mutex);
            if (!state->doc)
                continue;
            const std::string& text = state->doc->text();
            for (size_t at = text.find(secret); at != std::string::npos;
                 at = text.find(secret, at + secret.size()))
                out.push_back({state->uri, state->doc->range_of({at, at + secret.size()})});
        }
        return out;
    }

    // Runs `fn(snapshot, context)` on the document's lane with up-to-date findings, and
    // replies with its result (or `fallback` when the document is unknown).
    void with_snapshot(const std::string& uri, ReplyOnce reply, json fallback,
                       std::function<json(const DocumentSnapshot&, const ActionContext&)> fn) {
        auto state = find(uri);
        if (!state) {
            reply(std::move(fallback));
            return;
        }
        auto shared_reply = std::make_shared<ReplyOnce>(std::move(reply));
        scheduler.post(*state->lane, [this, state, shared_reply, fallback, fn] {
            if (shared_reply->cancelled())
                return;
            if (!state->doc || state->closed) {
                (*shared_reply)(fallback);
                return;
            }
            refresh(state);
            DocumentSnapshot snapshot;
            {
                std::lock_guard lock(state->mutex);
                snapshot = {state->uri,         state->path,
                            state->language_id, state->doc->version(),
                            state->doc->text(), state->doc->findings()};
            }
            std::shared_ptr<const Engine> eng = state->engine; // alive until fn returns
            ActionContext ctx{*eng->scanner,
                              encoding,
                              workspace_root,
                              [this](std::string_view s) { return find_occurrences(s); },
                              supports_document_changes,
                              supports_create_file};
            try {
                (*shared_reply)(fn(snapshot, ctx));
            } catch (const std::exception& e) {
                shared_reply->error({protocol::error_code::InternalError, e.what()});
            }
        });
    }

    void bind_actions() {
        dispatcher.on_request<protocol::TextDocumentPositionParams>(
            "textDocument/hover", [this](const auto& p, ReplyOnce reply) {
                with_snapshot(p.text_document.uri, std::move(reply), nullptr,
                              [pos = p.position](const auto& doc, const auto& ctx) -> json {
                                  auto h = hover(doc, pos, ctx);
                                  return h ? *h : json(nullptr);
                              });
            });
        dispatcher.on_request<protocol::TextDocumentPositionParams>(
            "textDocument/references", [this](const auto& p, ReplyOnce reply) {
                with_snapshot(p.text_document.uri, std::move(reply), json::array(),
                              [pos = p.position](const auto& doc, const auto& ctx) {
                                  return references(doc, pos, ctx);
                              });
            });
        dispatcher.on_request_json(
            "textDocument/codeAction", [this](const json& params, ReplyOnce reply) {
                protocol::TextDocumentIdentifier id;
                try {
                    protocol::ObjectReader in(params, "");
                    in.required("textDocument", id);
                } catch (const protocol::InvalidParamsError& e) {
                    reply.error({protocol::error_code::InvalidParams, e.what()});
                    return;
                }
                with_snapshot(id.uri, std::move(reply), json::array(),
                              [params](const auto& doc, const auto& ctx) {
                                  return code_actions(doc, params, ctx);
                              });
            });
    }
};

LspServer::LspServer(protocol::Transport& transport, ServerOptions options)
    : impl_(std::make_unique<Impl>(transport, std::move(options))) {}

LspServer::~LspServer() = default;

int LspServer::run() {
    impl_->transport.loop(impl_->dispatcher);
    impl_->stop_documents();
    return impl_->dispatcher.exit_code();
}

protocol::Dispatcher& LspServer::dispatcher() {
    return impl_->dispatcher;
}

void LspServer::wait_idle() {
    impl_->scheduler.wait_idle();
}

int run_stdio_server(bool lit_test) {
    if (const char* level = std::getenv("SECRETLS_LOG"))
        if (auto parsed = log::parse_level(level))
            log::set_level(*parsed);
    ServerOptions options;
    if (lit_test) {
        options.worker_threads = 0;
        options.debounce = DebouncePolicy::fixed(std::chrono::milliseconds(0));
        options.watch_parent = false;
    }
    auto transport = protocol::make_stdio_transport(STDIN_FILENO, STDOUT_FILENO, lit_test);
    LspServer server(*transport, options);
    return server.run();
}

} // namespace secretls::server
