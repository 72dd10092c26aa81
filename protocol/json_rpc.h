//===--- json_rpc.h - JSON-RPC 2.0 error codes and typed parameter parsing -----------------===//
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>

namespace secretls::protocol {

using json = nlohmann::json;

namespace error_code {
inline constexpr int ParseError = -32700;
inline constexpr int InvalidRequest = -32600;
inline constexpr int MethodNotFound = -32601;
inline constexpr int InvalidParams = -32602;
inline constexpr int InternalError = -32603;
inline constexpr int ServerNotInitialized = -32002;
inline constexpr int RequestFailed = -32803;
inline constexpr int RequestCancelled = -32800;
inline constexpr int ContentModified = -32801;
} // namespace error_code

struct ResponseError {
    int code = error_code::InternalError;
    std::string message;
};

// Thrown by parsers of params; `path` names the bad field ("textDocument.uri").
struct InvalidParamsError : std::runtime_error {
    std::string path;
    InvalidParamsError(std::string path, const std::string& what)
        : std::runtime_error(path + ": " + what), path(std::move(path)) {}
};

// Field readers for from_json implementations: `null` counts as missing (clangd's
// mapOptOrNull); errors name the full path.
class ObjectReader {
public:
    ObjectReader(const json& value, std::string path); // throws unless value is an object
    template <typename T> void required(const char* field, T& out) const;
    template <typename T> void optional(const char* field, T& out) const; // missing/null: unchanged
    template <typename T> void optional(const char* field, std::optional<T>& out) const;
    const json* get(const char* field) const; // nullptr when missing or null
    std::string child_path(const char* field) const;

private:
    const json& value_;
    std::string path_;
};

// Parses request/notification params into P via `void from_json(const ObjectReader&, P&)`
// or nlohmann's from_json; rethrows as InvalidParamsError naming the field.
template <typename P> void parse_params(const json& params, P& out);

} // namespace secretls::protocol
