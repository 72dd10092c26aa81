// Tests of protocol/framing: Content-Length frames split and coalesced at every byte, header
// quirks, corrupt and oversized frames, truncated input, and the `---` delimited format.
#include "protocol/framing.h"
#include "protocol/log.h"
#include "protocol/transport.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace secretls::protocol;

namespace {

std::string frame(const std::string& body) {
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::vector<std::string> drain(FrameParser& parser) {
    std::vector<std::string> bodies;
    while (auto body = parser.next())
        bodies.push_back(*body);
    return bodies;
}

// Feeds `input` in pieces cut at `cuts` and returns every body.
std::vector<std::string> parse_pieces(const std::string& input, const std::vector<size_t>& cuts,
                                      size_t max_body = 1 << 20) {
    FrameParser parser(max_body);
    size_t from = 0;
    std::vector<std::string> bodies;
    for (size_t cut : cuts) {
        parser.feed(std::string_view(input).substr(from, cut - from));
        for (auto& b : drain(parser))
            bodies.push_back(b);
        from = cut;
    }
    parser.feed(std::string_view(input).substr(from));
    for (auto& b : drain(parser))
        bodies.push_back(b);
    parser.finish();
    return bodies;
}

std::vector<std::string> parse_all(const std::string& input, size_t max_body = 1 << 20) {
    return parse_pieces(input, {}, max_body);
}

bool has_problem(const FrameParser& parser, const std::string& needle) {
    for (const auto& p : parser.problems())
        if (p.find(needle) != std::string::npos)
            return true;
    return false;
}

// Keeps the expected warnings out of the test output.
struct QuietLog {
    QuietLog() {
        log::set_capture([](log::Level, std::string_view, void*) {}, nullptr);
    }
    ~QuietLog() { log::set_capture(nullptr, nullptr); }
};

const std::string kFirst = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})";
const std::string kSecond = R"({"jsonrpc":"2.0","method":"initialized","params":{"é":"€"}})";

} // namespace

TEST_CASE("a frame split at every byte boundary parses the same", "[framing]") {
    std::string input = frame(kFirst) + frame(kSecond);
    for (size_t cut = 0; cut <= input.size(); ++cut) {
        INFO("cut at " << cut);
        CHECK(parse_pieces(input, {cut}) == std::vector<std::string>{kFirst, kSecond});
    }
}

TEST_CASE("frames fed one byte at a time and in uneven chunks", "[framing]") {
    std::string input = frame(kFirst) + frame(kSecond) + frame(kFirst);
    std::vector<size_t> every_byte;
    for (size_t i = 1; i < input.size(); ++i)
        every_byte.push_back(i);
    std::vector<std::string> expected{kFirst, kSecond, kFirst};
    CHECK(parse_pieces(input, every_byte) == expected);
    CHECK(parse_pieces(input, {3, 7, 50, 51, 120}) == expected);
}

TEST_CASE("many coalesced frames in one chunk", "[framing]") {
    std::string input;
    std::vector<std::string> expected;
    for (int i = 0; i < 500; ++i) {
        std::string body =
            R"({"jsonrpc":"2.0","method":"m","params":{"n":)" + std::to_string(i) + "}}";
        input += frame(body);
        expected.push_back(body);
    }
    CHECK(parse_all(input) == expected);
}

TEST_CASE("header variants", "[framing]") {
    QuietLog quiet;
    SECTION("header names are case-insensitive") {
        CHECK(parse_all("content-length: 2\r\n\r\n{}") == std::vector<std::string>{"{}"});
        CHECK(parse_all("CONTENT-LENGTH: 2\r\n\r\n{}") == std::vector<std::string>{"{}"});
        CHECK(parse_all("Content-length:2\r\n\r\n{}") == std::vector<std::string>{"{}"});
    }
    SECTION("Content-Type is accepted and ignored, before or after the length") {
        std::string type = "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n";
        CHECK(parse_all(type + "Content-Length: 2\r\n\r\n{}") == std::vector<std::string>{"{}"});
        CHECK(parse_all("Content-Length: 2\r\n" + type + "\r\n{}") ==
              std::vector<std::string>{"{}"});
    }
    SECTION("unknown headers are ignored") {
        CHECK(parse_all("X-Custom: 1\r\nContent-Length: 2\r\n\r\n{}") ==
              std::vector<std::string>{"{}"});
    }
    SECTION("bare LF line ends are accepted") {
        CHECK(parse_all("Content-Length: 2\n\n{}") == std::vector<std::string>{"{}"});
    }
    SECTION("blank lines between frames are skipped silently") {
        FrameParser parser(1024);
        parser.feed("\r\n\r\n" + frame("{}") + "\r\n" + frame("[]"));
        CHECK(drain(parser) == std::vector<std::string>{"{}", "[]"});
        CHECK(parser.problems().empty());
        CHECK(parser.finish());
    }
    SECTION("a duplicate Content-Length is warned about and the last one wins") {
        FrameParser parser(1024);
        parser.feed("Content-Length: 99\r\nContent-Length: 2\r\n\r\n{}");
        CHECK(drain(parser) == std::vector<std::string>{"{}"});
        CHECK(has_problem(parser, "duplicate Content-Length"));
    }
}

