//===--- log.h - A tiny leveled logger that writes to stderr only --------------------------===//
//
// stdout belongs to the transport (LSP frames), so every diagnostic line of the server goes
// to stderr, which editors show in their server log. One line per call, prefixed with the
// level and the time; whole lines are written under a mutex so threads never interleave.
// Never pass a secret in clear to these functions (mask it first).
//
// Threading contract: every function may be called from any thread.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace secretls::protocol::log {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3, Off = 4 };

void set_level(Level level);
Level level();
// "debug" / "info" / "warn" (or "warning") / "error" / "off"; nullopt otherwise.
std::optional<Level> parse_level(std::string_view name);
bool enabled(Level level);

// Writes one line (a trailing newline is added) when `level` is enabled.
void write(Level level, std::string_view message);

// Streams every argument into one line: log::info("read ", n, " bytes").
template <typename... Args> void emit(Level level, const Args&... args) {
    if (!enabled(level))
        return;
    std::ostringstream line;
    (line << ... << args);
    write(level, line.str());
}
template <typename... Args> void debug(const Args&... args) {
    emit(Level::Debug, args...);
}
template <typename... Args> void info(const Args&... args) {
    emit(Level::Info, args...);
}
template <typename... Args> void warn(const Args&... args) {
    emit(Level::Warn, args...);
}
template <typename... Args> void error(const Args&... args) {
    emit(Level::Error, args...);
}

// Tests capture log lines instead of writing them to stderr. Pass nullptr
// to remove the capture. The callback is called under the logger's mutex.
using Capture = void (*)(Level level, std::string_view line, void* context);
void set_capture(Capture capture, void* context);

} // namespace secretls::protocol::log
