// Tests of the LSP structs (lifecycle, text_document, diagnostics, workspace): what is read,
// null versus missing, path-naming errors, what is written, and position-encoding negotiation.
#include "protocol/diagnostics.h"
#include "protocol/lifecycle.h"
#include "protocol/text_document.h"
#include "protocol/workspace.h"

#include <catch2/catch.hpp>

using namespace secretls::protocol;

namespace {

template <typename T> T parse(const json& params) {
    T out{};
    parse_params(params, out);
    return out;
}

template <typename T> std::string parse_error(const json& params) {
    try {
        parse<T>(params);
    } catch (const InvalidParamsError& e) {
        return e.what();
    }
    return "(no error)";
}

ClientCapabilities offering(json encodings) {
    return parse<InitializeParams>(
               {{"capabilities", {{"general", {{"positionEncodings", encodings}}}}}})
        .capabilities;
}

} // namespace

TEST_CASE("InitializeParams reads what the server uses", "[lsp][lifecycle]") {
    json params = R"({
      "processId": 4242,
      "clientInfo": {"name": "Neovim", "version": "0.7.2"},
      "rootUri": "file:///work/project",
      "rootPath": "/work/project",
      "workspaceFolders": [{"uri": "file:///work/project", "name": "project"}],
      "initializationOptions": {"secretls": {"severity": "warning"}},
      "capabilities": {
        "general": {"positionEncodings": ["utf-8", "utf-16"]},
        "workspace": {"workspaceEdit": {"documentChanges": true,
                                        "resourceOperations": ["create", "rename"]}},
        "textDocument": {
          "publishDiagnostics": {"versionSupport": true},
          "hover": {"contentFormat": ["markdown", "plaintext"]},
          "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}
        },
        "window": {"workDoneProgress": true}
      }
    })"_json;
    auto p = parse<InitializeParams>(params);
    CHECK(p.process_id == 4242);
    CHECK(p.client_name == "Neovim");
    CHECK(p.client_version == "0.7.2");
    CHECK(p.root_uri == "file:///work/project");
    CHECK(p.root_path == "/work/project");
    REQUIRE(p.workspace_folders.size() == 1);
    CHECK(p.workspace_folders[0].name == "project");
    CHECK(p.initialization_options["secretls"]["severity"] == "warning");
    const auto& c = p.capabilities;
    CHECK(c.position_encodings == std::vector<std::string>{"utf-8", "utf-16"});
    CHECK(c.workspace_edit_document_changes);
    CHECK(c.resource_operations == std::vector<std::string>{"create", "rename"});
    CHECK(c.can_create_files());
    CHECK(c.diagnostics_version_support);
    CHECK(c.hover_markdown());
    CHECK(c.code_action_literal_support);
    CHECK(c.work_done_progress);
}

TEST_CASE("InitializeParams: null is missing, capabilities are lenient", "[lsp][lifecycle]") {
    auto p = parse<InitializeParams>({{"processId", nullptr},
                                      {"rootUri", nullptr},
                                      {"workspaceFolders", nullptr},
                                      {"initializationOptions", nullptr},
                                      {"capabilities",
                                       {{"general", 7},
                                        {"workspace", {{"workspaceEdit", nullptr}}},
                                        {"window", {{"workDoneProgress", "yes"}}}}}});
    CHECK_FALSE(p.process_id.has_value());
    CHECK_FALSE(p.root_uri.has_value());
    CHECK(p.workspace_folders.empty());
    CHECK(p.initialization_options.is_null());
    CHECK(p.capabilities.position_encodings.empty());
    CHECK_FALSE(p.capabilities.workspace_edit_document_changes);
    CHECK_FALSE(p.capabilities.work_done_progress);
    CHECK_FALSE(p.capabilities.can_create_files());
    // Empty params are a valid (minimal) initialize.
    CHECK(parse<InitializeParams>(nullptr).capabilities.position_encodings.empty());
    // Top-level fields are still typed.
    CHECK(parse_error<InitializeParams>({{"processId", "x"}}) == "processId: expected integer");
    CHECK(parse_error<InitializeParams>({{"workspaceFolders", {{{"name", "a"}}}}}) ==
          "workspaceFolders[0].uri: required field missing");
}