TEST_CASE("frames without a usable length are dropped and the stream resynchronises", "[framing]") {
    QuietLog quiet;
    SECTION("missing Content-Length") {
        FrameParser parser(1024);
        parser.feed("Content-Type: text/plain\r\n\r\n" + frame("{}"));
        CHECK(drain(parser) == std::vector<std::string>{"{}"});
        CHECK(has_problem(parser, "without a Content-Length"));
    }
    for (std::string bad : {"abc", "-5", "12x", "", "99999999999999999999999", "1 2"}) {
        SECTION("bad length '" + bad + "'") {
            FrameParser parser(1024);
            // The bad frame's body follows with no newline before the next frame.
            parser.feed("Content-Length: " + bad + "\r\n\r\n{\"a\":1}" + frame("{}"));
            CHECK(drain(parser) == std::vector<std::string>{"{}"});
            CHECK(has_problem(parser, "bad Content-Length"));
        }
    }
    SECTION("zero length") {
        FrameParser parser(1024);
        parser.feed("Content-Length: 0\r\n\r\n" + frame("{}"));
        CHECK(drain(parser) == std::vector<std::string>{"{}"});
        CHECK(has_problem(parser, "zero-length"));
    }
    SECTION("garbage before a valid frame") {
        std::string input = "hello there\r\n{not json at all\r\n" + frame(kFirst);
        for (size_t cut = 0; cut <= input.size(); ++cut) {
            INFO("cut at " << cut);
            CHECK(parse_pieces(input, {cut}) == std::vector<std::string>{kFirst});
        }
    }
    SECTION("a long run of garbage without newlines is not held in memory") {
        FrameParser parser(1024);
        std::string junk(1 << 20, 'x');
        for (size_t i = 0; i < junk.size(); i += 4096)
            parser.feed(std::string_view(junk).substr(i, 4096));
        parser.feed("\r\n" + frame("{}"));
        CHECK(drain(parser) == std::vector<std::string>{"{}"});
        CHECK(parser.peak_buffered() < 80 * 1024);
    }
}

TEST_CASE("an oversized frame is skipped without being allocated", "[framing]") {
    QuietLog quiet;
    SECTION("with a small cap, streamed in chunks") {
        const size_t cap = 256;
        const size_t huge = 100000;
        FrameParser parser(cap);
        parser.feed("Content-Length: " + std::to_string(huge) + "\r\n\r\n");
        std::string chunk(64, 'z');
        for (size_t sent = 0; sent < huge; sent += chunk.size())
            parser.feed(std::string_view(chunk).substr(0, std::min(chunk.size(), huge - sent)));
        parser.feed(frame(kFirst));
        CHECK(drain(parser) == std::vector<std::string>{kFirst});
        CHECK(has_problem(parser, "over the limit"));
        CHECK(parser.peak_buffered() < 2 * cap);
        CHECK(parser.finish());
    }
    SECTION("the real cap: a header announcing more than kMaxMessageBytes") {
        FrameParser parser(kMaxMessageBytes);
        parser.feed("Content-Length: " + std::to_string(kMaxMessageBytes + 1) + "\r\n\r\n");
        parser.feed(std::string(1000, 'z'));
        CHECK_FALSE(parser.next().has_value());
        CHECK(parser.buffered() == 0);
        CHECK(parser.peak_buffered() < 2000);
        CHECK(has_problem(parser, "over the limit"));
        // Input ends long before the announced length: the skip was cut short.
        CHECK_FALSE(parser.finish());
    }
    SECTION("a frame exactly at the cap is accepted") {
        std::string body = "\"" + std::string(98, 'a') + "\"";
        CHECK(parse_all(frame(body), 100) == std::vector<std::string>{body});
        CHECK(parse_all(frame(body + " "), 100).empty());
    }
}

TEST_CASE("truncated input is reported as aborted", "[framing]") {
    QuietLog quiet;
    SECTION("inside a body") {
        FrameParser parser(1024);
        parser.feed(frame(kFirst).substr(0, 40));
        CHECK_FALSE(parser.next().has_value());
        CHECK_FALSE(parser.finish());
        CHECK(has_problem(parser, "input was aborted"));
    }
    SECTION("inside headers") {
        FrameParser parser(1024);
        parser.feed("Content-Length: 5\r\n");
        CHECK_FALSE(parser.finish());
        CHECK(has_problem(parser, "input was aborted"));
    }
    SECTION("after a whole frame input ends cleanly") {
        FrameParser parser(1024);
        parser.feed(frame("{}"));
        CHECK(drain(parser).size() == 1);
        CHECK(parser.finish());
        CHECK(parser.problems().empty());
    }
}

TEST_CASE("delimited (--lit-test) format", "[framing][delimited]") {
    std::string input = "# a comment\n"
                        "{\"jsonrpc\":\"2.0\",\n"
                        " \"method\":\"a\"}\n"
                        "---\n"
                        "  # indented comment\n"
                        "---\n"
                        "{\"jsonrpc\":\"2.0\",\"method\":\"b\"}\r\n"
                        "---\r\n"
                        "{\"jsonrpc\":\"2.0\",\"method\":\"c\"}";
    for (size_t cut = 0; cut <= input.size(); ++cut) {
        DelimitedParser parser;
        parser.feed(input.substr(0, cut));
        parser.feed(input.substr(cut));
        parser.finish();
        std::vector<std::string> bodies;
        while (auto body = parser.next())
            bodies.push_back(*body);
        INFO("cut at " << cut);
        REQUIRE(bodies.size() == 3);
        CHECK(bodies[0] == "{\"jsonrpc\":\"2.0\",\n \"method\":\"a\"}\n");
        CHECK(bodies[1].find("\"b\"") != std::string::npos);
        CHECK(bodies[2] == "{\"jsonrpc\":\"2.0\",\"method\":\"c\"}\n");
    }
}
