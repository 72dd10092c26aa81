//===--- fixes_support.h - Shared helpers of the server unit tests (quick-fixes first) ----===//
//
// Fake secrets are generated per run (random bodies, never real keys); a test rule and a
// scanner built from it stand in for the built-in rules, so the tests do not depend on
// rule data owned elsewhere.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/scanner.h"
#include "server/fixes/edit.h"
#include "server/fixes/env_fix.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <string>

namespace secretls::server::testing {

inline std::mt19937_64& rng() {
    static std::mt19937_64 r{std::random_device{}()};
    return r;
}

inline std::string random_alnum(size_t n) {
    static constexpr std::string_view kAlnum =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::uniform_int_distribution<size_t> pick(0, kAlnum.size() - 1);
    std::string out;
    for (size_t i = 0; i < n; ++i)
        out += kAlnum[pick(rng())];
    return out;
}

// All that was written to `f` (a std::tmpfile() given to a command as its output); closes it.
inline std::string read_and_close(std::FILE* f) {
    std::string s;
    std::rewind(f);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        s.append(buf, n);
    std::fclose(f);
    return s;
}

// "tok_" + 24 random alphanumerics: the format of the test rule below.
inline std::string fake_token() {
    return "tok_" + random_alnum(24);
}

inline detectors::Rule test_rule() {
    detectors::Rule r;
    r.id = "testco-api-token";
    r.provider = "Testco";
    r.title = "Testco API token";
    r.description = "A Testco account token.";
    r.keywords = {"tok_"};
    r.regex = R"(\b(tok_[A-Za-z0-9]{24})\b)";
    r.secret_group = 1;
    r.min_entropy = 2.5;
    r.env_var = "TESTCO_API_TOKEN";
    r.link = "https://testco.example/settings/tokens";
    r.grants = "Full access to the Testco account.";
    r.risk = "Anyone can act as you at Testco.";
    r.revoke = {"Open Testco settings.", "Create a new token.", "Delete the leaked token."};
    r.check_usage = "Review the Testco audit log.";
    r.origin = "test";
    return r;
}

// Where `needle` starts in `text` (the test fails when absent).
inline detectors::ByteRange range_of(std::string_view text, std::string_view needle) {
    auto at = text.find(needle);
    REQUIRE(at != std::string_view::npos);
    return {at, at + needle.size()};
}

// Fix 1 applied to the first occurrence of `secret`; "" when no fix was offered.
inline std::string fixed(std::string_view text, fixes::Language lang, std::string_view secret,
                         std::string_view var = "TESTCO_API_TOKEN") {
    auto fix = fixes::build_env_fix(text, lang, range_of(text, secret), var);
    if (!fix)
        return "";
    return fixes::apply_edits(std::string(text), fix->edits);
}

} // namespace secretls::server::testing
