//===--- text_document.h - LSP document synchronisation types ------------------------------===//
//
// Plain structs with snake_case fields; the LSP names live in the from_json/to_json beside
// each. Fields the server does not use are not read (`rangeLength` on purpose: clients
// disagree on its units, so changes are applied by `range` alone).
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "protocol/json_rpc.h"
#include "protocol/position.h"

#include <optional>
#include <string>
#include <vector>

namespace secretls::protocol {

// Position and Range (declared in position.h, which knows nothing of JSON).
void from_json(const ObjectReader& in, Position& out);
void to_json(json& out, const Position& in);
void from_json(const ObjectReader& in, Range& out);
void to_json(json& out, const Range& in);

struct TextDocumentIdentifier {
    std::string uri;
};
void from_json(const ObjectReader& in, TextDocumentIdentifier& out);
void to_json(json& out, const TextDocumentIdentifier& in);

struct VersionedTextDocumentIdentifier {
    std::string uri;
    std::optional<int> version; // null in workspace edits means "any version"
};
void from_json(const ObjectReader& in, VersionedTextDocumentIdentifier& out);
void to_json(json& out, const VersionedTextDocumentIdentifier& in);

struct TextDocumentItem {
    std::string uri;
    std::string language_id;
    int version = 0;
    std::string text;
};
void from_json(const ObjectReader& in, TextDocumentItem& out);

struct TextDocumentContentChangeEvent {
    std::optional<Range> range; // absent: `text` is the whole new document
    std::string text;
};
void from_json(const ObjectReader& in, TextDocumentContentChangeEvent& out);

struct DidOpenTextDocumentParams {
    TextDocumentItem text_document;
};
void from_json(const ObjectReader& in, DidOpenTextDocumentParams& out);

struct DidChangeTextDocumentParams {
    VersionedTextDocumentIdentifier text_document; // version required here
    std::vector<TextDocumentContentChangeEvent> content_changes;
};
void from_json(const ObjectReader& in, DidChangeTextDocumentParams& out);

struct DidCloseTextDocumentParams {
    TextDocumentIdentifier text_document;
};
void from_json(const ObjectReader& in, DidCloseTextDocumentParams& out);

struct DidSaveTextDocumentParams {
    TextDocumentIdentifier text_document;
    std::optional<std::string> text; // when the client includes it
};
void from_json(const ObjectReader& in, DidSaveTextDocumentParams& out);

// Hover, references, definition...: a document and a position in it.
struct TextDocumentPositionParams {
    TextDocumentIdentifier text_document;
    Position position;
};
void from_json(const ObjectReader& in, TextDocumentPositionParams& out);

} // namespace secretls::protocol
