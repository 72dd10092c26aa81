//===--- actions_test.cpp - Code actions, hover and references through the LSP interface --===//
#include "fixes_support.h"
#include "server/actions.h"
#include "server/engine.h"
#include "server/fixes/workspace_files.h"

#include <filesystem>
#include <fstream>

using namespace secretls;
using namespace secretls::server;
using secretls::server::testing::fake_token;
using secretls::server::testing::random_alnum;
using secretls::server::testing::test_rule;

namespace {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() / ("secretls-actions-" + random_alnum(12));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& content) const {
        std::ofstream(path / name, std::ios::binary) << content;
    }
    std::string str() const { return path.string(); }
};

const detectors::Scanner& scanner() {
    static detectors::Scanner s(detectors::RuleList{test_rule()});
    return s;
}

ActionContext make_context(std::string root = "") {
    return ActionContext{scanner(), protocol::PositionEncoding::UTF16, std::move(root), {}, true,
                         true};
}

DocumentSnapshot snapshot(std::string path, std::string language_id, std::string text) {
    DocumentSnapshot doc;
    doc.path = std::move(path);
    doc.uri = fixes::path_to_uri(doc.path);
    doc.language_id = std::move(language_id);
    doc.version = 7;
    doc.text = std::move(text);
    doc.findings = scanner().scan(doc.text);
    return doc;
}

json range_at_line(uint32_t line, uint32_t ch) {
    return {{"start", {{"line", line}, {"character", ch}}},
            {"end", {{"line", line}, {"character", ch}}}};
}

json params_at(uint32_t line, uint32_t ch, json diagnostics = json::array(), json only = nullptr) {
    json context = {{"diagnostics", diagnostics}};
    if (!only.is_null())
        context["only"] = only;
    return {
        {"textDocument", {{"uri", "x"}}}, {"range", range_at_line(line, ch)}, {"context", context}};
}

const json* action_titled(const json& actions, std::string_view prefix) {
    for (const auto& a : actions)
        if (a["title"].get<std::string>().starts_with(prefix))
            return &a;
    return nullptr;
}

// The edits of one document in a WorkspaceEdit (documentChanges or changes form).
json edits_for(const json& edit, const std::string& uri) {
    json out = json::array();
    if (edit.contains("documentChanges")) {
        for (const auto& c : edit["documentChanges"])
            if (c.contains("textDocument") && c["textDocument"]["uri"] == uri)
                for (const auto& e : c["edits"])
                    out.push_back(e);
    } else if (edit.contains("changes") && edit["changes"].contains(uri)) {
        out = edit["changes"][uri];
    }
    return out;
}

} // namespace

TEST_CASE("code actions on a Python finding: titles, kinds, preferred, diagnostics", "[actions]") {
    TempDir dir;
    auto s = fake_token();
    auto doc = snapshot(dir.str() + "/app.py", "python", "import os\nTOKEN = \"" + s + "\"\n");
    REQUIRE(doc.findings.size() == 1);
    ActionContext ctx = make_context(dir.str());
    json diag = {{"range",
                  {{"start", {{"line", 1}, {"character", 9}}},
                   {"end", {{"line", 1}, {"character", 9 + s.size()}}}}},
                 {"source", "secretls"},
                 {"code", "testco-api-token"},
                 {"message", "m"}};
    json actions = code_actions(doc, params_at(1, 12, json::array({diag})), ctx);
    const json* replace = action_titled(actions, "Replace with os.environ[\"TESTCO_API_TOKEN\"]");
    REQUIRE(replace);
    CHECK((*replace)["kind"] == "quickfix");
    CHECK((*replace)["isPreferred"] == true);
    CHECK((*replace)["diagnostics"].size() == 1);
    auto edits = edits_for((*replace)["edit"], doc.uri);
    REQUIRE(edits.size() == 1);
    CHECK(edits[0]["newText"] == "os.environ[\"TESTCO_API_TOKEN\"]");
    CHECK(edits[0]["range"]["start"] == json({{"line", 1}, {"character", 8}}));
    CHECK((*replace)["edit"]["documentChanges"][0]["textDocument"]["version"] == 7);
    CHECK(action_titled(actions, "Move secret to .env as TESTCO_API_TOKEN"));
    CHECK(action_titled(actions, "Ignore this finding (secretls:ignore)"));
    CHECK(action_titled(actions, "Disable rule testco-api-token in this workspace"));
    CHECK(action_titled(actions, "Load from AWS Secrets Manager (testco-api-token)"));
    // The secret appears in no title and in no edit of the source document.
    for (const auto& a : actions) {
        CHECK(a["title"].get<std::string>().find(s) == std::string::npos);
        for (const auto& e : edits_for(a["edit"], doc.uri))
            CHECK(e["newText"].get<std::string>().find(s) == std::string::npos);
    }
    // context.only filters kinds.
    json only_rewrite = code_actions(doc, params_at(1, 12, json::array(), {"refactor"}), ctx);
    REQUIRE_FALSE(only_rewrite.empty());
    for (const auto& a : only_rewrite)
        CHECK(a["kind"] == "refactor.rewrite");
    // Away from the finding: nothing.
    CHECK(code_actions(doc, params_at(0, 2), ctx).empty());
}

