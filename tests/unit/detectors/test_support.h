//===--- test_support.h - Shared helpers of the detector unit tests -----------------------===//
//
// Test rules written inline as TOML, a seeded random source whose seed is printed on
// failure, and generators of fake secrets (random bodies, never real keys).
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/rule_loader.h"
#include "detectors/scanner.h"
#include "detectors/validators.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>

namespace secretls::detectors::testing {

// Loads rules from TOML text; the test fails if any rule has an error.
inline RuleList rules_from(std::string_view toml) {
    RuleLoadResult loaded = load_rules_toml(toml, "test.toml", "test");
    INFO("load errors: " << loaded.errors.size()
                         << (loaded.errors.empty() ? "" : " first: " + loaded.errors.front()));
    REQUIRE(loaded.errors.empty());
    return loaded.rules;
}

// A fresh seed per run (so tests do not depend on one example), reported for reproduction.
// SECRETLS_TEST_SEED=<n> in the environment replays a run.
inline uint64_t test_seed() {
    if (const char* fixed = std::getenv("SECRETLS_TEST_SEED"))
        return std::strtoull(fixed, nullptr, 10);
    return std::random_device{}() ^ (uint64_t{std::random_device{}()} << 32);
}

inline std::string random_from(std::string_view alphabet, size_t n, std::mt19937_64& rng) {
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    std::string out;
    for (size_t i = 0; i < n; ++i)
        out.push_back(alphabet[pick(rng)]);
    return out;
}

constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// A well-formed GitHub personal access token with a correct checksum (generated, fake).
inline std::string fake_github_token(std::mt19937_64& rng) {
    return "ghp_" + make_base62_crc32_body(random_from(kBase62, 30, rng));
}

// Standard base64 with padding, written here so tests do not trust the decoder under test.
inline std::string encode_base64(std::string_view bytes) {
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t group = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
        if (i + 1 < bytes.size())
            group |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        if (i + 2 < bytes.size())
            group |= static_cast<unsigned char>(bytes[i + 2]);
        const size_t chars = std::min<size_t>(3, bytes.size() - i) + 1; // n bytes: n+1 chars
        for (size_t k = 0; k < 4; ++k)
            out.push_back(k < chars ? kAlphabet[(group >> (18 - 6 * k)) & 63] : '=');
    }
    return out;
}

} // namespace secretls::detectors::testing
