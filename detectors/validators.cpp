//===--- validators.cpp - Checksums carried by some token formats -------------------------===//
#include "detectors/validators.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

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

// Value of one base64 character (standard or URL-safe alphabet), or -1.
int base64_value(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

bool is_printable_name_byte(unsigned char c) {
    return c > 0x20 && c < 0x7f && c != ':';
}

// Docker's config.json "auth" is base64("username:password"). The username must be
// printable (registries reject control bytes in names); the password is only required to be
// non-empty, since a password may hold any byte.
bool validate_base64_user_password(std::string_view token) {
    std::optional<std::string> decoded = decode_base64(token);
    if (!decoded)
        return false;
    size_t colon = decoded->find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= decoded->size())
        return false;
    for (size_t i = 0; i < colon; ++i)
        if (!is_printable_name_byte(static_cast<unsigned char>((*decoded)[i])))
            return false;
    return true;
}

// Bech32 (BIP-173), the encoding of age identities ("AGE-SECRET-KEY-1..."): a human-readable
// part, the separator '1', then 5-bit values whose last six are a BCH checksum over both.
constexpr std::string_view kBech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

uint32_t bech32_polymod(const std::vector<uint8_t>& values) {
    constexpr uint32_t kGenerator[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    uint32_t checksum = 1;
    for (uint8_t value : values) {
        const uint32_t top = checksum >> 25;
        checksum = ((checksum & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; ++i)
            if ((top >> i) & 1)
                checksum ^= kGenerator[i];
    }
    return checksum;
}

// The human-readable part as the checksum sees it (lower-cased).
std::vector<uint8_t> bech32_expand_hrp(std::string_view hrp) {
    std::vector<uint8_t> values;
    for (char c : hrp)
        values.push_back(static_cast<uint8_t>(std::tolower(static_cast<unsigned char>(c)) >> 5));
    values.push_back(0);
    for (char c : hrp)
        values.push_back(static_cast<uint8_t>(std::tolower(static_cast<unsigned char>(c)) & 31));
    return values;
}

// A snowflake in decimal: 17 digits in 2015, 18 from late 2015, 19 from mid-2022.
constexpr size_t kSnowflakeDigitsMin = 17;
constexpr size_t kSnowflakeDigitsMax = 19;
// Discord: 2015-01-01T00:00:00Z, where snowflake timestamps count from (milliseconds).
constexpr uint64_t kDiscordEpochMs = 1420070400000;
// Plausible creation times of a bot account: from Discord's epoch to 2035-01-01.
constexpr uint64_t kDiscordLatestMs = 2051222400000;

// The snowflake that a Discord token's first part encodes, when it is one.
std::optional<uint64_t> discord_snowflake(std::string_view first_part) {
    const std::optional<std::string> decoded = decode_base64(first_part);
    if (!decoded || decoded->size() < kSnowflakeDigitsMin ||
        decoded->size() > kSnowflakeDigitsMax || (*decoded)[0] == '0')
        return std::nullopt;
    uint64_t id = 0;
    for (char c : *decoded) {
        if (c < '0' || c > '9')
            return std::nullopt;
        id = id * 10 + static_cast<uint64_t>(c - '0'); // 19 digits stay below 2^64
    }
    return id;
}

// A Discord bot token's first part is the bot's user id, a snowflake, in base64 (Discord's
// developer documentation, "Snowflakes": the top 42 bits are milliseconds since 2015). Random
// text of the token's shape decodes to digits with a probability of about 1e-24.
bool validate_discord_snowflake(std::string_view token) {
    const std::string_view first = token.substr(0, token.find('.'));
    const std::optional<uint64_t> id = discord_snowflake(first);
    if (!id)
        return false;
    const uint64_t created_ms = (*id >> 22) + kDiscordEpochMs;
    return created_ms <= kDiscordLatestMs;
}

bool validate_bech32(std::string_view text) {
    const bool has_upper = std::any_of(text.begin(), text.end(), ::isupper);
    const bool has_lower = std::any_of(text.begin(), text.end(), ::islower);
    const size_t separator = text.rfind('1');
    // Mixed case is invalid by the specification; the checksum takes six values.
    if ((has_upper && has_lower) || separator == std::string_view::npos || separator == 0 ||
        text.size() - separator - 1 < 6)
        return false;
    std::vector<uint8_t> values = bech32_expand_hrp(text.substr(0, separator));
    for (char c : text.substr(separator + 1)) {
        const size_t value = kBech32Charset.find(static_cast<char>(std::tolower(c)));
        if (value == std::string_view::npos)
            return false;
        values.push_back(static_cast<uint8_t>(value));
    }
    return bech32_polymod(values) == 1;
}

struct NamedValidator {
    std::string_view name;
    bool (*check)(std::string_view);
    bool checksum; // a failure proves the value is no token of the format (see the header)
};

// github-crc32 and npm-crc32 are the same scheme; separate names keep rules self-describing
// and let one of them change without touching the other.
constexpr NamedValidator kValidators[] = {
    {"github-crc32", validate_prefixed_crc32, true},
    {"npm-crc32", validate_prefixed_crc32, true},
    {"base62-crc32", validate_prefixed_crc32, true},
    {"base64-user-password", validate_base64_user_password, false},
    {"bech32", validate_bech32, true},
    {"discord-snowflake", validate_discord_snowflake, false},
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

namespace {

// Base64 without padding, URL-safe alphabet (a snowflake's digits use neither '-' nor '_').
std::string encode_base64url(std::string_view bytes) {
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t bits = 0;
    int pending = 0;
    for (unsigned char byte : bytes) {
        bits = (bits << 8) | byte;
        pending += 8;
        while (pending >= 6) {
            pending -= 6;
            out.push_back(kAlphabet[(bits >> pending) & 0x3F]);
        }
    }
    if (pending > 0)
        out.push_back(kAlphabet[(bits << (6 - pending)) & 0x3F]);
    return out;
}

} // namespace

std::string make_discord_id_base64(size_t digits, std::mt19937_64& rng) {
    digits = std::clamp(digits, kSnowflakeDigitsMin, kSnowflakeDigitsMax);
    uint64_t low = 1;
    for (size_t i = 1; i < digits; ++i)
        low *= 10;
    const uint64_t high_by_digits = digits == kSnowflakeDigitsMax ? UINT64_MAX : low * 10 - 1;
    const uint64_t high_by_time = (kDiscordLatestMs - kDiscordEpochMs) << 22;
    const uint64_t id =
        std::uniform_int_distribution<uint64_t>(low, std::min(high_by_digits, high_by_time))(rng);
    return encode_base64url(std::to_string(id));
}

std::string make_bech32_data(std::string_view hrp, std::string_view data_chars) {
    std::vector<uint8_t> values = bech32_expand_hrp(hrp);
    std::string out;
    for (char c : data_chars) {
        const size_t value = kBech32Charset.find(static_cast<char>(std::tolower(c)));
        values.push_back(static_cast<uint8_t>(value == std::string_view::npos ? 0 : value));
        out += kBech32Charset[values.back()];
    }
    values.insert(values.end(), 6, 0);
    const uint32_t checksum = bech32_polymod(values) ^ 1;
    for (int i = 0; i < 6; ++i)
        out += kBech32Charset[(checksum >> (5 * (5 - i))) & 31];
    const bool upper = std::any_of(hrp.begin(), hrp.end(), ::isupper);
    if (upper)
        for (char& c : out)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::optional<std::string> decode_base64(std::string_view text) {
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    if (text.size() % 4 == 1) // 6 bits cannot end a byte
        return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    uint32_t bits = 0;
    int pending = 0;
    for (char c : text) {
        int value = base64_value(c);
        if (value < 0)
            return std::nullopt;
        bits = (bits << 6) | static_cast<uint32_t>(value);
        pending += 6;
        if (pending >= 8) {
            pending -= 8;
            out.push_back(static_cast<char>((bits >> pending) & 0xFF));
        }
    }
    return out;
}

namespace {

const NamedValidator* validator_named(std::string_view name) {
    for (const auto& v : kValidators)
        if (v.name == name)
            return &v;
    return nullptr;
}

} // namespace

bool is_known_validator(std::string_view name) {
    return name.empty() || validator_named(name) != nullptr;
}

bool is_checksum_validator(std::string_view name) {
    const NamedValidator* v = validator_named(name);
    return v && v->checksum;
}

std::vector<std::string> validator_names() {
    std::vector<std::string> names;
    for (const auto& v : kValidators)
        names.emplace_back(v.name);
    return names;
}

bool validate_secret(std::string_view name, std::string_view secret) {
    const NamedValidator* v = validator_named(name);
    return !v || v->check(secret);
}

} // namespace secretls::detectors
