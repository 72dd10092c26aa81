//===--- diagnostics.h - LSP diagnostics and textDocument/publishDiagnostics ---------------===//
//
// to_json writes what the server publishes; from_json reads diagnostics back, as clients
// echo them in codeAction requests (context.diagnostics). Optional fields left empty are
// omitted from the JSON rather than written as null.
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

enum class DiagnosticSeverity { Error = 1, Warning = 2, Information = 3, Hint = 4 };

struct Diagnostic {
    Range range;
    std::optional<DiagnosticSeverity> severity;
    std::optional<std::string> code;                  // e.g. the rule id
    std::optional<std::string> code_description_href; // codeDescription.href
    std::optional<std::string> source;                // "secretls"
    std::string message;
    json data = nullptr; // round-trips to codeAction requests; omitted when null
};
void from_json(const ObjectReader& in, Diagnostic& out);
void to_json(json& out, const Diagnostic& in);

struct PublishDiagnosticsParams {
    std::string uri;
    std::optional<int> version; // the document version the diagnostics belong to
    std::vector<Diagnostic> diagnostics;
};
void to_json(json& out, const PublishDiagnosticsParams& in);
void from_json(const ObjectReader& in, PublishDiagnosticsParams& out);

} // namespace secretls::protocol