TEST_CASE("position encoding negotiation", "[lsp][lifecycle]") {
    CHECK(negotiate_position_encoding(ClientCapabilities{}) == PositionEncoding::UTF16);
    CHECK(negotiate_position_encoding(offering({"utf-16"})) == PositionEncoding::UTF16);
    CHECK(negotiate_position_encoding(offering({"utf-16", "utf-8"})) == PositionEncoding::UTF8);
    CHECK(negotiate_position_encoding(offering({"utf-32", "utf-8"})) == PositionEncoding::UTF8);
    CHECK(negotiate_position_encoding(offering({"utf-32"})) == PositionEncoding::UTF32);
    CHECK(negotiate_position_encoding(offering({"utf-32", "utf-16"})) == PositionEncoding::UTF32);
    CHECK(negotiate_position_encoding(offering({"utf-16", "utf-32"})) == PositionEncoding::UTF16);
    CHECK(negotiate_position_encoding(offering({"latin-1"})) == PositionEncoding::UTF16);
    CHECK(negotiate_position_encoding(offering(json::array())) == PositionEncoding::UTF16);
}

TEST_CASE("document synchronisation params", "[lsp][text_document]") {
    SECTION("didOpen") {
        auto p = parse<DidOpenTextDocumentParams>(
            {{"textDocument",
              {{"uri", "file:///a.py"}, {"languageId", "python"}, {"version", 3}, {"text", "x"}}}});
        CHECK(p.text_document.uri == "file:///a.py");
        CHECK(p.text_document.language_id == "python");
        CHECK(p.text_document.version == 3);
        CHECK(p.text_document.text == "x");
        CHECK(parse_error<DidOpenTextDocumentParams>(
                  {{"textDocument", {{"uri", "file:///a"}, {"version", 1}}}}) ==
              "textDocument.text: required field missing");
    }
    SECTION("didChange: incremental and full changes, rangeLength ignored") {
        auto p = parse<DidChangeTextDocumentParams>(R"({
          "textDocument": {"uri": "file:///a", "version": 7},
          "contentChanges": [
            {"range": {"start": {"line": 1, "character": 2}, "end": {"line": 1, "character": 4}},
             "rangeLength": 999, "text": "ab"},
            {"range": null, "text": "whole"},
            {"text": "whole again"}
          ]})"_json);
        CHECK(p.text_document.version == 7);
        REQUIRE(p.content_changes.size() == 3);
        REQUIRE(p.content_changes[0].range.has_value());
        CHECK(p.content_changes[0].range->start == Position{1, 2});
        CHECK(p.content_changes[0].range->end == Position{1, 4});
        CHECK_FALSE(p.content_changes[1].range.has_value());
        CHECK_FALSE(p.content_changes[2].range.has_value());
        CHECK(parse_error<DidChangeTextDocumentParams>(
                  {{"textDocument", {{"uri", "file:///a"}}}, {"contentChanges", json::array()}}) ==
              "textDocument.version: required field missing");
        CHECK(parse_error<DidChangeTextDocumentParams>(
                  {{"textDocument", {{"uri", "file:///a"}, {"version", 1}}},
                   {"contentChanges",
                    {{{"range",
                       {{"start", {{"line", -1}, {"character", 0}}},
                        {"end", {{"line", 0}, {"character", 0}}}}},
                      {"text", ""}}}}}) ==
              "contentChanges[0].range.start.line: expected non-negative integer");
    }
    SECTION("didClose, didSave, position params") {
        CHECK(parse<DidCloseTextDocumentParams>({{"textDocument", {{"uri", "file:///a"}}}})
                  .text_document.uri == "file:///a");
        auto saved =
            parse<DidSaveTextDocumentParams>({{"textDocument", {{"uri", "u"}}}, {"text", nullptr}});
        CHECK_FALSE(saved.text.has_value());
        CHECK(parse<DidSaveTextDocumentParams>({{"textDocument", {{"uri", "u"}}}, {"text", "t"}})
                  .text == "t");
        auto pos = parse<TextDocumentPositionParams>(
            {{"textDocument", {{"uri", "u"}}}, {"position", {{"line", 2}, {"character", 5}}}});
        CHECK(pos.position == Position{2, 5});
        CHECK(parse_error<TextDocumentPositionParams>(
                  {{"textDocument", {{"uri", "u"}}}, {"position", {{"line", 2}}}}) ==
              "position.character: required field missing");
    }
}

