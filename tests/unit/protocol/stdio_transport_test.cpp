// Tests of the stdio transport over real pipes: framing in and out, parse errors, end of
// input, reads interrupted by signals (EINTR), a closed output pipe (EPIPE), concurrent
// senders, and the delimited --lit-test mode.
#include "protocol/framing.h"
#include "protocol/log.h"
#include "protocol/transport.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace secretls::protocol;

namespace {

struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() { REQUIRE(::pipe(fds) == 0); }
    ~Pipe() {
        close_read();
        close_write();
    }
    int read_end() const { return fds[0]; }
    int write_end() const { return fds[1]; }
    void close_read() {
        if (fds[0] >= 0)
            ::close(fds[0]);
        fds[0] = -1;
    }
    void close_write() {
        if (fds[1] >= 0)
            ::close(fds[1]);
        fds[1] = -1;
    }
};

// No Catch2 assertion inside: it is called from writer threads too (Catch2 is not
// thread-safe); failures show up as missing messages on the reading side.
bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

std::string read_all(int fd) {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0)
        out.append(buf, static_cast<size_t>(n));
    return out;
}

std::string frame(const std::string& body) {
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Records messages; answers each request by echoing it back through the transport.
struct EchoSink : MessageSink {
    Transport* transport = nullptr;
    std::vector<json> messages;
    std::vector<std::string> parse_errors;
    bool stop_on_exit = true;
    bool on_message(json message) override {
        messages.push_back(message);
        if (message.value("method", "") == "exit" && stop_on_exit)
            return false;
        if (transport && message.contains("id"))
            transport->send({{"jsonrpc", "2.0"}, {"id", message["id"]}, {"result", message}});
        return true;
    }
    void on_parse_error(const std::string& detail) override { parse_errors.push_back(detail); }
};

struct QuietLog {
    QuietLog() {
        log::set_capture([](log::Level, std::string_view, void*) {}, nullptr);
    }
    ~QuietLog() { log::set_capture(nullptr, nullptr); }
};

std::vector<json> parse_output(const std::string& bytes) {
    FrameParser parser(kMaxMessageBytes);
    parser.feed(bytes);
    std::vector<json> out;
    while (auto body = parser.next())
        out.push_back(json::parse(*body));
    CHECK(parser.finish());
    return out;
}

std::atomic<int> signals_seen{0};
void count_signal(int) {
    signals_seen.fetch_add(1);
}

} // namespace

TEST_CASE("stdio transport reads frames and writes framed replies", "[stdio]") {
    QuietLog quiet;
    Pipe in, out;
    auto transport = make_stdio_transport(in.read_end(), out.write_end());
    EchoSink sink;
    sink.transport = transport.get();
    std::string secretish = "\"s\\u00e9cr\\u20acet\"";
    write_all(in.write_end(),
              frame(R"({"jsonrpc":"2.0","id":1,"method":"a","params":)" + secretish + "}") +
                  frame("{broken") + frame(R"({"jsonrpc":"2.0","id":2,"method":"b"})"));
    in.close_write();
    CHECK_FALSE(transport->loop(sink)); // end of input
    REQUIRE(sink.messages.size() == 2);
    REQUIRE(sink.parse_errors.size() == 1);
    // The detail names a position, never the body's text.
    CHECK(sink.parse_errors[0].find("broken") == std::string::npos);
    transport.reset();
    out.close_write();
    auto replies = parse_output(read_all(out.read_end()));
    REQUIRE(replies.size() == 2);
    CHECK(replies[0]["id"] == 1);
    CHECK(replies[0]["result"]["params"] == "s\xC3\xA9"
                                            "cr\xE2\x82\xAC"
                                            "et");
    CHECK(replies[1]["id"] == 2);
}

TEST_CASE("stdio transport stops when the sink asks, and at a truncated body", "[stdio]") {
    QuietLog quiet;
    SECTION("exit stops the loop with true; later input is not read") {
        Pipe in, out;
        auto transport = make_stdio_transport(in.read_end(), out.write_end());
        EchoSink sink;
        write_all(in.write_end(), frame(R"({"jsonrpc":"2.0","method":"exit"})") +
                                      frame(R"({"jsonrpc":"2.0","method":"after"})"));
        CHECK(transport->loop(sink));
        CHECK(sink.messages.size() == 1);
    }
    SECTION("a truncated body ends the loop") {
        Pipe in, out;
        auto transport = make_stdio_transport(in.read_end(), out.write_end());
        EchoSink sink;
        write_all(in.write_end(), frame(R"({"jsonrpc":"2.0","method":"x"})").substr(0, 30));
        in.close_write();
        CHECK_FALSE(transport->loop(sink));
        CHECK(sink.messages.empty());
    }
}

