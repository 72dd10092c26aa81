//===--- stdio_transport.cpp - The Transport of the binary: framed JSON over two fds -------===//
//
// Reads with read(2) rather than iostreams or FILE*: a signal may interrupt any read
// (clangd moved to FILE* and retry loops for EINTR), and read(2) returns whatever arrived,
// so partial frames are the parser's business, not the stream's.
//
//===--------------------------------------------------------------------------------------===//
#include "protocol/framing.h"
#include "protocol/log.h"
#include "protocol/transport.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <poll.h>
#include <unistd.h>
#include <vector>

namespace secretls::protocol {

namespace {

constexpr size_t kReadChunk = 64 * 1024;

// Waits until `fd` is ready, for descriptors someone made non-blocking.
void wait_ready(int fd, short events) {
    pollfd p{fd, events, 0};
    while (::poll(&p, 1, -1) < 0 && errno == EINTR) {
    }
}

class StdioTransport : public Transport {
public:
    StdioTransport(int in_fd, int out_fd, bool delimited)
        : in_fd_(in_fd), out_fd_(out_fd), delimited_(delimited) {}

    bool loop(MessageSink& sink) override {
        return delimited_ ? read_loop<DelimitedParser>(sink, DelimitedParser())
                          : read_loop<FrameParser>(sink, FrameParser(kMaxMessageBytes));
    }

    void send(const json& message) override {
        // `replace`: a string holding invalid UTF-8 must not turn a reply into an exception.
        std::string body =
            message.dump(delimited_ ? 2 : -1, ' ', false, json::error_handler_t::replace);
        std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
        frame += body;
        std::lock_guard<std::mutex> lock(write_mutex_);
        write_all(frame);
    }

private:
    template <typename Parser> bool read_loop(MessageSink& sink, Parser parser) {
        std::vector<char> chunk(kReadChunk);
        for (;;) {
            ssize_t n = ::read(in_fd_, chunk.data(), chunk.size());
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK) {
                    wait_ready(in_fd_, POLLIN);
                    continue;
                }
                log::error("transport: read failed: ", std::strerror(errno));
                return false;
            }
            if (n == 0) {
                parser.finish();
                // The delimited format's last message needs no trailing `---`.
                return deliver_ready(sink, parser);
            }
            parser.feed(std::string_view(chunk.data(), static_cast<size_t>(n)));
            if (deliver_ready(sink, parser))
                return true;
        }
    }

    // Hands every complete body to the sink; true when the sink asked to stop.
    template <typename Parser> bool deliver_ready(MessageSink& sink, Parser& parser) {
        while (std::optional<std::string> body = parser.next()) {
            if (!deliver(sink, *body))
                return true;
        }
        return false;
    }

    // False when the sink asked to stop.
    bool deliver(MessageSink& sink, const std::string& body) {
        json message;
        try {
            message = json::parse(body);
        } catch (const json::parse_error& e) {
            // Only the position: the body may hold a secret, and nlohmann's message quotes it.
            std::string detail = "invalid JSON near byte " + std::to_string(e.byte);
            log::warn("transport: ", detail, " of a ", body.size(), "-byte message");
            sink.on_parse_error(detail);
            return true;
        }
        try {
            return sink.on_message(std::move(message));
        } catch (const std::exception& e) {
            log::error("transport: message handler threw: ", e.what());
            return true;
        }
    }

    // Caller holds write_mutex_.
    void write_all(const std::string& frame) {
        if (broken_)
            return;
        size_t written = 0;
        while (written < frame.size()) {
            ssize_t n = ::write(out_fd_, frame.data() + written, frame.size() - written);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK) {
                    wait_ready(out_fd_, POLLOUT);
                    continue;
                }
                // EPIPE: the client is gone. Further output is dropped; end of input follows.
                log::error("transport: write failed: ", std::strerror(errno),
                           "; dropping further output");
                broken_ = true;
                return;
            }
            written += static_cast<size_t>(n);
        }
    }

    int in_fd_;
    int out_fd_;
    bool delimited_;
    std::mutex write_mutex_;
    bool broken_ = false;
};

} // namespace

std::unique_ptr<Transport> make_stdio_transport(int in_fd, int out_fd, bool delimited) {
    // A write to a closed pipe must be an EPIPE error we handle, not a fatal signal.
    std::signal(SIGPIPE, SIG_IGN);
    return std::make_unique<StdioTransport>(in_fd, out_fd, delimited);
}

} // namespace secretls::protocol
