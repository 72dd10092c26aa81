//===--- workspace.cpp - JSON mapping of edits and locations -------------------------------===//
#include "protocol/workspace.h"

namespace secretls::protocol {

void from_json(const ObjectReader& in, TextEdit& out) {
    in.required("range", out.range);
    in.required("newText", out.new_text);
}

void to_json(json& out, const TextEdit& in) {
    out = json{{"range", in.range}, {"newText", in.new_text}};
}

void from_json(const ObjectReader& in, Location& out) {
    in.required("uri", out.uri);
    in.required("range", out.range);
}

void to_json(json& out, const Location& in) {
    out = json{{"uri", in.uri}, {"range", in.range}};
}

void to_json(json& out, const TextDocumentEdit& in) {
    out = json{{"textDocument", in.text_document}, {"edits", json::array()}};
    for (const TextEdit& e : in.edits)
        out["edits"].push_back(e);
}

void to_json(json& out, const CreateFile& in) {
    out = json{{"kind", "create"},
               {"uri", in.uri},
               {"options", {{"overwrite", in.overwrite}, {"ignoreIfExists", in.ignore_if_exists}}}};
}

void WorkspaceEdit::add_edits(const std::string& uri, std::optional<int> version,
                              std::vector<TextEdit> edits) {
    // Merge into the last edit of the same document unless a creation came between.
    for (auto it = operations_.rbegin(); it != operations_.rend(); ++it) {
        if (it->create && it->create->uri == uri)
            break;
        if (it->edit && it->edit->text_document.uri == uri) {
            for (TextEdit& e : edits)
                it->edit->edits.push_back(std::move(e));
            return;
        }
    }
    Operation op;
    op.edit = TextDocumentEdit{{uri, version}, std::move(edits)};
    operations_.push_back(std::move(op));
}

void WorkspaceEdit::add_edit(const std::string& uri, std::optional<int> version, TextEdit edit) {
    std::vector<TextEdit> edits;
    edits.push_back(std::move(edit));
    add_edits(uri, version, std::move(edits));
}

void WorkspaceEdit::create_file(CreateFile create) {
    Operation op;
    op.create = std::move(create);
    operations_.push_back(std::move(op));
}

bool WorkspaceEdit::creates_files() const {
    for (const Operation& op : operations_)
        if (op.create)
            return true;
    return false;
}

std::optional<json> WorkspaceEdit::to_json(bool document_changes) const {
    if (document_changes) {
        json changes = json::array();
        for (const Operation& op : operations_)
            changes.push_back(op.edit ? json(*op.edit) : json(*op.create));
        return json{{"documentChanges", std::move(changes)}};
    }
    if (creates_files())
        return std::nullopt;
    json changes = json::object();
    for (const Operation& op : operations_) {
        json& list = changes[op.edit->text_document.uri];
        if (list.is_null())
            list = json::array();
        for (const TextEdit& e : op.edit->edits)
            list.push_back(e);
    }
    return json{{"changes", std::move(changes)}};
}

} // namespace secretls::protocol
