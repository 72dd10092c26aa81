// Tests of protocol/position: byte offsets <-> LSP positions in UTF-8/16/32, line ends,
// clamping, invalid UTF-8, and applying didChange content changes.
#include "protocol/position.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

using namespace secretls::protocol;

namespace {

// One character of each UTF-8 length.
const std::string k2 = "\xC3\xA9";         // é  U+00E9: 2 bytes, 1 UTF-16 unit
const std::string k3 = "\xE2\x82\xAC";     // €  U+20AC: 3 bytes, 1 UTF-16 unit
const std::string k4 = "\xF0\x9F\x98\x80"; // 😀 U+1F600: 4 bytes, 2 UTF-16 units (surrogates)

constexpr auto U8 = PositionEncoding::UTF8;
constexpr auto U16 = PositionEncoding::UTF16;
constexpr auto U32 = PositionEncoding::UTF32;

Position P(uint32_t line, uint32_t character) {
    return {line, character};
}

} // namespace

TEST_CASE("encoding names parse and print", "[position]") {
    CHECK(parse_position_encoding("utf-8") == U8);
    CHECK(parse_position_encoding("utf-16") == U16);
    CHECK(parse_position_encoding("utf-32") == U32);
    CHECK_FALSE(parse_position_encoding("UTF8").has_value());
    CHECK(std::string(to_string(U8)) == "utf-8");
    CHECK(std::string(to_string(U16)) == "utf-16");
    CHECK(std::string(to_string(U32)) == "utf-32");
}

TEST_CASE("ASCII offsets map one to one", "[position]") {
    std::string text = "key = \"abc\"\nx";
    for (auto enc : {U8, U16, U32}) {
        CHECK(position_of(text, 6, enc) == P(0, 6));
        CHECK(position_of(text, 12, enc) == P(1, 0));
        CHECK(offset_of(text, P(0, 6), enc) == 6);
        CHECK(offset_of(text, P(1, 1), enc) == 13);
    }
}

TEST_CASE("multi-byte characters before and after a secret", "[position]") {
    // A secret-like span "SECRET" framed by characters of every UTF-8 length on both sides.
    std::string before = "a" + k2 + k3 + k4;
    std::string after = k4 + k3 + k2 + "z";
    std::string text = "x\n" + before + "SECRET" + after + "\n";
    size_t begin = text.find("SECRET");
    size_t end = begin + 6;

    SECTION("utf-16 counts astral characters as two units") {
        CHECK(position_of(text, begin, U16) == P(1, 1 + 1 + 1 + 2));
        CHECK(position_of(text, end, U16) == P(1, 5 + 6));
        CHECK(offset_of(text, P(1, 5), U16) == begin);
        CHECK(offset_of(text, P(1, 11), U16) == end);
        CHECK(position_of(text, text.find('z'), U16) == P(1, 11 + 2 + 1 + 1));
    }
    SECTION("utf-8 counts bytes") {
        CHECK(position_of(text, begin, U8) == P(1, 1 + 2 + 3 + 4));
        CHECK(position_of(text, end, U8) == P(1, 16));
        CHECK(offset_of(text, P(1, 10), U8) == begin);
        CHECK(offset_of(text, P(1, 16), U8) == end);
    }
    SECTION("utf-32 counts code points") {
        CHECK(position_of(text, begin, U32) == P(1, 4));
        CHECK(position_of(text, end, U32) == P(1, 10));
        CHECK(offset_of(text, P(1, 4), U32) == begin);
        CHECK(offset_of(text, P(1, 10), U32) == end);
    }
    SECTION("range_of converts both ends") {
        Range r = range_of(text, begin, end, U16);
        CHECK(r.start == P(1, 5));
        CHECK(r.end == P(1, 11));
    }
}

