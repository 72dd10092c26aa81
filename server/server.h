//===--- server.h - The language server: LSP methods on top of documents and the scheduler -===//
//
// Layers (clangd's): protocol::Transport (bytes <-> JSON) -> protocol::Dispatcher (JSON ->
// typed handlers, lifecycle, error codes) -> LspServer (this: documents, diagnostics,
// features) -> Scheduler (where scans run) -> detectors::Scanner.
//
// Handlers run on the transport's reader thread and only hand work to the document's lane
// (server/scheduler.h); they never scan. Each document's edits are applied in order on its
// lane, scans are debounced and superseded by newer versions, and a result is published
// only while it is still for the latest version of a still-open document.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "protocol/dispatcher.h"
#include "protocol/position.h"
#include "protocol/transport.h"
#include "server/scheduler.h"

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace secretls::server {

struct ServerOptions {
    // Worker threads for scanning; 0 = synchronous (scans on the reader thread, for
    // `--lit-test` transcripts and deterministic tests).
    unsigned worker_threads = 2;
    // Debounce unless the client sets initializationOptions.debounceMs.
    DebouncePolicy debounce;
    // Documents larger than this are not scanned (a window/logMessage says so).
    size_t max_file_size = 50u * 1024 * 1024;
    // Watch the client's processId (initialize) and exit when it dies.
    bool watch_parent = true;
};

class LspServer {
public:
    LspServer(protocol::Transport& transport, ServerOptions options = {});
    ~LspServer();
    LspServer(const LspServer&) = delete;
    LspServer& operator=(const LspServer&) = delete;

    // Runs the transport loop until `exit` or end of input; returns the process exit code.
    int run();
    // The dispatcher, for tests that drive messages without the loop (MemoryTransport
    // drain()).
    protocol::Dispatcher& dispatcher();
    // Blocks until no scan is queued or running (tests, benchmarks).
    void wait_idle();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// The binary's LSP mode on stdin/stdout. `lit_test`: '---'-delimited messages, synchronous.
int run_stdio_server(bool lit_test);

} // namespace secretls::server