TEST_CASE("move to .env: one WorkspaceEdit creating .env, ignoring it, updating the example",
          "[actions]") {
    TempDir dir;
    auto s = fake_token();
    dir.write(".env.example", "OTHER=\n");
    auto doc = snapshot(dir.str() + "/app.js", "javascript", "const t = '" + s + "';\n");
    ActionContext ctx = make_context(dir.str());
    json actions = code_actions(doc, params_at(0, 14), ctx);
    const json* move = action_titled(actions, "Move secret to .env as TESTCO_API_TOKEN");
    REQUIRE(move);
    const json& changes = (*move)["edit"]["documentChanges"];
    std::string env_uri = fixes::path_to_uri(dir.str() + "/.env");
    std::string ignore_uri = fixes::path_to_uri(dir.str() + "/.gitignore");
    std::string example_uri = fixes::path_to_uri(dir.str() + "/.env.example");
    bool created_env = false, created_ignore = false;
    for (const auto& c : changes) {
        if (c.value("kind", "") == "create") {
            CHECK(c["options"]["ignoreIfExists"] == true);
            created_env |= c["uri"] == env_uri;
            created_ignore |= c["uri"] == ignore_uri;
        }
    }
    CHECK(created_env);
    CHECK(created_ignore);
    CHECK(edits_for((*move)["edit"], env_uri)[0]["newText"] == "TESTCO_API_TOKEN=" + s + "\n");
    CHECK(edits_for((*move)["edit"], ignore_uri)[0]["newText"] == ".env\n");
    CHECK(edits_for((*move)["edit"], example_uri)[0]["newText"] == "TESTCO_API_TOKEN=\n");
    CHECK(edits_for((*move)["edit"], doc.uri)[0]["newText"] == "process.env.TESTCO_API_TOKEN");
}

TEST_CASE("move to .env: a different value under the name gets a new name", "[actions]") {
    TempDir dir;
    auto s = fake_token(), other = fake_token();
    dir.write(".env", "TESTCO_API_TOKEN=" + other);
    dir.write(".gitignore", ".env\n");
    auto doc = snapshot(dir.str() + "/main.go", "go",
                        "package main\n\nimport \"os\"\n\nvar t = \"" + s + "\"\n");
    ActionContext ctx = make_context(dir.str());
    json actions = code_actions(doc, params_at(4, 10), ctx);
    const json* move = action_titled(actions, "Move secret to .env as TESTCO_API_TOKEN_2");
    REQUIRE(move);
    std::string env_uri = fixes::path_to_uri(dir.str() + "/.env");
    auto env_edits = edits_for((*move)["edit"], env_uri);
    REQUIRE(env_edits.size() == 1);
    CHECK(env_edits[0]["newText"] == "\nTESTCO_API_TOKEN_2=" + s + "\n");
    // Appended at the end of the existing file, which is not re-created.
    CHECK(env_edits[0]["range"]["start"]["character"] == 17 + other.size());
    for (const auto& c : (*move)["edit"]["documentChanges"])
        CHECK(c.value("kind", "") != "create");
    CHECK(edits_for((*move)["edit"], doc.uri)[0]["newText"] == "os.Getenv(\"TESTCO_API_TOKEN_2\")");
}

