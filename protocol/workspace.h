//===--- workspace.h - Text edits, workspace edits and locations ---------------------------===//
//
// A WorkspaceEdit is built once and written in the form the client supports: as
// `documentChanges` (versioned, with file creation) when the client advertised
// workspace.workspaceEdit.documentChanges, else as the plain `changes` map (no file
// creation possible; the builder then reports that the edit cannot be expressed).
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "protocol/json_rpc.h"
#include "protocol/position.h"
#include "protocol/text_document.h"

#include <optional>
#include <string>
#include <vector>

namespace secretls::protocol {

struct TextEdit {
    Range range;
    std::string new_text;
};
void from_json(const ObjectReader& in, TextEdit& out);
void to_json(json& out, const TextEdit& in);

struct Location {
    std::string uri;
    Range range;
};
void from_json(const ObjectReader& in, Location& out);
void to_json(json& out, const Location& in);

// Edits of one document, optionally pinned to the version they were computed for.
struct TextDocumentEdit {
    VersionedTextDocumentIdentifier text_document;
    std::vector<TextEdit> edits;
};
void to_json(json& out, const TextDocumentEdit& in);

struct CreateFile {
    std::string uri;
    bool overwrite = false;
    bool ignore_if_exists = true; // an existing .env is edited, never replaced
};
void to_json(json& out, const CreateFile& in);

class WorkspaceEdit {
public:
    // Adds edits to `uri` (merged with earlier edits of the same document).
    void add_edits(const std::string& uri, std::optional<int> version, std::vector<TextEdit> edits);
    void add_edit(const std::string& uri, std::optional<int> version, TextEdit edit);
    // Creates a file before any later edit of it (needs resource operations).
    void create_file(CreateFile create);

    bool empty() const { return operations_.empty(); }
    bool creates_files() const;
    // `documentChanges` form when `document_changes`, else `changes`. Returns nullopt when
    // the edit needs file creation that `document_changes == false` cannot express.
    std::optional<json> to_json(bool document_changes) const;

private:
    struct Operation {
        std::optional<TextDocumentEdit> edit;
        std::optional<CreateFile> create;
    };
    std::vector<Operation> operations_;
};

} // namespace secretls::protocol
