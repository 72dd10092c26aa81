//===--- git_index.h - What a commit would record: staged files and their content --------===//
//
// `secretls scan --staged` (a pre-commit hook) must scan what is about to be committed, not
// the working tree: a key can be staged and then removed from the file, or the other way
// round. Git itself answers (git diff --cached, git cat-file), run without a shell so that no
// file name is ever interpreted.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace secretls::server {

struct GitResult {
    int exit_code = -1; // -1: git could not be started
    std::string out;    // standard output
    std::string err;    // standard error
};

// Runs `git <args>` in `directory` (no shell) with `input` on its standard input, and
// collects its output.
GitResult run_git(const std::vector<std::string>& args, const std::string& directory,
                  const std::string& input = {});

struct StagedFiles {
    std::string top;                // the repository's top folder (absolute)
    std::vector<std::string> paths; // added, copied, modified or renamed; relative to top
    std::optional<std::string> error;
};

// The files of the commit being prepared in the repository holding `directory`, limited
// to `pathspecs` when given (relative to `directory`, as on git's command line).
StagedFiles staged_files(const std::string& directory, const std::vector<std::string>& pathspecs);

struct StagedContent {
    std::string path; // relative to the repository top
    std::string content;
    std::optional<std::string> error;
};

// The staged content of each path (relative to the repository top), read by one git
// process whatever their number (a first commit may hold thousands of files).
std::vector<StagedContent> staged_contents(const std::string& top,
                                           const std::vector<std::string>& paths);

} // namespace secretls::server
