//===--- framing.h - Cutting a byte stream into JSON-RPC message bodies --------------------===//
//
// The parsers are fed chunks of bytes exactly as read(2) returns them (split anywhere,
// several messages coalesced) and hand out whole bodies; they never touch a file
// descriptor, so unit tests can feed them any split of any input.
//
// FrameParser reads the LSP base protocol:
//     Content-Length: 52\r\n
//     Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n   (optional, ignored)
//     \r\n
//     {"jsonrpc":"2.0",...}
// Header names are case-insensitive; unknown headers are ignored; a duplicate
// Content-Length is warned about (the last one wins, as in clangd). Lines may end in "\n"
// alone. Anything it cannot use is logged and skipped, then it resynchronises on the next
// "Content-Length:" it sees: a broken client costs a message, never the session.
// A body longer than the cap is skipped as it streams by, without ever being held in memory.
//
// DelimitedParser reads the `--lit-test` format: messages separated by lines holding only
// `---`, lines starting with `#` ignored.
//
// Threading contract: none; one parser per stream, used from one thread.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::protocol {

class FrameParser {
public:
    explicit FrameParser(size_t max_body_bytes);

    void feed(std::string_view bytes);
    // The next complete body, or nullopt until more bytes are fed.
    std::optional<std::string> next();
    // End of input. Returns false (and logs "input was aborted") when it cut a message short:
    // a partial body, or headers without their blank line.
    bool finish();

    // What went wrong so far, one short line per problem (also logged); for tests.
    const std::vector<std::string>& problems() const { return problems_; }
    // Largest number of bytes held at once: stays near the chunk size while an oversized
    // body is skipped.
    size_t peak_buffered() const { return peak_buffered_; }
    size_t buffered() const { return buffer_.size() - consumed_; }

private:
    enum class State { Headers, Body, Skip };

    void process();
    bool process_header_line();
    void end_of_headers();
    void handle_header(std::string_view name, std::string_view value);
    bool resync_in(std::string_view line);
    void problem(std::string message);
    void compact();

    size_t max_body_;
    std::string buffer_;
    size_t consumed_ = 0; // bytes of buffer_ already handled
    State state_ = State::Headers;
    // Current header block.
    bool saw_header_ = false;
    bool saw_bad_length_ = false;
    std::optional<size_t> content_length_;
    bool in_garbage_ = false; // logging a run of junk lines once
    size_t remaining_ = 0;    // body bytes still to read or skip
    std::deque<std::string> ready_;
    std::vector<std::string> problems_;
    size_t peak_buffered_ = 0;
};

class DelimitedParser {
public:
    void feed(std::string_view bytes);
    std::optional<std::string> next();
    // End of input: the last message needs no trailing `---`.
    bool finish();

private:
    void take_line(std::string_view line);
    void flush();

    std::string partial_line_;
    std::string message_;
    std::deque<std::string> ready_;
};

} // namespace secretls::protocol
