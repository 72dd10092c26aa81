//===--- framing.cpp - Content-Length and `---` delimited message parsers ------------------===//
#include "protocol/framing.h"

#include "protocol/log.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace secretls::protocol {

namespace {

// A header line longer than this is junk; holding it would let junk grow without bound.
constexpr size_t kMaxHeaderLine = 64 * 1024;
// Keep this much of an over-long junk line: it may end in the start of "Content-Length:".
constexpr size_t kResyncTail = 16;
constexpr std::string_view kContentLength = "content-length";

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

size_t find_ignoring_case(std::string_view haystack, std::string_view needle) {
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          [](char x, char y) {
                              return std::tolower(static_cast<unsigned char>(x)) ==
                                     std::tolower(static_cast<unsigned char>(y));
                          });
    return it == haystack.end() ? std::string_view::npos
                                : static_cast<size_t>(it - haystack.begin());
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// RFC 7230 token characters, enough to tell a header name from a stray line of JSON.
bool is_header_name(std::string_view name) {
    if (name.empty())
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

// Decimal digits only (no sign, no spaces inside); nullopt when malformed or beyond size_t.
std::optional<size_t> parse_length(std::string_view text) {
    if (text.empty() || text.size() > 20)
        return std::nullopt;
    size_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        size_t digit = static_cast<size_t>(c - '0');
        if (value > (std::numeric_limits<size_t>::max() - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

// A short, printable excerpt of a header value for the log (never a body: bodies may hold
// secrets; header values are numbers or media types).
std::string excerpt(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 24))
        out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
    if (text.size() > 24)
        out += "...";
    return out;
}

bool only_whitespace(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

} // namespace

// ---- FrameParser ---------------------------------------------------------------------------

FrameParser::FrameParser(size_t max_body_bytes) : max_body_(max_body_bytes) {}

void FrameParser::feed(std::string_view bytes) {
    // While skipping an oversized body, its bytes are dropped before they are ever copied.
    if (state_ == State::Skip && buffered() == 0) {
        size_t n = std::min(remaining_, bytes.size());
        bytes.remove_prefix(n);
        remaining_ -= n;
        if (remaining_ == 0)
            state_ = State::Headers;
    }
    buffer_.append(bytes);
    peak_buffered_ = std::max(peak_buffered_, buffered());
    process();
}

std::optional<std::string> FrameParser::next() {
    if (ready_.empty())
        return std::nullopt;
    std::string body = std::move(ready_.front());
    ready_.pop_front();
    return body;
}

void FrameParser::process() {
    for (;;) {
        if (state_ == State::Headers) {
            if (!process_header_line())
                break;
        } else if (state_ == State::Body) {
            if (buffered() < remaining_)
                break;
            ready_.push_back(buffer_.substr(consumed_, remaining_));
            consumed_ += remaining_;
            remaining_ = 0;
            state_ = State::Headers;
        } else { // Skip
            size_t n = std::min(remaining_, buffered());
            consumed_ += n;
            remaining_ -= n;
            if (remaining_ > 0)
                break;
            state_ = State::Headers;
        }
    }
    compact();
}

// Handles one complete header line; false when no complete line is buffered yet.
bool FrameParser::process_header_line() {
    size_t newline = buffer_.find('\n', consumed_);
    if (newline == std::string::npos) {
        if (buffered() > kMaxHeaderLine) {
            std::string_view pending(buffer_.data() + consumed_, buffered());
            if (resync_in(pending))
                return true;
            if (!in_garbage_)
                problem("skipped an over-long line that is not a header");
            in_garbage_ = true;
            consumed_ = buffer_.size() - kResyncTail;
        }
        return false;
    }
    size_t line_start = consumed_;
    std::string_view line(buffer_.data() + line_start, newline - line_start);
    consumed_ = newline + 1;
    if (trim(line).empty()) {
        end_of_headers();
        return true;
    }
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && is_header_name(line.substr(0, colon))) {
        in_garbage_ = false;
        handle_header(line.substr(0, colon), trim(line.substr(colon + 1)));
        return true;
    }
    // Junk (a body whose length was wrong, noise): a real header may start inside it.
    std::string_view junk(buffer_.data() + line_start, newline - line_start);
    size_t found = find_ignoring_case(junk, "content-length:");
    if (found != std::string_view::npos && found > 0) {
        problem("skipped " + std::to_string(found) + " bytes of junk before a header");
        consumed_ = line_start + found;
        return true;
    }
    if (!in_garbage_)
        problem("ignored a line that is not a header");
    in_garbage_ = true;
    return true;
}

// Within an over-long partial line, jumps to a "Content-Length:" if there is one.
bool FrameParser::resync_in(std::string_view pending) {
    size_t found = find_ignoring_case(pending, "content-length:");
    if (found == std::string_view::npos || found == 0)
        return false;
    problem("skipped " + std::to_string(found) + " bytes of junk before a header");
    consumed_ += found;
    return true;
}

void FrameParser::handle_header(std::string_view name, std::string_view value) {
    saw_header_ = true;
    if (!equals_ignoring_case(name, kContentLength))
        return; // Content-Type and unknown headers: accepted and ignored.
    std::optional<size_t> length = parse_length(value);
    if (!length) {
        problem("bad Content-Length '" + excerpt(value) + "'");
        saw_bad_length_ = true;
        return;
    }
    if (content_length_)
        problem("duplicate Content-Length; the previous value " + std::to_string(*content_length_) +
                " was ignored");
    content_length_ = length;
}

void FrameParser::end_of_headers() {
    if (!saw_header_) {
        return; // a stray blank line between frames
    } else if (saw_bad_length_ && !content_length_) {
        problem("dropped a frame without a usable Content-Length; resynchronising");
    } else if (!content_length_) {
        problem("dropped a frame without a Content-Length header");
    } else if (*content_length_ == 0) {
        problem("dropped a zero-length message");
    } else if (*content_length_ > max_body_) {
        problem("skipping a message of " + std::to_string(*content_length_) +
                " bytes: over the limit of " + std::to_string(max_body_) + " bytes");
        state_ = State::Skip;
        remaining_ = *content_length_;
    } else {
        state_ = State::Body;
        remaining_ = *content_length_;
    }
    saw_header_ = false;
    saw_bad_length_ = false;
    content_length_.reset();
}

bool FrameParser::finish() {
    std::string_view rest(buffer_.data() + consumed_, buffered());
    bool clean = true;
    if (state_ == State::Body) {
        problem("input was aborted: expected " + std::to_string(remaining_) + " body bytes, got " +
                std::to_string(buffered()));
        clean = false;
    } else if (state_ == State::Skip) {
        problem("input was aborted while skipping an oversized message");
        clean = false;
    } else if (saw_header_ || !only_whitespace(rest)) {
        problem("input was aborted inside a message header");
        clean = false;
    }
    buffer_.clear();
    consumed_ = 0;
    state_ = State::Headers;
    return clean;
}

void FrameParser::problem(std::string message) {
    log::warn("framing: ", message);
    problems_.push_back(std::move(message));
}

// Drops handled bytes; lazily, so that many small coalesced frames stay linear.
void FrameParser::compact() {
    if (consumed_ == buffer_.size()) {
        buffer_.clear();
        consumed_ = 0;
    } else if (consumed_ > 4096 && consumed_ * 2 > buffer_.size()) {
        buffer_.erase(0, consumed_);
        consumed_ = 0;
    }
}

// ---- DelimitedParser -------------------------------------------------------------------------

void DelimitedParser::feed(std::string_view bytes) {
    partial_line_.append(bytes);
    size_t start = 0;
    for (size_t newline; (newline = partial_line_.find('\n', start)) != std::string::npos;
         start = newline + 1)
        take_line(std::string_view(partial_line_).substr(start, newline - start));
    partial_line_.erase(0, start);
}

std::optional<std::string> DelimitedParser::next() {
    if (ready_.empty())
        return std::nullopt;
    std::string body = std::move(ready_.front());
    ready_.pop_front();
    return body;
}

bool DelimitedParser::finish() {
    if (!partial_line_.empty())
        take_line(partial_line_);
    partial_line_.clear();
    flush();
    return true;
}

void DelimitedParser::take_line(std::string_view line) {
    std::string_view content = trim(line);
    if (content == "---") {
        flush();
        return;
    }
    if (!content.empty() && content.front() == '#')
        return;
    message_.append(line);
    message_ += '\n';
}

void DelimitedParser::flush() {
    if (!only_whitespace(message_))
        ready_.push_back(std::move(message_));
    message_.clear();
}

} // namespace secretls::protocol
