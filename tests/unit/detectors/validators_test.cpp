//===--- validators_test.cpp - Checksum validators ----------------------------------------===//
#include "test_support.h"

using namespace secretls::detectors;
using namespace secretls::detectors::testing;

TEST_CASE("crc32 matches the IEEE check value", "[validators]") {
    CHECK(crc32_ieee("123456789") == 0xCBF43926u);
    CHECK(crc32_ieee("") == 0u);
}

TEST_CASE("base62 checksum is six base62 digits, zero padded", "[validators]") {
    std::string sum = base62_crc32_checksum("");
    CHECK(sum == "000000"); // crc32("") == 0
    for (char c : base62_crc32_checksum("abc"))
        CHECK(kBase62.find(c) != std::string_view::npos);
    CHECK(base62_crc32_checksum("abc").size() == 6);
}

TEST_CASE("generated GitHub and npm tokens validate; altered ones do not", "[validators]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 200; ++i) {
        std::string token = fake_github_token(rng);
        REQUIRE(validate_secret("github-crc32", token));
        std::string npm = "npm_" + make_base62_crc32_body(random_from(kBase62, 30, rng));
        REQUIRE(validate_secret("npm-crc32", npm));
        // Change one character of the random part: the checksum no longer matches.
        std::string altered = token;
        size_t at = 4 + rng() % 30;
        altered[at] = altered[at] == 'a' ? 'b' : 'a';
        CHECK_FALSE(validate_secret("github-crc32", altered));
        // A wrong checksum digit.
        std::string bad_sum = token;
        bad_sum.back() = bad_sum.back() == '0' ? '1' : '0';
        CHECK_FALSE(validate_secret("github-crc32", bad_sum));
    }
    CHECK_FALSE(validate_secret("github-crc32", "ghp_short"));
    CHECK_FALSE(validate_secret("github-crc32", "ghp_" + std::string(36, '-')));
}

TEST_CASE("validator names", "[validators]") {
    CHECK(is_known_validator(""));
    CHECK(is_known_validator("github-crc32"));
    CHECK(is_known_validator("npm-crc32"));
    CHECK_FALSE(is_known_validator("luhn-typo"));
    CHECK(validate_secret("", "anything"));
}

TEST_CASE("base64 decoding round-trips random bytes, padded or not", "[validators]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 200; ++i) {
        std::string bytes(rng() % 40, '\0');
        for (char& b : bytes)
            b = static_cast<char>(rng() & 0xFF);
        std::string encoded = encode_base64(bytes);
        REQUIRE(decode_base64(encoded) == bytes);
        std::string unpadded = encoded.substr(0, encoded.find('='));
        REQUIRE(decode_base64(unpadded) == bytes);
    }
    CHECK_FALSE(decode_base64("ab!d").has_value());
    CHECK_FALSE(decode_base64("abcde").has_value());
}

TEST_CASE("base64-user-password accepts user:password and nothing else", "[validators]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 200; ++i) {
        std::string user = random_from(kBase62, 1 + rng() % 12, rng);
        std::string password = random_from(kBase62, 1 + rng() % 30, rng);
        CHECK(validate_secret("base64-user-password", encode_base64(user + ":" + password)));
        CHECK_FALSE(validate_secret("base64-user-password", encode_base64(user + password)));
        CHECK_FALSE(validate_secret("base64-user-password", encode_base64(":" + password)));
        CHECK_FALSE(validate_secret("base64-user-password", encode_base64(user + ":")));
        CHECK_FALSE(
            validate_secret("base64-user-password", encode_base64("\x01" + user + ":" + password)));
    }
    CHECK_FALSE(validate_secret("base64-user-password", "not base64!"));
}

TEST_CASE("bech32 accepts the BIP-173 valid vectors and rejects the invalid ones", "[validators]") {
    // Test vectors published in BIP-173 (checksums computed by the specification's authors,
    // so this does not trust the encoder under test).
    for (const char* valid : {"A12UEL5L", "a12uel5l",
                              "an83characterlonghumanreadablepartthatcontainsthenumber1andthee"
                              "xcludedcharactersbio1tt5tgs",
                              "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
                              "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w"}) {
        INFO(valid);
        CHECK(validate_secret("bech32", valid));
    }
    for (const char* invalid : {"A1G7SGD8", "1nwldj5", "pzry9x0s0muk", "li1dgmt3", "x1b4n0q5v",
                                "A12uEL5L", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx"}) {
        INFO(invalid);
        CHECK_FALSE(validate_secret("bech32", invalid));
    }
}

TEST_CASE("generated age identities validate; altered ones do not", "[validators]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    const std::string_view alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    for (int i = 0; i < 200; ++i) {
        const std::string key = "AGE-SECRET-KEY-1" +
                                make_bech32_data("AGE-SECRET-KEY-", random_from(alphabet, 52, rng));
        REQUIRE(key.size() == 74);
        REQUIRE(validate_secret("bech32", key));
        std::string altered = key;
        const size_t at = 16 + rng() % 58;
        altered[at] = altered[at] == 'Q' ? 'P' : 'Q';
        CHECK_FALSE(validate_secret("bech32", altered));
    }
}

// A Discord bot token's first part is base64 of the bot's user id: a 17-19 digit snowflake
// whose top 42 bits are milliseconds since 2015 (not after 2035 here).
TEST_CASE("discord-snowflake accepts user ids and nothing else", "[validators]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    auto token = [&](const std::string& first) {
        return first + "." + random_from(kBase62, 6, rng) + "." + random_from(kBase62, 30, rng);
    };
    for (int i = 0; i < 200; ++i) {
        const size_t digits = 17 + rng() % 3;
        const std::string id_part = make_discord_id_base64(digits, rng);
        const std::optional<std::string> id = decode_base64(id_part);
        REQUIRE(id.has_value());
        CHECK(id->size() == digits);
        CHECK(validate_secret("discord-snowflake", token(id_part)));
        // Random text of the same shape is no user id.
        CHECK_FALSE(validate_secret("discord-snowflake",
                                    token("M" + random_from(kBase62, id_part.size() - 1, rng))));
        // Digits, but a leading zero, a letter among them, too few or too many.
        std::string zero = *id, letter = *id;
        zero[0] = '0';
        letter[digits / 2] = 'x';
        CHECK_FALSE(validate_secret("discord-snowflake", token(encode_base64(zero))));
        CHECK_FALSE(validate_secret("discord-snowflake", token(encode_base64(letter))));
        CHECK_FALSE(validate_secret("discord-snowflake", token(encode_base64(id->substr(0, 16)))));
    }
    // 19 digits, but created in the 2080s (2^63 - 1); 20 digits.
    CHECK_FALSE(validate_secret("discord-snowflake", token(encode_base64("9223372036854775807"))));
    CHECK_FALSE(validate_secret("discord-snowflake", token(encode_base64("12345678901234567890"))));
    CHECK_FALSE(is_checksum_validator("discord-snowflake"));
    CHECK(is_checksum_validator("github-crc32"));
}
