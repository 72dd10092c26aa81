//===--- json_rpc.h - JSON-RPC 2.0 error codes and typed parameter parsing -----------------===//
//
// Params arrive as JSON; handlers want structs. A struct T becomes parseable by declaring,
// next to it, `void from_json(const ObjectReader&, T&)` that reads its fields with
// required()/optional(). Errors carry the JSON path of the bad field, so a client gets
// -32602 "textDocument.uri: expected string" rather than a bare "invalid params"
// (clangd's json::Path, LSPBinder.h). `null` counts as a missing field everywhere
// (clangd's mapOptOrNull): clients send both for "absent".
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

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
    json data = nullptr; // omitted from the response when null
};
json to_json(const ResponseError& err); // {"code":..,"message":..[,"data":..]}

// Thrown by parsers of params; `path` names the bad field ("textDocument.uri").
struct InvalidParamsError : std::runtime_error {
    std::string path;
    InvalidParamsError(std::string path, const std::string& what)
        : std::runtime_error((path.empty() ? std::string("params") : path) + ": " + what),
          path(std::move(path)) {}
};

// Params of methods that take none (shutdown, exit): anything is accepted.
struct NoParams {};

class ObjectReader;

// T has the ObjectReader-based from_json described above (found by ADL).
template <typename T>
concept ReadableStruct = requires(const ObjectReader& reader, T& out) {
    from_json(reader, out);
};

// Reads `value` (at `path`) into `out`, or throws InvalidParamsError naming `path`.
template <typename T> void read_value(const json& value, const std::string& path, T& out);

// Field readers for from_json implementations: `null` counts as missing (clangd's
// mapOptOrNull); errors name the full path.
class ObjectReader {
public:
    // Throws InvalidParamsError unless `value` is an object.
    ObjectReader(const json& value, std::string path) : value_(value), path_(std::move(path)) {
        if (!value_.is_object())
            throw InvalidParamsError(path_, "expected object");
    }
    // Missing or null: throws "required field missing".
    template <typename T> void required(const char* field, T& out) const {
        const json* v = get(field);
        if (v == nullptr)
            throw InvalidParamsError(child_path(field), "required field missing");
        read_value(*v, child_path(field), out);
    }
    // Missing or null: `out` unchanged.
    template <typename T> void optional(const char* field, T& out) const {
        if (const json* v = get(field))
            read_value(*v, child_path(field), out);
    }
    // Missing or null: `out` reset to nullopt.
    template <typename T> void optional(const char* field, std::optional<T>& out) const {
        const json* v = get(field);
        if (v == nullptr) {
            out.reset();
            return;
        }
        T parsed{};
        read_value(*v, child_path(field), parsed);
        out = std::move(parsed);
    }
    // nullptr when missing or null.
    const json* get(const char* field) const {
        auto it = value_.find(field);
        if (it == value_.end() || it->is_null())
            return nullptr;
        return &*it;
    }
    std::string child_path(const char* field) const {
        return path_.empty() ? std::string(field) : path_ + "." + field;
    }
    const std::string& path() const { return path_; }
    const json& value() const { return value_; }

private:
    const json& value_;
    std::string path_;
};

namespace detail {
template <typename T> struct is_vector : std::false_type {};
template <typename T, typename A> struct is_vector<std::vector<T, A>> : std::true_type {};
template <typename T> struct is_optional : std::false_type {};
template <typename T> struct is_optional<std::optional<T>> : std::true_type {};
template <typename T> struct is_string_map : std::false_type {};
template <typename T> struct is_string_map<std::map<std::string, T>> : std::true_type {};

[[noreturn]] inline void expected(const std::string& path, const char* what) {
    throw InvalidParamsError(path, std::string("expected ") + what);
}
} // namespace detail

template <typename T> void read_value(const json& value, const std::string& path, T& out) {
    if constexpr (std::is_same_v<T, json>) {
        out = value;
    } else if constexpr (std::is_same_v<T, NoParams>) {
        (void)value, (void)path, (void)out;
    } else if constexpr (detail::is_optional<T>::value) {
        if (value.is_null()) {
            out.reset();
        } else {
            typename T::value_type parsed{};
            read_value(value, path, parsed);
            out = std::move(parsed);
        }
    } else if constexpr (ReadableStruct<T>) {
        ObjectReader reader(value, path);
        from_json(reader, out);
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!value.is_string())
            detail::expected(path, "string");
        out = value.get_ref<const std::string&>();
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!value.is_boolean())
            detail::expected(path, "boolean");
        out = value.get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
        // Accept only integers that fit T: a negative line number must not wrap around.
        if (value.is_number_unsigned()) {
            auto v = value.get<uint64_t>();
            if (v > static_cast<uint64_t>(std::numeric_limits<T>::max()))
                detail::expected(path, "integer in range");
            out = static_cast<T>(v);
        } else if (value.is_number_integer()) {
            auto v = value.get<int64_t>();
            if constexpr (std::is_unsigned_v<T>) {
                if (v < 0)
                    detail::expected(path, "non-negative integer");
                if (static_cast<uint64_t>(v) > static_cast<uint64_t>(std::numeric_limits<T>::max()))
                    detail::expected(path, "integer in range");
            } else {
                if (v < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
                    v > static_cast<int64_t>(std::numeric_limits<T>::max()))
                    detail::expected(path, "integer in range");
            }
            out = static_cast<T>(v);
        } else {
            detail::expected(path, "integer");
        }
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!value.is_number())
            detail::expected(path, "number");
        out = value.get<T>();
    } else if constexpr (detail::is_vector<T>::value) {
        if (!value.is_array())
            detail::expected(path, "array");
        out.clear();
        out.reserve(value.size());
        for (size_t i = 0; i < value.size(); ++i) {
            typename T::value_type element{};
            read_value(value[i], path + "[" + std::to_string(i) + "]", element);
            out.push_back(std::move(element));
        }
    } else if constexpr (detail::is_string_map<T>::value) {
        if (!value.is_object())
            detail::expected(path, "object");
        out.clear();
        for (auto it = value.begin(); it != value.end(); ++it) {
            typename T::mapped_type element{};
            read_value(*it, path.empty() ? it.key() : path + "." + it.key(), element);
            out.emplace(it.key(), std::move(element));
        }
    } else {
        // Types with nlohmann's own from_json(const json&, T&).
        try {
            value.get_to(out);
        } catch (const json::exception& e) {
            throw InvalidParamsError(path, e.what());
        }
    }
}

// Parses request/notification params into P. Missing or null params read as an empty
// object, so a struct with required fields names the first missing one.
template <typename P> void parse_params(const json& params, P& out) {
    if constexpr (std::is_same_v<P, json>) {
        out = params;
    } else if (params.is_null()) {
        read_value(json::object(), "", out);
    } else {
        read_value(params, "", out);
    }
}

} // namespace secretls::protocol