TEST_CASE("reads interrupted by signals are retried", "[stdio][eintr]") {
    QuietLog quiet;
    struct sigaction action {};
    action.sa_handler = count_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: blocked reads fail with EINTR
    struct sigaction previous {};
    REQUIRE(sigaction(SIGUSR1, &action, &previous) == 0);
    signals_seen = 0;

    Pipe in, out;
    auto transport = make_stdio_transport(in.read_end(), out.write_end());
    EchoSink sink;
    std::string input = frame(R"({"jsonrpc":"2.0","id":1,"method":"a"})") +
                        frame(R"({"jsonrpc":"2.0","id":2,"method":"b"})");
    bool result = true;
    std::thread reader([&] { result = transport->loop(sink); });
    pthread_t reader_handle = reader.native_handle();
    for (size_t i = 0; i < input.size(); i += 7) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        pthread_kill(reader_handle, SIGUSR1); // interrupts the blocked read(2)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        write_all(in.write_end(), std::string_view(input).substr(i, 7));
    }
    in.close_write();
    reader.join();
    sigaction(SIGUSR1, &previous, nullptr);
    CHECK_FALSE(result);
    CHECK(signals_seen.load() > 0);
    REQUIRE(sink.messages.size() == 2);
    CHECK(sink.messages[1]["method"] == "b");
}

TEST_CASE("a closed output pipe does not kill the server", "[stdio][epipe]") {
    QuietLog quiet;
    Pipe in, out;
    auto transport = make_stdio_transport(in.read_end(), out.write_end());
    out.close_read();
    transport->send({{"jsonrpc", "2.0"}, {"method", "window/logMessage"}});
    transport->send({{"jsonrpc", "2.0"}, {"method", "window/logMessage"}});
    SUCCEED("no SIGPIPE, no exception");
}

TEST_CASE("concurrent senders never interleave frames", "[stdio]") {
    Pipe in, out;
    auto transport = make_stdio_transport(in.read_end(), out.write_end());
    // Big enough bodies that a write(2) may be split, read concurrently so the pipe drains.
    std::string collected;
    std::thread drain([&] { collected = read_all(out.read_end()); });
    std::vector<std::thread> senders;
    for (int t = 0; t < 4; ++t) {
        senders.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i)
                transport->send(
                    {{"jsonrpc", "2.0"},
                     {"method", "t"},
                     {"params", {{"t", t}, {"i", i}, {"pad", std::string(20000, 'p')}}}});
        });
    }
    for (auto& s : senders)
        s.join();
    transport.reset();
    out.close_write();
    drain.join();
    auto messages = parse_output(collected);
    CHECK(messages.size() == 200);
    std::vector<int> next(4, 0);
    for (const json& m : messages) {
        int t = m["params"]["t"];
        CHECK(m["params"]["i"] == next[t]); // each sender's messages in its order
        ++next[t];
    }
}

TEST_CASE("delimited mode reads --- separated messages and pretty-prints output",
          "[stdio][delimited]") {
    Pipe in, out;
    auto transport = make_stdio_transport(in.read_end(), out.write_end(), /*delimited=*/true);
    EchoSink sink;
    sink.transport = transport.get();
    write_all(in.write_end(), "# comment\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}\n---\n"
                              "{\"jsonrpc\":\"2.0\",\n\"id\":2,\"method\":\"b\"}\n");
    in.close_write();
    CHECK_FALSE(transport->loop(sink));
    CHECK(sink.messages.size() == 2);
    transport.reset();
    out.close_write();
    std::string output = read_all(out.read_end());
    CHECK(output.find("\n  \"id\": 1") != std::string::npos);
    CHECK(parse_output(output).size() == 2);
}

TEST_CASE("an oversized frame streams past without being held in memory", "[stdio][large]") {
    QuietLog quiet;
    auto peak_rss_kib = [] {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        return static_cast<long>(usage.ru_maxrss);
    };
    Pipe in, out;
    auto transport = make_stdio_transport(in.read_end(), out.write_end());
    EchoSink sink;
    const size_t huge = kMaxMessageBytes + 1;
    long before = peak_rss_kib();
    std::thread writer([&] {
        write_all(in.write_end(), "Content-Length: " + std::to_string(huge) + "\r\n\r\n");
        std::string chunk(1 << 20, ' ');
        for (size_t sent = 0; sent < huge; sent += chunk.size())
            write_all(in.write_end(),
                      std::string_view(chunk).substr(0, std::min(chunk.size(), huge - sent)));
        write_all(in.write_end(), frame(R"({"jsonrpc":"2.0","id":1,"method":"after"})"));
        in.close_write();
    });
    CHECK_FALSE(transport->loop(sink));
    writer.join();
    REQUIRE(sink.messages.size() == 1);
    CHECK(sink.messages[0]["method"] == "after");
    // Holding the body would have raised the peak by 256 MiB at least.
    CHECK(peak_rss_kib() - before < 64 * 1024);
}