TEST_CASE("clients without documentChanges get `changes` and no file creation", "[actions]") {
    TempDir dir;
    auto s = fake_token();
    auto doc = snapshot(dir.str() + "/app.rb", "ruby", "t = '" + s + "'\n");
    ActionContext ctx = make_context(dir.str());
    ctx.supports_document_changes = false;
    json actions = code_actions(doc, params_at(0, 8), ctx);
    const json* replace = action_titled(actions, "Replace with ENV.fetch");
    REQUIRE(replace);
    CHECK((*replace)["edit"].contains("changes"));
    CHECK_FALSE(action_titled(actions, "Move secret to .env")); // .env would need creating
    dir.write(".env", "A=1\n");
    dir.write(".gitignore", ".env\n");
    actions = code_actions(doc, params_at(0, 8), ctx);
    REQUIRE(action_titled(actions, "Move secret to .env"));
}

TEST_CASE("JSON findings are ignored through .secretlsignore", "[actions]") {
    TempDir dir;
    auto s = fake_token();
    auto doc = snapshot(dir.str() + "/c.json", "json", "{\"token\": \"" + s + "\"}\n");
    ActionContext ctx = make_context(dir.str());
    json actions = code_actions(doc, params_at(0, 14), ctx);
    const json* ignore = action_titled(actions, "Ignore this finding (add to .secretlsignore)");
    REQUIRE(ignore);
    auto edits = edits_for((*ignore)["edit"], fixes::path_to_uri(dir.str() + "/.secretlsignore"));
    REQUIRE(edits.size() == 1);
    auto line = edits[0]["newText"].get<std::string>();
    CHECK(line == finding_fingerprint("testco-api-token", s) + "  # testco-api-token (" +
                      detectors::mask_secret(s) + ") in c.json\n");
    CHECK(line.find(s) == std::string::npos);
    // No environment lookup in JSON: moving to .env is the preferred fix, and says why.
    const json* move = action_titled(actions, "Move secret to .env as TESTCO_API_TOKEN");
    REQUIRE(move);
    CHECK((*move)["isPreferred"] == true);
    CHECK((*move)["title"].get<std::string>().find("JSON cannot read the environment") !=
          std::string::npos);
    const json* placeholder =
        action_titled(actions, "Replace with the placeholder ${TESTCO_API_TOKEN}");
    REQUIRE(placeholder);
    CHECK_FALSE(placeholder->contains("isPreferred"));
}

TEST_CASE("a .env file that git does not ignore gets 'Add .env to .gitignore'", "[actions]") {
    TempDir dir;
    auto s = fake_token();
    auto doc = snapshot(dir.str() + "/.env", "dotenv", "TOKEN=" + s + "\n");
    ActionContext ctx = make_context(dir.str());
    json actions = code_actions(doc, params_at(0, 8), ctx);
    const json* add = action_titled(actions, "Add .env to .gitignore");
    REQUIRE(add);
    CHECK((*add)["isPreferred"] == true);
    CHECK_FALSE(action_titled(actions, "Replace with"));
    dir.write(".gitignore", ".env\n");
    CHECK_FALSE(action_titled(code_actions(doc, params_at(0, 8), ctx), "Add .env"));
}

TEST_CASE("source.fixAll.secretls fixes every finding, import once", "[actions]") {
    auto a = fake_token(), b = fake_token();
    auto doc = snapshot("/w/app.py", "python", "A = '" + a + "'\nB = \"x " + b + "\"\n");
    REQUIRE(doc.findings.size() == 2);
    ActionContext ctx = make_context();
    json actions = code_actions(doc, params_at(0, 0, json::array(), {"source.fixAll"}), ctx);
    REQUIRE(actions.size() == 1);
    CHECK(actions[0]["kind"] == "source.fixAll.secretls");
    auto edits = edits_for(actions[0]["edit"], doc.uri);
    CHECK(edits.size() == 3); // two literals and one import
    // Without `only`, no source action is offered.
    for (const auto& x : code_actions(doc, params_at(0, 6), ctx))
        CHECK(x["kind"] != "source.fixAll.secretls");
}

