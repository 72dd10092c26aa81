//===--- actions.h - Hover, code actions and references on findings (LSP level) ------------===//
//
// Owned by the fixes/hover work (server/fixes/ holds the language-specific, byte-offset
// edit builders). The server's handlers call these with a snapshot of the document; they
// never touch the scheduler or the transport. The secret is never returned in clear except
// inside the edit that writes it to the user's own .env file.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/scanner.h"
#include "protocol/position.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace secretls::server {

using json = nlohmann::json;

// What the handlers know about one open document at one version.
struct DocumentSnapshot {
    std::string uri;
    std::string path;        // file system path, "" for untitled documents
    std::string language_id; // from didOpen
    int version = 0;
    std::string text;
    std::vector<detectors::Finding> findings; // sorted, current for `version`
};

// Another place where the same secret value occurs (for hover and references).
struct Occurrence {
    std::string uri;
    protocol::Range range;
};

struct ActionContext {
    const detectors::Scanner& scanner;
    protocol::PositionEncoding encoding = protocol::PositionEncoding::UTF16;
    std::string workspace_root; // "" when the client opened no folder
    // Every occurrence of a secret value in open documents and the workspace.
    std::function<std::vector<Occurrence>(std::string_view secret)> find_occurrences;
    // Client capabilities the edits depend on.
    bool supports_document_changes = true; // workspace.workspaceEdit.documentChanges
    bool supports_create_file = true;      // resourceOperations contains "create"
};

// textDocument/codeAction: `params` is the request's params (range, context.diagnostics,
// context.only). Returns the JSON array of CodeAction.
json code_actions(const DocumentSnapshot& doc, const json& params, const ActionContext& ctx);

// textDocument/hover: Hover JSON (markdown) or nullopt when no finding is at `pos`.
std::optional<json> hover(const DocumentSnapshot& doc, protocol::Position pos,
                          const ActionContext& ctx);

// textDocument/references on a finding: every occurrence of the same value (Location[]).
json references(const DocumentSnapshot& doc, protocol::Position pos, const ActionContext& ctx);

// The code action kinds the server advertises (codeActionProvider.codeActionKinds).
std::vector<std::string> advertised_code_action_kinds();

} // namespace secretls::server