TEST_CASE("every character boundary round-trips in every encoding", "[position]") {
    std::string text = k4 + "a" + k2 + "\r\n" + k3 + k4 + "\rb" + k2 + "\n" + k4;
    LineIndex index(text);
    for (auto enc : {U8, U16, U32}) {
        for (size_t offset = 0; offset <= text.size(); ++offset) {
            bool boundary =
                offset == text.size() || (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
            bool in_crlf = offset > 0 && text[offset - 1] == '\r' && offset < text.size() &&
                           text[offset] == '\n';
            if (!boundary || in_crlf)
                continue;
            Position pos = position_of(text, index, offset, enc);
            INFO("offset " << offset << " encoding " << to_string(enc));
            CHECK(offset_of(text, index, pos, enc) == offset);
        }
    }
}

TEST_CASE("offsets inside a character snap to its start", "[position]") {
    std::string text = "a" + k4 + "b";
    for (size_t inside = 2; inside <= 4; ++inside) {
        CHECK(position_of(text, inside, U16) == P(0, 1));
        CHECK(position_of(text, inside, U8) == P(0, 1));
    }
    std::string three = k3 + "b";
    CHECK(position_of(three, 1, U16) == P(0, 0));
    CHECK(position_of(three, 2, U32) == P(0, 0));
}

TEST_CASE("positions inside a surrogate pair or a UTF-8 sequence snap to the start", "[position]") {
    std::string text = "a" + k4 + "b";
    // UTF-16 unit 2 is the low surrogate of the emoji.
    CHECK(offset_of(text, P(0, 2), U16) == 1);
    CHECK(offset_of(text, P(0, 3), U16) == 5);
    // UTF-8 columns 2..4 are inside the emoji's bytes.
    CHECK(offset_of(text, P(0, 2), U8) == 1);
    CHECK(offset_of(text, P(0, 4), U8) == 1);
    CHECK(offset_of(text, P(0, 5), U8) == 5);
}

TEST_CASE("line ends: \\n, \\r\\n and \\r", "[position]") {
    std::string text = "ab\r\ncd\rx\ny";
    LineIndex index(text);
    CHECK(index.line_count() == 4);
    CHECK(index.line_start(1) == 4);
    CHECK(index.line_start(2) == 7);
    CHECK(index.line_start(3) == 9);
    CHECK(position_of(text, 4, U16) == P(1, 0));
    CHECK(position_of(text, 7, U16) == P(2, 0));
    CHECK(position_of(text, 9, U16) == P(3, 0));
    // Between "\r" and "\n": the end of the line, not a column past it.
    CHECK(position_of(text, 3, U16) == P(0, 2));
    CHECK(offset_of(text, P(1, 1), U16) == 5);
    CHECK(offset_of(text, P(3, 1), U16) == 10);
}

TEST_CASE("out-of-range positions are clamped", "[position]") {
    std::string text = "ab\r\ncd\n";
    // A character past the end of a line means the end of that line (before its break).
    CHECK(offset_of(text, P(0, 99), U16) == 2);
    CHECK(offset_of(text, P(1, 99), U8) == 6);
    // A line past the end means the end of the document.
    CHECK(offset_of(text, P(2, 0), U16) == 7);
    CHECK(offset_of(text, P(2, 5), U16) == 7);
    CHECK(offset_of(text, P(40, 3), U16) == 7);
    CHECK(offset_of(text, P(UINT32_MAX, UINT32_MAX), U32) == 7);
    // Offsets past the end clamp to the end.
    CHECK(position_of(text, 1000, U16) == P(2, 0));
    CHECK(position_of("", 5, U16) == P(0, 0));
    CHECK(offset_of("", P(3, 3), U16) == 0);
}

TEST_CASE("invalid UTF-8 bytes count one unit each and never crash", "[position]") {
    std::string text = "a\xFF"
                       "b\xE2\x82"
                       "c\xED\xA0\x80"
                       "d\xC0\xAF"
                       "e";
    for (auto enc : {U16, U32}) {
        CHECK(position_of(text, text.find('b'), enc) == P(0, 2));
        CHECK(position_of(text, text.find('c'), enc) == P(0, 5));
        CHECK(position_of(text, text.find('d'), enc) == P(0, 9));  // encoded surrogate: 3 bytes
        CHECK(position_of(text, text.find('e'), enc) == P(0, 12)); // overlong: 2 bytes
        CHECK(offset_of(text, P(0, 5), enc) == text.find('c'));
    }
    CHECK(code_units(text, U8) == text.size());
    // A truncated sequence at the very end.
    std::string truncated = "x" + k4.substr(0, 3);
    CHECK(position_of(truncated, truncated.size(), U16) == P(0, 4));
    CHECK(offset_of(truncated, P(0, 9), U16) == truncated.size());
}

TEST_CASE("code_units counts a whole text", "[position]") {
    std::string text = "a" + k2 + k3 + k4;
    CHECK(code_units(text, U8) == 10);
    CHECK(code_units(text, U16) == 5);
    CHECK(code_units(text, U32) == 4);
}

TEST_CASE("apply_content_change edits by range", "[position][change]") {
    SECTION("no range replaces everything") {
        std::string text = "old";
        CHECK(apply_content_change(text, std::nullopt, "new text", U16));
        CHECK(text == "new text");
    }
    SECTION("insertion, deletion and replacement in ASCII") {
        std::string text = "hello\nworld\n";
        CHECK(apply_content_change(text, Range{P(1, 0), P(1, 0)}, "big ", U16));
        CHECK(text == "hello\nbig world\n");
        CHECK(apply_content_change(text, Range{P(0, 5), P(1, 3)}, "", U16));
        CHECK(text == "hello world\n");
        CHECK(apply_content_change(text, Range{P(0, 6), P(0, 11)}, "there", U16));
        CHECK(text == "hello there\n");
    }
    SECTION("utf-16 ranges around astral characters") {
        std::string text = k4 + "ab" + k4 + "cd";
        // Replace "ab" (units 2..4) and then the second emoji (units 4..6 after the edit).
        CHECK(apply_content_change(text, Range{P(0, 2), P(0, 4)}, "XY", U16));
        CHECK(text == k4 + "XY" + k4 + "cd");
        CHECK(apply_content_change(text, Range{P(0, 4), P(0, 6)}, k2, U16));
        CHECK(text == k4 + "XY" + k2 + "cd");
    }
    SECTION("utf-8 ranges count bytes") {
        std::string text = k3 + "ab";
        CHECK(apply_content_change(text, Range{P(0, 3), P(0, 4)}, "Z", U8));
        CHECK(text == k3 + "Zb");
    }
    SECTION("ranges spanning CRLF lines") {
        std::string text = "one\r\ntwo\r\nthree";
        CHECK(apply_content_change(text, Range{P(0, 3), P(2, 0)}, " ", U16));
        CHECK(text == "one three");
    }
    SECTION("out-of-range ends are clamped, reversed ranges refused") {
        std::string text = "abc\ndef";
        CHECK(apply_content_change(text, Range{P(1, 1), P(9, 9)}, "!", U16));
        CHECK(text == "abc\nd!");
        std::string before = text;
        CHECK_FALSE(apply_content_change(text, Range{P(1, 1), P(0, 1)}, "x", U16));
        CHECK(text == before);
    }
    SECTION("a sequence of incremental edits equals the final text") {
        std::string text;
        CHECK(apply_content_change(text, Range{P(0, 0), P(0, 0)}, "key = \"\"", U16));
        std::string body = "k" + k2 + "y" + k4;
        CHECK(apply_content_change(text, Range{P(0, 7), P(0, 7)}, body, U16));
        CHECK(apply_content_change(text, Range{P(0, 0), P(0, 0)}, k4 + "\r\n", U16));
        CHECK(text == k4 + "\r\nkey = \"" + body + "\"");
        // Delete the emoji inside the string: line 1, units 11..13.
        CHECK(apply_content_change(text, Range{P(1, 10), P(1, 12)}, "", U16));
        CHECK(text == k4 + "\r\nkey = \"k" + k2 + "y\"");
    }
}

namespace {

// An independent reference for offset_of: the text as tokens (one character, or one line
// break with "\r\n" as a single token), and for a position the last character boundary of
// that line whose column is <= the requested one (so clamping and snapping fall out).
struct Token {
    size_t offset;
    size_t bytes;
    size_t units;
    bool line_break;
};

std::vector<Token> tokenize(const std::string& text, PositionEncoding enc) {
    std::vector<Token> tokens;
    for (size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            tokens.push_back({i, 2, 0, true});
        } else if (text[i] == '\n' || text[i] == '\r') {
            tokens.push_back({i, 1, 0, true});
        } else {
            size_t bytes = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; // valid input only
            size_t units = enc == PositionEncoding::UTF8    ? bytes
                           : enc == PositionEncoding::UTF16 ? (bytes == 4 ? 2 : 1)
                                                            : 1;
            tokens.push_back({i, bytes, units, false});
        }
        i += tokens.back().bytes;
    }
    return tokens;
}

size_t reference_offset(const std::string& text, Position pos, PositionEncoding enc) {
    size_t line = 0, column = 0;
    std::optional<size_t> best;
    for (const Token& t : tokenize(text, enc)) {
        if (line == pos.line && column <= pos.character)
            best = t.offset;
        if (t.line_break) {
            ++line;
            column = 0;
        } else {
            column += t.units;
        }
    }
    if (line == pos.line && column <= pos.character)
        best = text.size();
    if (!best && line < pos.line)
        return text.size();
    return best.value_or(text.size());
}

} // namespace

