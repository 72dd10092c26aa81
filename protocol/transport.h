//===--- transport.h - Moving JSON-RPC messages over a byte stream -------------------------===//
//
// The server talks to a Transport, never to stdin/stdout directly: stdio in production
// (framed with Content-Length headers), in memory in tests.
//
// Threading contract: loop() runs on one thread and calls the handler there; send() may be
// called from any thread at any time (implementations serialize writes: one writer owns
// the output stream).
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace secretls::protocol {

using json = nlohmann::json;

// Receives every well-formed JSON value read from the stream, in order.
class MessageSink {
public:
    virtual ~MessageSink() = default;
    // Returns false to stop the loop (after `exit`).
    virtual bool on_message(json message) = 0;
    // A frame whose body is not JSON: the loop goes on (the sink answers -32700).
    virtual void on_parse_error(const std::string& detail) = 0;
};

class Transport {
public:
    virtual ~Transport() = default;
    // Reads until end of input, an unrecoverable stream error, or the sink returns false.
    // Returns true when the sink asked to stop, false on end of input or stream failure.
    virtual bool loop(MessageSink& sink) = 0;
    // Thread-safe; writes one whole message.
    virtual void send(const json& message) = 0;
};

// Largest message body accepted; larger frames are skipped without being allocated.
inline constexpr size_t kMaxMessageBytes = 256u * 1024 * 1024;

// Content-Length framed JSON over two file descriptors (stdin/stdout for the binary).
// `delimited` switches to the test mode of `--lit-test`: messages separated by lines
// holding only `---`, `#` comment lines ignored (the last message needs no `---`: end of
// input ends it), output pretty-printed (still Content-Length framed, so any client reads it).
// Input is read with read(2) (EINTR retried, partial frames buffered by FrameParser; see
// framing.h). SIGPIPE is ignored process-wide: a vanished client is an EPIPE we log, after
// which output is dropped and end of input follows.
std::unique_ptr<Transport> make_stdio_transport(int in_fd, int out_fd, bool delimited = false);

} // namespace secretls::protocol
