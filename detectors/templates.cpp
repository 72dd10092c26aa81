//===--- templates.cpp - Expands the generated test cases of rules ------------------------===//
#include "detectors/templates.h"

#include "detectors/validators.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace secretls::detectors {
namespace {

constexpr std::string_view kOpen = "\u27E6";  // ⟦
constexpr std::string_view kClose = "\u27E7"; // ⟧
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

std::string random_chars(std::string_view alphabet, size_t n, std::mt19937_64& rng) {
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    std::string out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i)
        out.push_back(alphabet[pick(rng)]);
    return out;
}

std::optional<std::string> alphabet_of(std::string_view kind) {
    const std::string digits(kDigits), lower(kLower), upper(kUpper);
    if (kind == "hex")
        return digits + "abcdef";
    if (kind == "HEX")
        return digits + "ABCDEF";
    if (kind == "digits")
        return digits;
    if (kind == "lower")
        return lower;
    if (kind == "upper")
        return upper;
    if (kind == "bech32")
        return std::string("qpzry9x8gf2tvdw0s3jn54khce6mua7l");
    if (kind == "alnum" || kind == "b62crc")
        return digits + upper + lower;
    if (kind == "lalnum")
        return lower + digits;
    if (kind == "ualnum")
        return upper + digits;
    if (kind == "base64")
        return upper + lower + digits + "+/";
    if (kind == "base64url")
        return upper + lower + digits + "_-";
    if (kind == "base32")
        return upper + "234567";
    if (kind == "snowflake64") // base64 of a Discord user id; see expand_placeholder()
        return upper + lower + digits;
    return std::nullopt;
}

std::string random_uuid(std::mt19937_64& rng) {
    std::string hex = random_chars("0123456789abcdef", 32, rng);
    hex[12] = '4';
    hex[16] = "89ab"[rng() % 4];
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

// {bech32:N}: N characters (random data, then the checksum) completing the Bech32 string
// whose human-readable part and '1' separator the template wrote just before
// ("AGE-SECRET-KEY-1{bech32:58}"); upper-case when that part is.
void expand_bech32(size_t count, std::mt19937_64& rng, std::string& out, std::string& error) {
    if (out.empty() || out.back() != '1' || count <= 6) {
        error = "{bech32:N} needs N > 6 and a human-readable part ending in '1' before it";
        return;
    }
    size_t hrp_begin = out.size() - 1;
    while (hrp_begin > 0 && (std::isalnum(static_cast<unsigned char>(out[hrp_begin - 1])) ||
                             out[hrp_begin - 1] == '-'))
        --hrp_begin;
    const std::string hrp = out.substr(hrp_begin, out.size() - 1 - hrp_begin);
    out += make_bech32_data(hrp, random_chars("qpzry9x8gf2tvdw0s3jn54khce6mua7l", count - 6, rng));
}

// Expands the placeholder at text[0] == '{' if it is one; returns the consumed length
// (0 when the brace is literal text such as ${VAR}).
size_t expand_placeholder(std::string_view text, std::mt19937_64& rng, std::string& out,
                          std::string& error) {
    if (text.starts_with("{uuid}")) {
        out += random_uuid(rng);
        return 6;
    }
    const size_t close = text.find('}');
    const size_t colon = text.find(':');
    if (close == std::string_view::npos || colon == std::string_view::npos || colon > close)
        return 0;
    const std::string_view kind = text.substr(1, colon - 1);
    // Only {word:N} is a placeholder; any other brace ("{ token = ...}") is literal text.
    if (kind.empty() || !std::all_of(kind.begin(), kind.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0;
        }))
        return 0;
    const std::string_view count_text = text.substr(colon + 1, close - colon - 1);
    size_t count = 0;
    auto [end, ec] =
        std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (ec != std::errc() || end != count_text.data() + count_text.size() || count_text.empty())
        return 0;
    const auto alphabet = alphabet_of(kind);
    if (!alphabet) {
        // Looks like a placeholder ({word:N}) but is not one we know: a typo, say so.
        error = "unknown placeholder {" + std::string(kind) + ":" + std::string(count_text) + "}";
        return close + 1;
    }
    if (kind == "bech32") {
        expand_bech32(count, rng, out, error);
        return close + 1;
    }
    if (kind == "snowflake64") {
        if (count < 17 || count > 19)
            error = "{snowflake64:N} needs N (the user id's digits) from 17 to 19";
        else
            out += make_discord_id_base64(count, rng);
        return close + 1;
    }
    std::string chars = random_chars(*alphabet, count, rng);
    out += kind == "b62crc" ? make_base62_crc32_body(chars) : chars;
    return close + 1;
}

} // namespace

ExpandedTemplate expand_template(std::string_view templ, std::mt19937_64& rng) {
    ExpandedTemplate result;
    auto fail = [&](std::string why) {
        if (result.error.empty())
            result.error = std::move(why);
    };
    std::optional<size_t> open_at, close_at;
    size_t i = 0;
    while (i < templ.size()) {
        std::string_view rest = templ.substr(i);
        if (rest.starts_with(kOpen)) {
            if (open_at)
                fail("two opening markers");
            open_at = result.text.size();
            i += kOpen.size();
        } else if (rest.starts_with(kClose)) {
            if (!open_at || close_at)
                fail("closing marker without opening marker");
            close_at = result.text.size();
            i += kClose.size();
        } else if (rest.front() == '{') {
            size_t used = expand_placeholder(rest, rng, result.text, result.error);
            if (used == 0) {
                result.text.push_back('{');
                used = 1;
            }
            i += used;
        } else {
            result.text.push_back(rest.front());
            ++i;
        }
    }
    if (open_at && !close_at)
        fail("opening marker without closing marker");
    result.marked = open_at.has_value();
    if (open_at && close_at)
        result.secret = {*open_at, *close_at};
    else
        result.secret = {0, result.text.size()};
    return result;
}

} // namespace secretls::detectors
