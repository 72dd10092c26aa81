//===--- validators.cpp - Checksums carried by some token formats -------------------------===//
#include "detectors/validators.h"

#include <array>

namespace secretls::detectors {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr size_t kChecksumLength = 6;

std::array<uint32_t, 256> make_crc_table() {
    std::array<uint32_t, 256> table{};
    for (uint32_t n = 0; n < 256; ++n) {
        uint32_t c = n;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}

bool is_base62(std::string_view s) {
    for (char c : s)
        if (kBase62.find(c) == std::string_view::npos)
            return false;
    return true;
}

// The part after the last '_': GitHub and npm tokens put random+checksum there.
std::string_view body_after_prefix(std::string_view token) {
    size_t underscore = token.rfind('_');
    return underscore == std::string_view::npos ? token : token.substr(underscore + 1);
}

bool validate_prefixed_crc32(std::string_view token) {
    return has_valid_base62_crc32(body_after_prefix(token));
}

struct NamedValidator {
    std::string_view name;
    bool (*check)(std::string_view);
};

// github-crc32 and npm-crc32 are the same scheme; separate names keep rules self-describing
// and let one of them change without touching the other.
constexpr NamedValidator kValidators[] = {
    {"github-crc32", validate_prefixed_crc32},
    {"npm-crc32", validate_prefixed_crc32},
    {"base62-crc32", validate_prefixed_crc32},
};

} // namespace

uint32_t crc32_ieee(std::string_view bytes) {
    static const std::array<uint32_t, 256> table = make_crc_table();
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : bytes)
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

std::string base62_crc32_checksum(std::string_view random_part) {
    uint32_t value = crc32_ieee(random_part);
    std::string digits(kChecksumLength, '0');
    // 62^6 > 2^32, so six digits always suffice.
    for (size_t i = kChecksumLength; i-- > 0 && value != 0;) {
        digits[i] = kBase62[value % 62];
        value /= 62;
    }
    return digits;
}

bool has_valid_base62_crc32(std::string_view body) {
    if (body.size() <= kChecksumLength || !is_base62(body))
        return false;
    std::string_view random_part = body.substr(0, body.size() - kChecksumLength);
    return body.substr(body.size() - kChecksumLength) == base62_crc32_checksum(random_part);
}

std::string make_base62_crc32_body(std::string_view random_part) {
    return std::string(random_part) + base62_crc32_checksum(random_part);
}

bool is_known_validator(std::string_view name) {
    if (name.empty())
        return true;
    for (const auto& v : kValidators)
        if (v.name == name)
            return true;
    return false;
}

std::vector<std::string> validator_names() {
    std::vector<std::string> names;
    for (const auto& v : kValidators)
        names.emplace_back(v.name);
    return names;
}

bool validate_secret(std::string_view name, std::string_view secret) {
    for (const auto& v : kValidators)
        if (v.name == name)
            return v.check(secret);
    return true;
}

} // namespace secretls::detectors