TEST_CASE("hover explains the finding and never shows the secret", "[actions]") {
    auto s = fake_token();
    auto doc = snapshot("/w/app.py", "python", "T = '" + s + "'\nU = '" + s + "'\n");
    ActionContext ctx = make_context();
    ctx.find_occurrences = [&](std::string_view secret) {
        CHECK(secret == s);
        return std::vector<Occurrence>{
            {doc.uri, {{0, 5}, {0, 5 + static_cast<uint32_t>(s.size())}}},
            {doc.uri, {{1, 5}, {1, 5 + static_cast<uint32_t>(s.size())}}},
            {"file:///w/other.js", {{9, 3}, {9, 30}}}};
    };
    auto h = hover(doc, {0, 8}, ctx);
    REQUIRE(h);
    std::string md = (*h)["contents"]["value"];
    CHECK((*h)["contents"]["kind"] == "markdown");
    CHECK(md.find(s) == std::string::npos);
    CHECK(md.find(detectors::mask_secret(s)) != std::string::npos);
    CHECK(md.find("testco-api-token") != std::string::npos);
    CHECK(md.find("entropy") != std::string::npos);
    CHECK(md.find("Full access to the Testco account.") != std::string::npos);
    CHECK(md.find("1. Open Testco settings.") != std::string::npos);
    CHECK(md.find("3. Delete the leaked token.") != std::string::npos);
    CHECK(md.find("https://testco.example/settings/tokens") != std::string::npos);
    CHECK(md.find("Review the Testco audit log.") != std::string::npos);
    CHECK(md.find("file:///w/other.js:10") != std::string::npos);
    CHECK(md.find(doc.uri + ":2") != std::string::npos);
    CHECK(md.find(doc.uri + ":1\n") == std::string::npos); // not the hovered one itself
    CHECK_FALSE(hover(doc, {0, 1}, ctx));
}

TEST_CASE("references list every occurrence of the value", "[actions]") {
    auto s = fake_token(), other = fake_token();
    auto doc =
        snapshot("/w/app.py", "python", "T = '" + s + "'\nO = '" + other + "'\nU = '" + s + "'\n");
    ActionContext ctx = make_context();
    json refs = references(doc, {2, 7}, ctx); // no workspace index: this document only
    REQUIRE(refs.size() == 2);
    CHECK(refs[0]["range"]["start"] == json({{"line", 0}, {"character", 5}}));
    CHECK(refs[1]["range"]["start"] == json({{"line", 2}, {"character", 5}}));
    CHECK(references(doc, {0, 0}, ctx).empty());
}

TEST_CASE("advertised kinds", "[actions]") {
    auto kinds = advertised_code_action_kinds();
    CHECK(std::find(kinds.begin(), kinds.end(), "quickfix") != kinds.end());
    CHECK(std::find(kinds.begin(), kinds.end(), "source.fixAll.secretls") != kinds.end());
}

namespace {

// Applies the LSP TextEdits of `uri` (positions in UTF-16) to `text`, as a client would.
std::string apply_lsp_edits(const std::string& text, const json& edits) {
    std::vector<fixes::TextEdit> bytes;
    for (const auto& e : edits) {
        auto pos = [&](const json& p) {
            return protocol::offset_of(text,
                                       {p["line"].get<uint32_t>(), p["character"].get<uint32_t>()},
                                       protocol::PositionEncoding::UTF16);
        };
        bytes.push_back({pos(e["range"]["start"]), pos(e["range"]["end"]), e["newText"]});
    }
    std::vector<fixes::TextEdit> sorted = bytes;
    REQUIRE(fixes::normalize_edits(sorted)); // non-overlapping
    return fixes::apply_edits(text, bytes);
}

} // namespace

