//===--- validators.h - Checksums carried by some token formats ---------------------------===//
//
// Some providers embed a checksum in their tokens so that scanners can tell a real token
// from random text of the right shape. A rule names its validator in the `validator` field;
// a secret that fails its rule's validator is not a finding.
//
// Documented schemes implemented here:
//   github-crc32  GitHub tokens gh[pousr]_ + 30 base62 chars + 6-char base62 CRC32 of those
//                 30 chars ("Behind GitHub's new authentication token formats", 2021).
//   npm-crc32     npm access tokens npm_ + 30 base62 + 6-char checksum, the same scheme
//                 ("Announcing npm's new access token format", 2021).
//   base62-crc32  the scheme itself for any PREFIX_<random><checksum6> token (other vendors
//                 copied GitHub's format).
//   discord-snowflake  Discord bot tokens: the part before the first '.' is base64 of the
//                 bot's user id, a snowflake of 17-19 digits whose top 42 bits count
//                 milliseconds since 2015 (Discord developer docs, "Snowflakes"); a
//                 structure check, not a checksum.
//   base64-user-password  Docker config.json "auth": base64 of "username:password" (Docker
//                 CLI docs, "docker login" / config.json); a printable username, a colon
//                 and a non-empty password.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::detectors {

// Returns true when `name` is a validator this build knows ("" counts as known: no check).
bool is_known_validator(std::string_view name);
// Whether the validator checks a checksum (github-crc32, npm-crc32, base62-crc32, bech32):
// a value that fails one has the format's exact shape, yet is none of its tokens (a test
// fixture, a made-up example), and no other rule should report it either. The other
// validators check a structure (base64-user-password), whose failure proves less.
bool is_checksum_validator(std::string_view name);
// Names of all validators (for error messages and documentation).
std::vector<std::string> validator_names();

// Runs the named validator on a secret. Unknown names and "" accept everything.
bool validate_secret(std::string_view name, std::string_view secret);

// CRC-32 (IEEE 802.3, the zlib one) of bytes.
uint32_t crc32_ieee(std::string_view bytes);

// The 6-character base62 (0-9A-Za-z) encoding of crc32_ieee(random_part), left-padded with '0'.
std::string base62_crc32_checksum(std::string_view random_part);

// True when `body` (the token after its prefix) is random chars followed by the 6-char
// checksum of them.
bool has_valid_base62_crc32(std::string_view body);

// Decodes standard or URL-safe base64, padded or not; nullopt when it is not base64.
std::optional<std::string> decode_base64(std::string_view text);

// Test helper: appends the checksum to a random part, giving a body that validates.
// E.g. "ghp_" + make_base62_crc32_body(random30) is a well-formed GitHub token.
std::string make_base62_crc32_body(std::string_view random_part);

// Test helper: the first part of a Discord bot token, base64 of a random user id (a
// snowflake) of `digits` decimal digits (17-19) whose timestamp discord-snowflake accepts.
std::string make_discord_id_base64(size_t digits, std::mt19937_64& rng);

// The Bech32 data part (data_chars, then the six checksum characters) for the
// human-readable part `hrp`: "AGE-SECRET-KEY-" + "1" + the result is a valid age identity.
// Upper-case when hrp is; characters outside the Bech32 alphabet count as 'q'.
std::string make_bech32_data(std::string_view hrp, std::string_view data_chars);

} // namespace secretls::detectors
