//===--- lifecycle.h - initialize: what the client tells us, what we negotiate -------------===//
//
// ClientCapabilities does not mirror LSP: it reads only what secretls uses (clangd's
// Protocol.h does the same). Capabilities are read leniently: a client that sends a wrong
// type in some capability gets that capability's default, not a failed initialize.
// The InitializeResult is the server's business (it knows its features); this layer only
// offers negotiate_position_encoding().
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "protocol/json_rpc.h"
#include "protocol/position.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace secretls::protocol {

struct ClientCapabilities {
    std::vector<std::string> position_encodings;   // general.positionEncodings, in preference order
    bool workspace_edit_document_changes = false;  // workspace.workspaceEdit.documentChanges
    std::vector<std::string> resource_operations;  // workspace.workspaceEdit.resourceOperations
    bool diagnostics_version_support = false;      // textDocument.publishDiagnostics.versionSupport
    std::vector<std::string> hover_content_format; // textDocument.hover.contentFormat
    bool code_action_literal_support = false; // textDocument.codeAction.codeActionLiteralSupport
    bool work_done_progress = false;          // window.workDoneProgress

    bool hover_markdown() const;   // "markdown" offered in hover_content_format
    bool can_create_files() const; // documentChanges and resource operation "create"
};
void from_json(const ObjectReader& in, ClientCapabilities& out);

struct WorkspaceFolder {
    std::string uri;
    std::string name;
};
void from_json(const ObjectReader& in, WorkspaceFolder& out);
void to_json(json& out, const WorkspaceFolder& in);

struct InitializeParams {
    std::optional<int64_t> process_id;         // the parent editor, to watch
    std::optional<std::string> client_name;    // clientInfo.name, for logs
    std::optional<std::string> client_version; // clientInfo.version
    std::optional<std::string> root_uri;
    std::optional<std::string> root_path; // deprecated; used when rootUri is absent
    std::vector<WorkspaceFolder> workspace_folders;
    json initialization_options = nullptr; // raw; the server reads its own settings
    ClientCapabilities capabilities;
};
void from_json(const ObjectReader& in, InitializeParams& out);

// utf-8 when the client offers it (documents are UTF-8: no counting at all); else whichever
// of utf-16/utf-32 the client lists first; else utf-16, the LSP default every client speaks.
PositionEncoding negotiate_position_encoding(const ClientCapabilities& capabilities);

} // namespace secretls::protocol
