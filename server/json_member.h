//===--- json_member.h - Reading members of untrusted JSON without exceptions ---------------===//
//
// Client messages and report files may hold anything: a member is read only when the value
// is an object that has it, so a wrong shape is a clear error, never a thrown exception.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <nlohmann/json.hpp>

namespace secretls::server {

// The member `key` of `j`, or nullptr when `j` is not an object or the member is missing or
// null.
inline const nlohmann::json* member(const nlohmann::json& j, const char* key) {
    if (!j.is_object())
        return nullptr;
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
}

} // namespace secretls::server