TEST_CASE("random edits agree with an independent reference", "[position][change]") {
    const std::vector<std::string> pieces = {"a", "b", " ", k2, k3, k4, "\n", "\r\n", "\r", "xyz"};
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    auto next = [&](uint64_t bound) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        return static_cast<uint32_t>(seed % bound);
    };
    auto random_text = [&](size_t count) {
        std::string out;
        for (size_t i = 0; i < count; ++i)
            out += pieces[next(pieces.size())];
        return out;
    };
    for (auto enc : {U8, U16, U32}) {
        std::string text = random_text(30);
        for (int step = 0; step < 400; ++step) {
            Position a{next(8), next(12)};
            Position b{next(8), next(12)};
            if (b < a)
                std::swap(a, b);
            // Inserted breaks may merge with neighbours ("\r" + "\n"): both sides see the new text.
            std::string insert = random_text(next(4));
            size_t begin = reference_offset(text, a, enc);
            size_t end = std::max(begin, reference_offset(text, b, enc));
            INFO("step " << step << " encoding " << to_string(enc));
            REQUIRE(offset_of(text, a, enc) == begin);
            REQUIRE(offset_of(text, LineIndex(text), b, enc) == reference_offset(text, b, enc));
            std::string expected = text;
            expected.replace(begin, end - begin, insert);
            REQUIRE(apply_content_change(text, Range{a, b}, insert, enc));
            REQUIRE(text == expected);
            if (text.size() > 400)
                text = random_text(30);
        }
    }
}

