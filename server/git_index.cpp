//===--- git_index.cpp - Staged files and their content, asked of git ---------------------===//
#include "server/git_index.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace secretls::server {
namespace {

// Reads both pipes until git closes them: reading one to the end first could block git
// on a full other pipe.
void drain(int out_fd, int err_fd, std::string& out, std::string& err) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    std::string* sinks[2] = {&out, &err};
    int open_count = 2;
    char buffer[65536];
    while (open_count > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            } else {
                sinks[i]->append(buffer, static_cast<size_t>(n));
            }
        }
    }
}

std::vector<std::string> split_nul(const std::string& s) {
    std::vector<std::string> parts;
    size_t begin = 0;
    for (size_t end; (end = s.find('\0', begin)) != std::string::npos; begin = end + 1)
        if (end > begin)
            parts.push_back(s.substr(begin, end - begin));
    if (begin < s.size())
        parts.push_back(s.substr(begin));
    return parts;
}

std::string first_line(const std::string& s) {
    const size_t end = s.find('\n');
    return s.substr(0, end);
}

} // namespace

// Writes `input` to fd and closes it (on its own thread: git answers while it reads).
void feed(int fd, const std::string& input) {
    size_t done = 0;
    while (done < input.size()) {
        const ssize_t n = ::write(fd, input.data() + done, input.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += static_cast<size_t>(n);
    }
    ::close(fd);
}

GitResult run_git(const std::vector<std::string>& args, const std::string& directory,
                  const std::string& input) {
    GitResult result;
    int pipes[3][2]; // stdin, stdout, stderr
    for (int i = 0; i < 3; ++i)
        if (::pipe2(pipes[i], O_CLOEXEC) != 0) {
            for (int j = 0; j < i; ++j) {
                ::close(pipes[j][0]);
                ::close(pipes[j][1]);
            }
            return result;
        }
    int(&in_pipe)[2] = pipes[0];
    int(&out_pipe)[2] = pipes[1];
    int(&err_pipe)[2] = pipes[2];
    // "git -C DIR" instead of a chdir: the caller's threads keep their working directory.
    std::vector<std::string> argv_strings = {"git", "-C", directory};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argv_strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    pid_t pid = 0;
    const int spawned = ::posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    if (spawned != 0) {
        ::close(in_pipe[1]);
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        result.err = "cannot run git";
        return result;
    }
    std::thread writer(feed, in_pipe[1], std::cref(input));
    drain(out_pipe[0], err_pipe[0], result.out, result.err);
    writer.join();
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    // posix_spawnp reports a missing git as exit code 127 from the child.
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (result.exit_code == 127 && result.out.empty() && result.err.empty())
        result.err = "cannot run git (is it installed?)";
    return result;
}

StagedFiles staged_files(const std::string& directory, const std::vector<std::string>& pathspecs) {
    StagedFiles staged;
    GitResult top = run_git({"rev-parse", "--show-toplevel"}, directory);
    if (top.exit_code != 0) {
        staged.error = top.err.empty() ? "not a git repository" : first_line(top.err);
        return staged;
    }
    staged.top = first_line(top.out);
    // Deleted files hold nothing to commit; -z: names exactly as stored, no quoting.
    std::vector<std::string> args = {"diff",         "--cached",           "--name-only",   "-z",
                                     "--no-renames", "--diff-filter=ACMR", "--no-ext-diff", "--"};
    args.insert(args.end(), pathspecs.begin(), pathspecs.end());
    GitResult diff = run_git(args, directory);
    if (diff.exit_code != 0) {
        staged.error = diff.err.empty() ? "git diff --cached failed" : first_line(diff.err);
        return staged;
    }
    staged.paths = split_nul(diff.out);
    return staged;
}

std::vector<StagedContent> staged_contents(const std::string& top,
                                           const std::vector<std::string>& paths) {
    std::vector<StagedContent> contents;
    // `git cat-file --batch` reads one object name per line: ":./path" is the index entry
    // at stage 0 ("./" keeps a leading ':' literal). A name holding a newline cannot be
    // asked for that way; it gets an error instead of another file's content.
    std::string requests;
    for (const std::string& path : paths) {
        contents.push_back({path, {}, std::nullopt});
        if (path.find('\n') != std::string::npos)
            contents.back().error = "file name holds a newline";
        else
            requests += ":./" + path + "\n";
    }
    GitResult batch = run_git({"cat-file", "--batch"}, top, requests);
    if (batch.exit_code != 0) {
        for (StagedContent& c : contents)
            c.error = batch.err.empty() ? "git cat-file failed" : first_line(batch.err);
        return contents;
    }
    // Answers come in request order: "<oid> <type> <size>\n<content>\n" or "<name> missing\n".
    size_t at = 0;
    for (StagedContent& c : contents) {
        if (c.error)
            continue;
        const size_t header_end = batch.out.find('\n', at);
        if (header_end == std::string::npos) {
            c.error = "git cat-file gave no answer";
            continue;
        }
        const std::string header = batch.out.substr(at, header_end - at);
        at = header_end + 1;
        // "missing" / "ambiguous" answers have no size; a submodule is a commit: skipped.
        const size_t size_at = header.rfind(' ');
        const std::string size_text =
            size_at == std::string::npos ? "" : header.substr(size_at + 1);
        if (size_text.empty() || size_text.size() > 15 ||
            size_text.find_first_not_of("0123456789") != std::string::npos) {
            c.error = "not in the index";
            continue;
        }
        const size_t size = std::stoull(size_text);
        if (at + size > batch.out.size()) {
            c.error = "git cat-file answer cut short";
            at = batch.out.size();
            continue;
        }
        if (header.find(" blob ") != std::string::npos)
            c.content = batch.out.substr(at, size);
        at += size + 1; // the content's trailing newline
    }
    return contents;
}

} // namespace secretls::server
