//===--- text_document.cpp - JSON mapping of the document synchronisation types ------------===//
#include "protocol/text_document.h"

namespace secretls::protocol {

void from_json(const ObjectReader& in, Position& out) {
    in.required("line", out.line);
    in.required("character", out.character);
}

void to_json(json& out, const Position& in) {
    out = json{{"line", in.line}, {"character", in.character}};
}

void from_json(const ObjectReader& in, Range& out) {
    in.required("start", out.start);
    in.required("end", out.end);
}

void to_json(json& out, const Range& in) {
    out = json{{"start", in.start}, {"end", in.end}};
}

void from_json(const ObjectReader& in, TextDocumentIdentifier& out) {
    in.required("uri", out.uri);
}

void to_json(json& out, const TextDocumentIdentifier& in) {
    out = json{{"uri", in.uri}};
}

void from_json(const ObjectReader& in, VersionedTextDocumentIdentifier& out) {
    in.required("uri", out.uri);
    in.optional("version", out.version);
}

void to_json(json& out, const VersionedTextDocumentIdentifier& in) {
    out = json{{"uri", in.uri}, {"version", in.version ? json(*in.version) : json(nullptr)}};
}

void from_json(const ObjectReader& in, TextDocumentItem& out) {
    in.required("uri", out.uri);
    in.optional("languageId", out.language_id);
    in.required("version", out.version);
    in.required("text", out.text);
}

void from_json(const ObjectReader& in, TextDocumentContentChangeEvent& out) {
    in.optional("range", out.range);
    in.required("text", out.text);
}

void from_json(const ObjectReader& in, DidOpenTextDocumentParams& out) {
    in.required("textDocument", out.text_document);
}

void from_json(const ObjectReader& in, DidChangeTextDocumentParams& out) {
    in.required("textDocument", out.text_document);
    if (!out.text_document.version)
        throw InvalidParamsError(in.child_path("textDocument") + ".version",
                                 "required field missing");
    in.required("contentChanges", out.content_changes);
}

void from_json(const ObjectReader& in, DidCloseTextDocumentParams& out) {
    in.required("textDocument", out.text_document);
}

void from_json(const ObjectReader& in, DidSaveTextDocumentParams& out) {
    in.required("textDocument", out.text_document);
    in.optional("text", out.text);
}

void from_json(const ObjectReader& in, TextDocumentPositionParams& out) {
    in.required("textDocument", out.text_document);
    in.required("position", out.position);
}

} // namespace secretls::protocol
