//===--- diagnostics.cpp - JSON mapping of diagnostics -------------------------------------===//
#include "protocol/diagnostics.h"

namespace secretls::protocol {

void from_json(const ObjectReader& in, Diagnostic& out) {
    in.required("range", out.range);
    if (const json* severity = in.get("severity")) {
        int value = 0;
        read_value(*severity, in.child_path("severity"), value);
        if (value < 1 || value > 4)
            throw InvalidParamsError(in.child_path("severity"), "expected 1 to 4");
        out.severity = static_cast<DiagnosticSeverity>(value);
    }
    // LSP allows integer codes; other servers' diagnostics may use them.
    if (const json* code = in.get("code"))
        out.code = code->is_string() ? code->get<std::string>() : code->dump();
    if (const json* description = in.get("codeDescription")) {
        ObjectReader reader(*description, in.child_path("codeDescription"));
        reader.optional("href", out.code_description_href);
    }
    in.optional("source", out.source);
    in.required("message", out.message);
    in.optional("data", out.data);
}

void to_json(json& out, const Diagnostic& in) {
    out = json{{"range", in.range}, {"message", in.message}};
    if (in.severity)
        out["severity"] = static_cast<int>(*in.severity);
    if (in.code)
        out["code"] = *in.code;
    if (in.code_description_href)
        out["codeDescription"] = json{{"href", *in.code_description_href}};
    if (in.source)
        out["source"] = *in.source;
    if (!in.data.is_null())
        out["data"] = in.data;
}

void to_json(json& out, const PublishDiagnosticsParams& in) {
    out = json{{"uri", in.uri}, {"diagnostics", json::array()}};
    for (const Diagnostic& d : in.diagnostics)
        out["diagnostics"].push_back(d);
    if (in.version)
        out["version"] = *in.version;
}

void from_json(const ObjectReader& in, PublishDiagnosticsParams& out) {
    in.required("uri", out.uri);
    in.optional("version", out.version);
    in.required("diagnostics", out.diagnostics);
}

} // namespace secretls::protocol