TEST_CASE("fixAll: every finding, two in one literal, several per line, non-ASCII before them",
          "[actions][fixall]") {
    auto a = fake_token(), b = fake_token(), c = fake_token(), d = fake_token();
    // 🔑 is two UTF-16 units and four bytes: a byte/UTF-16 mix-up shifts every edit after it.
    std::string text = "import os\nX = \"é 🔑 " + a + "\"; Y = ('" + b + "', \"u:" + c + "@h/" + d +
                       "\")\nZ = '" + a + "'\n";
    auto doc = snapshot("/w/app.py", "python", text);
    REQUIRE(doc.findings.size() == 5);
    ActionContext ctx = make_context();
    json actions = code_actions(doc, params_at(0, 0, json::array(), {"source.fixAll"}), ctx);
    REQUIRE(actions.size() == 1);
    CHECK(actions[0]["title"] == "Replace 5 hard-coded secrets with environment variables");
    std::string out = apply_lsp_edits(text, edits_for(actions[0]["edit"], doc.uri));
    CHECK(out == "import os\n"
                 "X = f\"é 🔑 {os.environ['TESTCO_API_TOKEN']}\"; "
                 "Y = (os.environ[\"TESTCO_API_TOKEN_2\"], "
                 "f\"u:{os.environ['TESTCO_API_TOKEN_3']}@h/{os.environ['TESTCO_API_TOKEN_4']}\")\n"
                 "Z = os.environ[\"TESTCO_API_TOKEN\"]\n"); // the same value keeps its name
    for (const auto& s : {a, b, c, d})
        CHECK(out.find(s) == std::string::npos);
}

TEST_CASE("quick-fix ranges count UTF-16 units when non-ASCII text precedes the secret",
          "[actions][fixall]") {
    auto s = fake_token();
    std::string text = "const m = \"ñ 🔑 \" + 'Bearer " + s + "';\n";
    auto doc = snapshot("/w/a.js", "javascript", text);
    REQUIRE(doc.findings.size() == 1);
    ActionContext ctx = make_context();
    // Column of the secret in UTF-16: "const m = \"ñ 🔑 \" + 'Bearer " is 28 units.
    json actions = code_actions(doc, params_at(0, 30), ctx);
    const json* replace = action_titled(actions, "Replace with process.env.TESTCO_API_TOKEN");
    REQUIRE(replace);
    auto edits = edits_for((*replace)["edit"], doc.uri);
    REQUIRE(edits.size() == 1);
    CHECK(edits[0]["range"]["start"] == json({{"line", 0}, {"character", 20}}));
    CHECK(apply_lsp_edits(text, edits) ==
          "const m = \"ñ 🔑 \" + `Bearer ${process.env.TESTCO_API_TOKEN}`;\n");
}

TEST_CASE("hover: every section present even when the rule documents little", "[actions][hover]") {
    detectors::Rule bare = test_rule();
    bare.id = "testco-bare";
    bare.grants.clear();
    bare.risk.clear();
    bare.revoke.clear();
    bare.check_usage.clear();
    bare.link.clear();
    detectors::Rule checked = test_rule();
    checked.id = "testco-checked";
    checked.validator = "testco-crc";
    static detectors::Scanner scanner2(detectors::RuleList{bare});
    auto s = fake_token();
    DocumentSnapshot doc;
    doc.uri = "file:///w/a.py";
    doc.path = "/w/a.py";
    doc.text = "T = '" + s + "'\n";
    doc.findings = scanner2.scan(doc.text);
    REQUIRE(doc.findings.size() == 1);
    ActionContext ctx{scanner2, protocol::PositionEncoding::UTF16, "", {}, true, true};
    auto h = hover(doc, {0, 7}, ctx);
    REQUIRE(h);
    std::string md = (*h)["contents"]["value"];
    CHECK(md.find(s) == std::string::npos);
    CHECK(md.find("**What it grants:** not documented") != std::string::npos);
    CHECK(md.find("**Risk:** anyone who reads") != std::string::npos);
    CHECK(md.find("1. Revoke or delete this credential at Testco.") != std::string::npos);
    CHECK(md.find("3. Deploy the new value") != std::string::npos);
    CHECK(md.find("**Was it used?** check the provider's access") != std::string::npos);
    CHECK(md.find("the format has no checksum") != std::string::npos);
    CHECK(md.find("git history") != std::string::npos);
    // A verified checksum is said, and so is one that did not verify.
    doc.findings[0].checksum_verified = true;
    static detectors::Scanner scanner3(detectors::RuleList{checked});
    ActionContext ctx3{scanner3, protocol::PositionEncoding::UTF16, "", {}, true, true};
    md = (*hover(doc, {0, 7}, ctx3))["contents"]["value"];
    CHECK(md.find("checksum verified (testco-crc)") != std::string::npos);
    doc.findings[0].checksum_verified = false;
    md = (*hover(doc, {0, 7}, ctx3))["contents"]["value"];
    CHECK(md.find("checksum not verified (testco-crc)") != std::string::npos);
}
