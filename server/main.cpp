//===--- main.cpp - secretls: language server (default) and command line -------------------===//
//
//   secretls [--stdio]     LSP over stdin/stdout
//   secretls --lit-test    LSP with '---'-delimited messages, synchronous (transcripts)
//   secretls scan ...      scan files and folders (server/cli.h)
//   secretls rules         list the built-in rules
//   secretls --version | --help
//
// Unknown arguments are a usage error (exit 2) with a message on stderr: an editor that
// passes a flag we do not know should see why the server did not start.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/rule_loader.h"
#include "server/cli.h"
#include "server/server.h"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    using namespace secretls::server;
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty() || (args.size() == 1 && args[0] == "--stdio"))
            return run_stdio_server(false);
        const std::string& command = args[0];
        std::vector<std::string> rest(args.begin() + 1, args.end());
        if (command == "--lit-test" && rest.empty())
            return run_stdio_server(true);
        if (command == "scan")
            return run_scan_command(rest, stdout, stderr);
        if (command == "rules")
            return run_rules_command(rest, stdout, stderr);
        if ((command == "--version" || command == "-V" || command == "version") && rest.empty()) {
            // Loads the built-in rules (precompiled): a broken rule bundle shows up here.
            std::printf("secretls %s (%zu built-in rules)\n", version_string(),
                        secretls::detectors::builtin_rules().size());
            return kExitClean;
        }
        if (command == "--help" || command == "-h" || command == "help") {
            print_usage(stdout);
            return kExitClean;
        }
        std::fprintf(stderr, "secretls: unknown argument '%s'\n", command.c_str());
        print_usage(stderr);
        return kExitError;
    } catch (const std::exception& e) {
        // Messages of our own exceptions never hold secret values.
        std::fprintf(stderr, "secretls: error: %s\n", e.what());
        return kExitError;
    }
}
