//===--- lifecycle.cpp - Reading InitializeParams, negotiating the position encoding -------===//
#include "protocol/lifecycle.h"

#include <algorithm>
#include <initializer_list>

namespace secretls::protocol {

namespace {

// Follows `path` through nested objects; nullptr when any step is missing, null or not an
// object (lenient on purpose, see the header).
const json* dig(const json& root, std::initializer_list<const char*> path) {
    const json* node = &root;
    for (const char* key : path) {
        if (!node->is_object())
            return nullptr;
        auto it = node->find(key);
        if (it == node->end() || it->is_null())
            return nullptr;
        node = &*it;
    }
    return node;
}

bool dig_bool(const json& root, std::initializer_list<const char*> path) {
    const json* v = dig(root, path);
    return v != nullptr && v->is_boolean() && v->get<bool>();
}

std::vector<std::string> dig_strings(const json& root, std::initializer_list<const char*> path) {
    std::vector<std::string> out;
    const json* v = dig(root, path);
    if (v == nullptr || !v->is_array())
        return out;
    for (const json& item : *v)
        if (item.is_string())
            out.push_back(item.get<std::string>());
    return out;
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

bool ClientCapabilities::hover_markdown() const {
    return contains(hover_content_format, "markdown");
}

bool ClientCapabilities::can_create_files() const {
    return workspace_edit_document_changes && contains(resource_operations, "create");
}

void from_json(const ObjectReader& in, ClientCapabilities& out) {
    const json& caps = in.value();
    out.position_encodings = dig_strings(caps, {"general", "positionEncodings"});
    out.workspace_edit_document_changes =
        dig_bool(caps, {"workspace", "workspaceEdit", "documentChanges"});
    out.resource_operations =
        dig_strings(caps, {"workspace", "workspaceEdit", "resourceOperations"});
    out.diagnostics_version_support =
        dig_bool(caps, {"textDocument", "publishDiagnostics", "versionSupport"});
    out.hover_content_format = dig_strings(caps, {"textDocument", "hover", "contentFormat"});
    out.code_action_literal_support =
        dig(caps, {"textDocument", "codeAction", "codeActionLiteralSupport"}) != nullptr;
    out.work_done_progress = dig_bool(caps, {"window", "workDoneProgress"});
}

void from_json(const ObjectReader& in, WorkspaceFolder& out) {
    in.required("uri", out.uri);
    in.optional("name", out.name);
}

void to_json(json& out, const WorkspaceFolder& in) {
    out = json{{"uri", in.uri}, {"name", in.name}};
}

void from_json(const ObjectReader& in, InitializeParams& out) {
    in.optional("processId", out.process_id);
    if (const json* info = in.get("clientInfo")) {
        ObjectReader client(*info, in.child_path("clientInfo"));
        client.optional("name", out.client_name);
        client.optional("version", out.client_version);
    }
    in.optional("rootUri", out.root_uri);
    in.optional("rootPath", out.root_path);
    in.optional("workspaceFolders", out.workspace_folders);
    in.optional("initializationOptions", out.initialization_options);
    if (const json* caps = in.get("capabilities")) {
        if (caps->is_object()) {
            ObjectReader reader(*caps, in.child_path("capabilities"));
            from_json(reader, out.capabilities);
        }
    }
}

PositionEncoding negotiate_position_encoding(const ClientCapabilities& capabilities) {
    const auto& offered = capabilities.position_encodings;
    if (contains(offered, "utf-8"))
        return PositionEncoding::UTF8;
    // Between the two that need counting, the client's order of preference decides.
    for (const std::string& name : offered) {
        if (name == "utf-16")
            return PositionEncoding::UTF16;
        if (name == "utf-32")
            return PositionEncoding::UTF32;
    }
    return PositionEncoding::UTF16;
}

} // namespace secretls::protocol