// ColumnCursor must give position_of's character whatever the order of the offsets (it
// resumes for ascending ones and restarts otherwise), across lines and in every encoding.
TEST_CASE("ColumnCursor agrees with position_of in any order of offsets", "[position]") {
    const std::string pieces[] = {"a", "=", " ", k2, k3, k4, "\t", "\xFF", "\"", "Z"};
    std::mt19937 rng(20261128);
    for (int round = 0; round < 50; ++round) {
        // Two lines, so that offsets change lines, with every kind of line end.
        std::string line_a, line_b;
        for (int i = 0; i < 40; ++i) {
            line_a += pieces[rng() % std::size(pieces)];
            line_b += pieces[rng() % std::size(pieces)];
        }
        const std::string ends[] = {"\n", "\r\n", "\r", ""};
        const std::string text = line_a + ends[round % 4] + line_b;
        const size_t b_start = line_a.size() + ends[round % 4].size();
        for (auto enc : {U8, U16, U32}) {
            ColumnCursor cursor(enc);
            std::vector<size_t> offsets;
            for (size_t o = 0; o <= text.size(); ++o)
                offsets.push_back(o);
            if (round % 2)
                std::shuffle(offsets.begin(), offsets.end(), rng);
            for (size_t offset : offsets) {
                const Position expected = position_of(text, offset, enc);
                // The line a caller hands the cursor: from its start to the next line's.
                const bool one_line = ends[round % 4].empty();
                const bool on_b = !one_line && offset >= b_start;
                const size_t start = on_b ? b_start : 0;
                const size_t end = one_line || on_b ? text.size() : b_start;
                const std::string_view line(text.data() + start, end - start);
                INFO("round " << round << " offset " << offset);
                CHECK(cursor.character(line, offset - start) == expected.character);
            }
        }
    }
}
