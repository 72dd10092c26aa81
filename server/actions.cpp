//===--- actions.cpp - Code actions, hover and references on findings ---------------------===//
//
// Turns findings into LSP answers. The language-specific work (which literal, which
// lookup, which comment) happens in server/fixes/ on byte offsets; this file picks the
// findings a request is about, converts offsets to positions in the negotiated encoding,
// and assembles WorkspaceEdits (documentChanges with CreateFile when the client can, else
// `changes`). The secret is only ever written into the user's own .env file.
//
//===--------------------------------------------------------------------------------------===//
#include "server/actions.h"

#include "server/engine.h"
#include "server/fixes/env_fix.h"
#include "server/fixes/fix_all.h"
#include "server/fixes/ignore.h"
#include "server/fixes/language.h"
#include "server/fixes/secrets_manager.h"
#include "server/fixes/workspace_files.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

namespace secretls::server {
namespace {

using detectors::ByteRange;
using detectors::Finding;
using detectors::Rule;
using fixes::Language;
using fixes::TextEdit;

constexpr std::string_view kQuickFix = "quickfix";
constexpr std::string_view kRewrite = "refactor.rewrite";
constexpr std::string_view kFixAll = "source.fixAll.secretls";
// JSON has no environment lookup: its fixes say who has to expand the placeholder.
constexpr std::string_view kJsonNote =
    " (JSON cannot read the environment: the program loading it must expand it)";

json position_json(protocol::Position p) {
    return {{"line", p.line}, {"character", p.character}};
}

json range_json(std::string_view text, const protocol::LineIndex& index, size_t begin, size_t end,
                protocol::PositionEncoding enc) {
    return {{"start", position_json(protocol::position_of(text, index, begin, enc))},
            {"end", position_json(protocol::position_of(text, index, end, enc))}};
}

json range_json(const protocol::Range& r) {
    return {{"start", position_json(r.start)}, {"end", position_json(r.end)}};
}

std::optional<protocol::Position> position_from(const json& j) {
    if (!j.is_object() || !j.contains("line") || !j.contains("character") ||
        !j["line"].is_number_integer() || !j["character"].is_number_integer())
        return std::nullopt;
    return protocol::Position{
        static_cast<uint32_t>(std::max<int64_t>(0, j["line"].get<int64_t>())),
        static_cast<uint32_t>(std::max<int64_t>(0, j["character"].get<int64_t>()))};
}

// One document's text with its line index, for position conversions.
struct Text {
    std::string_view text;
    protocol::LineIndex index;
    protocol::PositionEncoding enc;

    Text(std::string_view t, protocol::PositionEncoding e) : text(t), index(t), enc(e) {}
    json range(size_t b, size_t e) const { return range_json(text, index, b, e, enc); }
    size_t offset(protocol::Position p) const { return protocol::offset_of(text, index, p, enc); }
    json edits(const std::vector<TextEdit>& edits) const {
        json out = json::array();
        for (const auto& e : edits)
            out.push_back({{"range", range(e.begin, e.end)}, {"newText", e.new_text}});
        return out;
    }
};

// ---- WorkspaceEdit assembly ---------------------------------------------------------------

class WorkspaceEditBuilder {
public:
    explicit WorkspaceEditBuilder(const ActionContext& ctx)
        : document_changes_(ctx.supports_document_changes) {}

