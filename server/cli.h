//===--- cli.h - The command line: scan, rules, --version, --help ---------------------------===//
//
// `secretls scan [--format text|json|sarif] [--jobs N] [--config FILE] [--no-ignore]
// [--staged] [--show-dropped] [--baseline REPORT] PATH...` scans files and folders
// (recursively; .git/ and binary files skipped), standard input ('-'), or with --staged what
// the next commit records (the git index), and reports each finding with its value masked;
// --show-dropped also lists what a rule matched and a check rejected, and why; --baseline
// leaves out the findings an earlier report holds. Exit codes: 0 no findings, 1 findings,
// 2 usage or I/O error.
// `secretls rules [--verbose]` lists the rule ids.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace secretls::server {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

// Default limit on the size of a scanned file (CLI and server): larger files are skipped.
inline constexpr size_t kDefaultMaxFileSize = 50u * 1024 * 1024;

// `args` are the arguments after the sub-command name.
int run_scan_command(const std::vector<std::string>& args, std::FILE* out, std::FILE* err);
int run_rules_command(const std::vector<std::string>& args, std::FILE* out, std::FILE* err);
void print_usage(std::FILE* out);
const char* version_string();

} // namespace secretls::server
