//===--- log.cpp - Leveled logging to stderr -----------------------------------------------===//
#include "protocol/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace secretls::protocol::log {

namespace {

std::atomic<Level> current_level{Level::Info};
std::mutex output_mutex;
Capture capture_fn = nullptr;
void* capture_context = nullptr;

const char* tag(Level level) {
    switch (level) {
    case Level::Debug:
        return "D";
    case Level::Info:
        return "I";
    case Level::Warn:
        return "W";
    case Level::Error:
        return "E";
    case Level::Off:
        break;
    }
    return "?";
}

} // namespace

void set_level(Level level) {
    current_level.store(level);
}
Level level() {
    return current_level.load();
}

bool enabled(Level level) {
    return level != Level::Off && static_cast<int>(level) >= static_cast<int>(current_level.load());
}

std::optional<Level> parse_level(std::string_view name) {
    if (name == "debug" || name == "verbose")
        return Level::Debug;
    if (name == "info")
        return Level::Info;
    if (name == "warn" || name == "warning")
        return Level::Warn;
    if (name == "error")
        return Level::Error;
    if (name == "off")
        return Level::Off;
    return std::nullopt;
}

void write(Level level, std::string_view message) {
    if (!enabled(level))
        return;
    using clock = std::chrono::system_clock;
    auto now = clock::now();
    std::time_t seconds = clock::to_time_t(now);
    auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%02d:%02d:%02d.%03d", utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(millis));

    std::lock_guard<std::mutex> lock(output_mutex);
    if (capture_fn != nullptr) {
        capture_fn(level, message, capture_context);
        return;
    }
    // One fprintf per line: stderr is unbuffered, and the mutex keeps lines whole.
    std::fprintf(stderr, "%s[%s] %.*s\n", tag(level), stamp, static_cast<int>(message.size()),
                 message.data());
}

void set_capture(Capture capture, void* context) {
    std::lock_guard<std::mutex> lock(output_mutex);
    capture_fn = capture;
    capture_context = context;
}

} // namespace secretls::protocol::log