    void edit(const std::string& uri, std::optional<int> version, const json& edits) {
        if (edits.empty())
            return;
        if (document_changes_) {
            json id = {{"uri", uri}, {"version", version ? json(*version) : json(nullptr)}};
            changes_.push_back({{"textDocument", id}, {"edits", edits}});
        } else {
            for (const auto& e : edits)
                by_uri_[uri].push_back(e);
        }
    }
    void create(const std::string& uri) {
        changes_.push_back(
            {{"kind", "create"}, {"uri", uri}, {"options", {{"ignoreIfExists", true}}}});
    }
    json build() const {
        if (document_changes_)
            return {{"documentChanges", changes_}};
        return {{"changes", by_uri_}};
    }

private:
    bool document_changes_;
    json changes_ = json::array();
    json by_uri_ = json::object();
};

// Edits to a file on disk (not the open document): appending, or creating it.
struct FileEdit {
    std::string path;
    std::optional<std::string> content; // nullopt: the file does not exist
    std::vector<TextEdit> edits;
};

bool can_create_files(const ActionContext& ctx) {
    return ctx.supports_document_changes && ctx.supports_create_file;
}

// Adds a file edit to a workspace edit; false when it needs a creation the client cannot do.
bool add_file_edit(WorkspaceEditBuilder& b, const FileEdit& f, const ActionContext& ctx) {
    if (f.edits.empty())
        return true;
    std::string uri = fixes::path_to_uri(f.path);
    if (!f.content) {
        if (!can_create_files(ctx))
            return false;
        b.create(uri);
    }
    Text t(f.content ? std::string_view(*f.content) : std::string_view(), ctx.encoding);
    b.edit(uri, std::nullopt, t.edits(f.edits));
    return true;
}

FileEdit append_to(const std::string& path, std::string_view line) {
    FileEdit f{path, fixes::read_text_file(path), {}};
    size_t end = f.content ? f.content->size() : 0;
    f.edits.push_back({end, end, fixes::appended_line(f.content.value_or(""), line)});
    return f;
}

// ---- What a request is about --------------------------------------------------------------

struct Target {
    const Finding* finding;
    const Rule* rule;
    std::string_view secret;
};

const Rule* rule_of(const Finding& f, const ActionContext& ctx) {
    const auto& rules = ctx.scanner.rules();
    return f.rule_index < rules.size() ? &rules[f.rule_index] : nullptr;
}

std::vector<Target> findings_in(const DocumentSnapshot& doc, size_t begin, size_t end,
                                const ActionContext& ctx) {
    std::vector<Target> out;
    for (const auto& f : doc.findings) {
        // Touching counts: a cursor right after the last character is still "on" it.
        bool overlaps = f.match.begin <= end && begin <= f.match.end;
        bool secret_touch = f.secret.begin <= end && begin <= f.secret.end;
        if (!(overlaps || secret_touch) || f.secret.end > doc.text.size())
            continue;
        if (const Rule* r = rule_of(f, ctx))
            out.push_back(
                {&f, r,
                 std::string_view(doc.text).substr(f.secret.begin, f.secret.end - f.secret.begin)});
    }
    return out;
}

bool kind_wanted(std::string_view kind, const json& only) {
    if (!only.is_array() || only.empty())
        return kind != kFixAll; // source actions only when asked for
    for (const auto& o : only) {
        if (!o.is_string())
            continue;
        std::string w = o.get<std::string>();
        if (kind == w || (kind.size() > w.size() && kind.starts_with(w) && kind[w.size()] == '.'))
            return true;
    }
    return false;
}

// The client's diagnostics that describe this finding (to link the action to them).
json linked_diagnostics(const json& diagnostics, const Text& t, const Target& target) {
    json out = json::array();
    if (!diagnostics.is_array())
        return out;
    for (const auto& d : diagnostics) {
        if (!d.is_object() || !d.contains("range"))
            continue;
        if (d.contains("source") && d["source"].is_string() && d["source"] != "secretls")
            continue;
        if (d.contains("code") && d["code"].is_string() && d["code"] != target.rule->id)
            continue;
        auto s = position_from(d["range"].value("start", json()));
        auto e = position_from(d["range"].value("end", json()));
        if (!s || !e)
            continue;
        size_t b = t.offset(*s), en = t.offset(*e);
        if (b <= target.finding->match.end && target.finding->match.begin <= en)
            out.push_back(d);
    }
    return out;
}

json code_action(std::string title, std::string_view kind, json diagnostics, json edit,
                 bool preferred = false) {
    json a = {{"title", std::move(title)}, {"kind", kind}, {"edit", std::move(edit)}};
    if (!diagnostics.empty())
        a["diagnostics"] = std::move(diagnostics);
    if (preferred)
        a["isPreferred"] = true;
    return a;
}

// ---- The fixes ----------------------------------------------------------------------------

struct FixInput {
    const DocumentSnapshot& doc;
    const ActionContext& ctx;
    Language lang;
    const Text& text;
};

std::string replace_title(const fixes::EnvFix& fix) {
    if (!fix.title.empty())
        return fix.title;
    std::string t = "Replace with " + fix.expression;
    if (!fix.note.empty())
        t += " (" + fix.note + ")";
    return t;
}

std::optional<json> env_action(const FixInput& in, const Target& t, const json& diags) {
    auto var = fixes::env_var_name(*t.rule, in.doc.text, t.finding->secret);
    auto fix = fixes::build_env_fix(in.doc.text, in.lang, t.finding->secret, var);
    if (!fix)
        return std::nullopt;
    WorkspaceEditBuilder b(in.ctx);
    b.edit(in.doc.uri, in.doc.version, in.text.edits(fix->edits));
    if (in.lang == Language::Json) // say it: nothing in JSON reads the placeholder by itself
        return code_action("Replace with the placeholder " + fix->expression +
                               std::string(kJsonNote),
                           kQuickFix, diags, b.build(), in.ctx.workspace_root.empty());
    return code_action(replace_title(*fix), kQuickFix, diags, b.build(), true);
}

// The value to store in .env: what the program saw, i.e. the literal's escapes resolved.
std::string runtime_value(const FixInput& in, const Target& t) {
    auto lit = fixes::find_enclosing_literal(in.doc.text, t.finding->secret, in.lang);
    if (lit && lit->literal.quoted && !lit->literal.raw)
        return fixes::unescape_literal(t.secret);
    return std::string(t.secret);
}

// .gitignore must ignore .env; nothing to do when it already does.
std::optional<FileEdit> gitignore_edit(const std::string& root, const std::string& dotenv_path) {
    if (fixes::dotenv_is_gitignored(root, dotenv_path))
        return std::nullopt;
    auto name = std::filesystem::path(dotenv_path).filename().string();
    return append_to(fixes::join_path(root, ".gitignore"), name);
}

std::optional<json> dotenv_action(const FixInput& in, const Target& t, const json& diags) {
    const auto& root = in.ctx.workspace_root;
    if (root.empty())
        return std::nullopt;
    std::string dotenv_path = fixes::join_path(root, ".env");
    if (in.doc.path == dotenv_path)
        return std::nullopt;
    auto dotenv = fixes::read_text_file(dotenv_path);
    std::string value = runtime_value(in, t);
    auto wanted = fixes::env_var_name(*t.rule, in.doc.text, t.finding->secret);
    auto entry = fixes::plan_dotenv_entry(
        dotenv ? std::optional<std::string_view>(*dotenv) : std::nullopt, wanted, value);
    auto fix = fixes::build_env_fix(in.doc.text, in.lang, t.finding->secret, entry.name);
    if (!fix || !fix->note.empty())
        return std::nullopt; // build-time reads (Rust env!) do not read .env files
    WorkspaceEditBuilder b(in.ctx);
    b.edit(in.doc.uri, in.doc.version, in.text.edits(fix->edits));
    FileEdit env{dotenv_path, dotenv, {}};
    if (entry.append) {
        size_t end = dotenv ? dotenv->size() : 0;
        env.edits.push_back(
            {end, end,
             fixes::appended_line(dotenv.value_or(""), fixes::dotenv_line(entry.name, value))});
    }
    if (!add_file_edit(b, env, in.ctx))
        return std::nullopt;
    if (auto g = gitignore_edit(root, dotenv_path))
        if (!add_file_edit(b, *g, in.ctx))
            return std::nullopt;
    std::string example_path = fixes::join_path(root, ".env.example");
    if (auto example = fixes::read_text_file(example_path)) {
        if (!fixes::dotenv_value(*example, entry.name)) {
            FileEdit ex{example_path, example, {}};
            ex.edits.push_back({example->size(), example->size(),
                                fixes::appended_line(*example, entry.name + "=")});
            add_file_edit(b, ex, in.ctx);
        }
    }
    if (in.lang == Language::Json) // the preferred fix where no lookup exists
        return code_action("Move secret to .env as " + entry.name + std::string(kJsonNote),
                           kQuickFix, diags, b.build(), true);
    return code_action("Move secret to .env as " + entry.name, kQuickFix, diags, b.build());
}

std::vector<json> secrets_manager_actions(const FixInput& in, const Target& t, const json& diags) {
    std::vector<json> out;
    auto var = fixes::env_var_name(*t.rule, in.doc.text, t.finding->secret);
    for (const auto& fix :
         fixes::build_secrets_manager_fixes(in.doc.text, in.lang, t.finding->secret, var)) {
        WorkspaceEditBuilder b(in.ctx);
        b.edit(in.doc.uri, in.doc.version, in.text.edits(fix.edits));
        out.push_back(code_action(fix.title, kRewrite, diags, b.build()));
    }
    return out;
}

std::optional<json> ignore_action(const FixInput& in, const Target& t, const json& diags) {
    if (auto c = fixes::ignore_comment(in.doc.text, in.lang, t.finding->secret)) {
        WorkspaceEditBuilder b(in.ctx);
        b.edit(in.doc.uri, in.doc.version, in.text.edits({c->edit}));
        return code_action("Ignore this finding (" + c->marker + ")", kQuickFix, diags, b.build());
    }
    // No comment possible (JSON…): the workspace's ignore file, keyed by a fingerprint.
    if (in.ctx.workspace_root.empty())
        return std::nullopt;
    std::string path = fixes::join_path(in.ctx.workspace_root, ".secretlsignore");
    auto fingerprint = finding_fingerprint(t.rule->id, t.secret);
    auto existing = fixes::read_text_file(path);
    if (existing && existing->find(fingerprint) != std::string::npos)
        return std::nullopt;
    WorkspaceEditBuilder b(in.ctx);
    // The comment says what the line is for, never the value (masked).
    std::string name =
        std::filesystem::path(in.doc.path.empty() ? in.doc.uri : in.doc.path).filename().string();
    std::string line = fingerprint + "  # " + t.rule->id + " (" + detectors::mask_secret(t.secret) +
                       ") in " + name;
    if (!add_file_edit(b, append_to(path, line), in.ctx))
        return std::nullopt;
    return code_action("Ignore this finding (add to .secretlsignore)", kQuickFix, diags, b.build());
}

std::optional<json> disable_rule_action(const FixInput& in, const Target& t, const json& diags) {
    if (in.ctx.workspace_root.empty())
        return std::nullopt;
    std::string path = fixes::join_path(in.ctx.workspace_root, ".secretls.toml");
    FileEdit f{path, fixes::read_text_file(path), {}};
    f.edits = fixes::disable_rule_edits(f.content.value_or(""), t.rule->id);
    if (f.edits.empty())
        return std::nullopt;
    WorkspaceEditBuilder b(in.ctx);
    if (!add_file_edit(b, f, in.ctx))
        return std::nullopt;
    return code_action("Disable rule " + t.rule->id + " in this workspace", kQuickFix, diags,
                       b.build());
}

// In a .env file that git does not ignore, the fix is to ignore it.
std::optional<json> gitignore_action(const FixInput& in, const json& diags) {
    if (in.lang != Language::Dotenv || in.ctx.workspace_root.empty() || in.doc.path.empty())
        return std::nullopt;
    auto g = gitignore_edit(in.ctx.workspace_root, in.doc.path);
    if (!g)
        return std::nullopt;
    WorkspaceEditBuilder b(in.ctx);
    if (!add_file_edit(b, *g, in.ctx))
        return std::nullopt;
    auto name = std::filesystem::path(in.doc.path).filename().string();
    return code_action("Add " + name + " to .gitignore", kQuickFix, diags, b.build(), true);
}

// source.fixAll.secretls: fix 1 on every finding, as one consistent edit (fixes/fix_all.h).
std::optional<json> fix_all_action(const FixInput& in) {
    std::vector<fixes::FixAllItem> items;
    for (const auto& f : in.doc.findings) {
        const Rule* rule = rule_of(f, in.ctx);
        if (rule && f.secret.end <= in.doc.text.size())
            items.push_back({f.secret, fixes::env_var_name(*rule, in.doc.text, f.secret)});
    }
    auto merged = fixes::build_fix_all(in.doc.text, in.lang, items);
    if (merged.fixed.empty())
        return std::nullopt;
    WorkspaceEditBuilder b(in.ctx);
    b.edit(in.doc.uri, in.doc.version, in.text.edits(merged.edits));
    size_t fixed = merged.fixed.size();
    std::string title = fixed == 1 ? "Replace the hard-coded secret with an environment variable"
                                   : fmt::format("Replace {} hard-coded secrets with environment "
                                                 "variables",
                                                 fixed);
    if (fixed < items.size())
        title += fmt::format(" ({} left for manual review)", items.size() - fixed);
    return code_action(title, kFixAll, json::array(), b.build());
}

Language language_of(const DocumentSnapshot& doc) {
    return fixes::detect_language(doc.language_id, doc.path.empty() ? doc.uri : doc.path);
}

// ---- Hover --------------------------------------------------------------------------------

std::string format_location(const Occurrence& o) {
    return fmt::format("{}:{}", o.uri, o.range.start.line + 1);
}

std::vector<Occurrence> occurrences_of(const DocumentSnapshot& doc, std::string_view secret,
                                       const ActionContext& ctx) {
    if (ctx.find_occurrences)
        return ctx.find_occurrences(secret);
    // Without a workspace index: this document's findings with the same value.
    std::vector<Occurrence> out;
    Text t(doc.text, ctx.encoding);
    for (const auto& f : doc.findings) {
        if (f.secret.end > doc.text.size())
            continue;
        if (std::string_view(doc.text).substr(f.secret.begin, f.secret.end - f.secret.begin) ==
            secret)
            out.push_back({doc.uri,
                           {protocol::position_of(doc.text, t.index, f.secret.begin, ctx.encoding),
                            protocol::position_of(doc.text, t.index, f.secret.end, ctx.encoding)}});
    }
    return out;
}

const Finding* finding_at(const DocumentSnapshot& doc, size_t offset) {
    for (const auto& f : doc.findings)
        if (f.secret.begin <= offset && offset <= f.secret.end)
            return &f;
    for (const auto& f : doc.findings)
        if (f.match.begin <= offset && offset <= f.match.end)
            return &f;
    return nullptr;
}

// Why the finding was reported: the rule, the entropy against its floor, the checksum.
std::string hover_why(const Finding& f, const Rule& rule) {
    std::string why = fmt::format("**Why flagged:** rule `{}`", rule.id);
    if (f.entropy > 0)
        why += fmt::format("; entropy {:.2f} bits/char", f.entropy);
    if (rule.min_entropy > 0)
        why += fmt::format(" (threshold {:.1f})", rule.min_entropy);
    if (f.checksum_verified)
        why += fmt::format("; checksum verified ({}): this is a real key format, not a look-alike",
                           rule.validator);
    else if (!rule.validator.empty())
        why += fmt::format("; checksum not verified ({})", rule.validator);
    else
        why += "; the format has no checksum";
    return why + ".\n\n";
}

// What it grants and what an attacker can do; rules that do not say get the safe assumption.
std::string hover_grants_and_risk(const Rule& rule) {
    std::string md = "**What it grants:** ";
    md += rule.grants.empty() ? "not documented for this rule; assume everything the account "
                                "or service behind it can do."
                              : rule.grants;
    md += "\n\n**Risk:** ";
    md += rule.risk.empty() ? "anyone who reads this file, its git history or a copy of it can "
                              "use the credential until it is revoked."
                            : rule.risk;
    return md + "\n\n";
}

std::string hover_revoke(const Rule& rule) {
    std::string md = "**Revoke and rotate:**\n\n";
    std::vector<std::string> steps = rule.revoke;
    if (steps.empty()) {
        std::string where = rule.provider.empty() ? "the service that issued it" : rule.provider;
        steps = {"Revoke or delete this credential at " + where + ".",
                 "Create a new one and store it outside the code (environment variable, .env "
                 "kept out of git, or a secrets manager).",
                 "Deploy the new value everywhere the old one was used (see below), then confirm "
                 "the old one is refused."};
    }
    for (size_t i = 0; i < steps.size(); ++i)
        md += fmt::format("{}. {}\n", i + 1, steps[i]);
    md += "\n";
    if (!rule.link.empty())
        md += fmt::format("Manage keys: <{}>\n\n", rule.link);
    md += "Removing it from the code does not remove it from the git history: revoke it first.\n\n";
    return md;
}

std::string hover_usage(const Rule& rule) {
    return "**Was it used?** " +
           (rule.check_usage.empty()
                ? std::string("check the provider's access or audit logs for requests made with "
                              "this credential since it was committed.")
                : rule.check_usage) +
           "\n\n";
}

std::string hover_elsewhere(const DocumentSnapshot& doc, std::string_view secret,
                            const ActionContext& ctx, const protocol::Range& here) {
    std::vector<Occurrence> elsewhere;
    for (auto& o : occurrences_of(doc, secret, ctx))
        if (!(o.uri == doc.uri && o.range.start == here.start))
            elsewhere.push_back(std::move(o));
    if (elsewhere.empty())
        return "The same value appears nowhere else in the open documents and the workspace.";
    std::string md = fmt::format("**The same value also appears in {} place{}** (rotate them "
                                 "together):\n\n",
                                 elsewhere.size(), elsewhere.size() == 1 ? "" : "s");
    size_t shown = 0;
    for (const auto& o : elsewhere) {
        if (++shown > 20) {
            md += fmt::format("- … and {} more\n", elsewhere.size() - 20);
            break;
        }
        md += "- " + format_location(o) + "\n";
    }
    return md;
}

std::string hover_markdown(const DocumentSnapshot& doc, const Finding& f, const Rule& rule,
                           std::string_view secret, const ActionContext& ctx,
                           const protocol::Range& here) {
    std::string md = fmt::format("**{}** · {}\n\n", finding_title(rule),
                                 rule.provider.empty() ? "Generic" : rule.provider);
    md += fmt::format("Value: `{}`\n\n", detectors::mask_secret(secret));
    md += hover_why(f, rule);
    if (!rule.description.empty())
        md += rule.description + "\n\n";
    md += hover_grants_and_risk(rule);
    md += hover_revoke(rule);
    md += hover_usage(rule);
    md += hover_elsewhere(doc, secret, ctx, here);
    return md;
}

} // namespace

json code_actions(const DocumentSnapshot& doc, const json& params, const ActionContext& ctx) {
    json out = json::array();
    Text text(doc.text, ctx.encoding);
    FixInput in{doc, ctx, language_of(doc), text};
    json context = params.value("context", json::object());
    json only = context.is_object() ? context.value("only", json()) : json();
    json diagnostics =
        context.is_object() ? context.value("diagnostics", json::array()) : json::array();

    if (kind_wanted(kFixAll, only))
        if (auto a = fix_all_action(in))
            out.push_back(std::move(*a));

    auto range = params.value("range", json::object());
    auto s = position_from(range.value("start", json()));
    auto e = position_from(range.value("end", json()));
    if (!s || !e)
        return out;
    size_t begin = text.offset(*s), end = std::max(begin, text.offset(*e));
    bool dotenv_done = false;
    for (const auto& t : findings_in(doc, begin, end, ctx)) {
        json diags = linked_diagnostics(diagnostics, text, t);
        if (kind_wanted(kQuickFix, only)) {
            if (in.lang == Language::Dotenv) {
                if (!dotenv_done)
                    if (auto a = gitignore_action(in, diags))
                        out.push_back(std::move(*a));
                dotenv_done = true;
            }
            if (auto a = env_action(in, t, diags))
                out.push_back(std::move(*a));
            if (auto a = dotenv_action(in, t, diags))
                out.push_back(std::move(*a));
        }
        if (kind_wanted(kRewrite, only))
            for (auto& a : secrets_manager_actions(in, t, diags))
                out.push_back(std::move(a));
        if (kind_wanted(kQuickFix, only)) {
            if (auto a = ignore_action(in, t, diags))
                out.push_back(std::move(*a));
            if (auto a = disable_rule_action(in, t, diags))
                out.push_back(std::move(*a));
        }
    }
    return out;
}

std::optional<json> hover(const DocumentSnapshot& doc, protocol::Position pos,
                          const ActionContext& ctx) {
    Text text(doc.text, ctx.encoding);
    const Finding* f = finding_at(doc, text.offset(pos));
    if (!f || f->secret.end > doc.text.size())
        return std::nullopt;
    const Rule* rule = rule_of(*f, ctx);
    if (!rule)
        return std::nullopt;
    std::string_view secret =
        std::string_view(doc.text).substr(f->secret.begin, f->secret.end - f->secret.begin);
    protocol::Range here{protocol::position_of(doc.text, text.index, f->secret.begin, ctx.encoding),
                         protocol::position_of(doc.text, text.index, f->secret.end, ctx.encoding)};
    return json{
        {"contents",
         {{"kind", "markdown"}, {"value", hover_markdown(doc, *f, *rule, secret, ctx, here)}}},
        {"range", range_json(here)}};
}

json references(const DocumentSnapshot& doc, protocol::Position pos, const ActionContext& ctx) {
    json out = json::array();
    Text text(doc.text, ctx.encoding);
    const Finding* f = finding_at(doc, text.offset(pos));
    if (!f || f->secret.end > doc.text.size())
        return out;
    std::string_view secret =
        std::string_view(doc.text).substr(f->secret.begin, f->secret.end - f->secret.begin);
    auto occurrences = occurrences_of(doc, secret, ctx);
    protocol::Range here{protocol::position_of(doc.text, text.index, f->secret.begin, ctx.encoding),
                         protocol::position_of(doc.text, text.index, f->secret.end, ctx.encoding)};
    bool has_here = std::any_of(occurrences.begin(), occurrences.end(), [&](const Occurrence& o) {
        return o.uri == doc.uri && o.range.start == here.start;
    });
    if (!has_here)
        out.push_back({{"uri", doc.uri}, {"range", range_json(here)}});
    for (const auto& o : occurrences)
        out.push_back({{"uri", o.uri}, {"range", range_json(o.range)}});
    return out;
}

std::vector<std::string> advertised_code_action_kinds() {
    return {std::string(kQuickFix), std::string(kRewrite), std::string(kFixAll)};
}

} // namespace secretls::server