TEST_CASE("diagnostics are written with only the fields that are set", "[lsp][diagnostics]") {
    Diagnostic d;
    d.range = {{1, 2}, {1, 10}};
    d.message = "Mailgun API key (key-…9f3a)";
    json minimal = d;
    CHECK(minimal == json{{"range",
                           {{"start", {{"line", 1}, {"character", 2}}},
                            {"end", {{"line", 1}, {"character", 10}}}}},
                          {"message", "Mailgun API key (key-…9f3a)"}});
    d.severity = DiagnosticSeverity::Warning;
    d.code = "mailgun-api-key";
    d.code_description_href = "https://example.invalid/mailgun";
    d.source = "secretls";
    d.data = {{"rule", "mailgun-api-key"}};
    json full = d;
    CHECK(full["severity"] == 2);
    CHECK(full["code"] == "mailgun-api-key");
    CHECK(full["codeDescription"]["href"] == "https://example.invalid/mailgun");
    CHECK(full["source"] == "secretls");
    CHECK(full["data"]["rule"] == "mailgun-api-key");
    // And read back, as codeAction's context.diagnostics echoes them.
    Diagnostic back = parse<Diagnostic>(full);
    CHECK(back.range == d.range);
    CHECK(back.severity == DiagnosticSeverity::Warning);
    CHECK(back.code == "mailgun-api-key");
    CHECK(back.code_description_href == d.code_description_href);
    CHECK(back.data == d.data);
    CHECK(parse<Diagnostic>(json{{"range", full["range"]}, {"message", "m"}, {"code", 12}}).code ==
          "12");
    CHECK(parse_error<Diagnostic>(
              json{{"range", full["range"]}, {"message", "m"}, {"severity", 9}}) ==
          "severity: expected 1 to 4");

    PublishDiagnosticsParams publish{"file:///a", 4, {d}};
    json p = publish;
    CHECK(p["uri"] == "file:///a");
    CHECK(p["version"] == 4);
    CHECK(p["diagnostics"].size() == 1);
    PublishDiagnosticsParams empty{"file:///a", std::nullopt, {}};
    json e = empty;
    CHECK(e["diagnostics"] == json::array());
    CHECK_FALSE(e.contains("version"));
}

TEST_CASE("workspace edits in both client forms", "[lsp][workspace]") {
    TextEdit replace{{{0, 4}, {0, 10}}, "os.environ[\"KEY\"]"};
    TextEdit import_line{{{0, 0}, {0, 0}}, "import os\n"};
    WorkspaceEdit edit;
    edit.add_edit("file:///a.py", 3, replace);
    edit.add_edit("file:///a.py", 3, import_line);
    SECTION("changes form") {
        auto j = edit.to_json(false);
        REQUIRE(j.has_value());
        CHECK((*j)["changes"]["file:///a.py"].size() == 2);
        CHECK((*j)["changes"]["file:///a.py"][0]["newText"] == "os.environ[\"KEY\"]");
    }
    SECTION("documentChanges form, with file creation") {
        edit.create_file({"file:///.env", false, true});
        edit.add_edit("file:///.env", std::nullopt, {{{0, 0}, {0, 0}}, "KEY=value\n"});
        CHECK(edit.creates_files());
        CHECK_FALSE(edit.to_json(false).has_value());
        auto j = edit.to_json(true);
        REQUIRE(j.has_value());
        const json& changes = (*j)["documentChanges"];
        REQUIRE(changes.size() == 3);
        CHECK(changes[0]["textDocument"] == json{{"uri", "file:///a.py"}, {"version", 3}});
        CHECK(changes[0]["edits"].size() == 2);
        CHECK(changes[1] == json{{"kind", "create"},
                                 {"uri", "file:///.env"},
                                 {"options", {{"overwrite", false}, {"ignoreIfExists", true}}}});
        CHECK(changes[2]["textDocument"]["version"].is_null());
    }
    Location loc{"file:///b", {{1, 1}, {1, 2}}};
    json l = loc;
    CHECK(parse<Location>(l).uri == "file:///b");
    CHECK(parse<TextEdit>(json(replace)).new_text == replace.new_text);
}
