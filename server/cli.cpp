//===--- cli.cpp - `secretls scan`, `secretls rules`, usage and version ---------------------===//
//
// The scan walks the given paths in a deterministic order (arguments in order, directory
// entries sorted), scans files on --jobs threads, and prints the results in that same order
// whatever the threads' timing. Secrets are masked in every format.
//
//===--------------------------------------------------------------------------------------===//
#include "server/cli.h"

#include "detectors/rule_loader.h"
#include "protocol/position.h"
#include "server/baseline.h"
#include "server/document.h"
#include "server/engine.h"
#include "server/git_index.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <unordered_set>

namespace fs = std::filesystem;

namespace secretls::server {

using json = nlohmann::json;

namespace {

enum class Format { Text, Json, Sarif };

struct ScanOptions {
    Format format = Format::Text;
    unsigned jobs = 0; // 0: one per core
    EngineOptions engine;
    std::vector<std::string> paths; // "-": standard input
    bool staged = false;            // the index (git add), not the working tree
    bool show_dropped = false;      // also what a rule matched and a check rejected
    std::string baseline_file;      // an earlier report: the findings it holds are known
    bool help = false;
    size_t max_file_size = kDefaultMaxFileSize;
};

constexpr const char* kScanUsage =
    "usage: secretls scan [--format text|json|sarif] [--jobs N] [--config FILE] [--no-ignore]\n"
    "                     [--staged] [--show-dropped] [--baseline REPORT] PATH...\n";

// A finding as printed: positions 1-based; columns count bytes (CLI) and UTF-16 code units
// (SARIF's default column kind).
struct Reported {
    size_t rule_index = 0;
    size_t line = 0, column = 0, end_line = 0, end_column = 0;
    size_t utf16_column = 0, utf16_end_column = 0;
    size_t start_byte = 0, end_byte = 0;
    std::string masked;
    std::string fingerprint;
};

// A match that a check rejected (--show-dropped), and why.
struct ReportedDrop {
    size_t rule_index = 0;
    size_t line = 0, column = 0;
    size_t start_byte = 0, end_byte = 0;
    std::string_view reason; // static text
    std::string masked;
};

struct FileResult {
    std::string path;
    std::vector<Reported> findings;
    std::vector<ReportedDrop> dropped;
    std::optional<std::string> error;
    bool scanned = false;
    size_t bytes = 0;
    std::optional<std::string> relative; // Engine::relative_path(path), when the walk knows it
    std::optional<std::string> content;  // staged or standard-input text: not read from disk
};

// Engine::relative_path() resolves the symlinks of every component of a path (a readlink
// per component: 5% of a scan's time over 25,000 files). Files found by walking a folder
// share that folder's resolution: the walk follows no symlinks and adds no "." or "..", so
// relative(folder / sub, root) == relative(folder, root) / sub. Same rules as engine.cpp.
struct WalkBase {
    bool inside = false; // the folder resolves to somewhere inside the workspace root
    fs::path relative;   // the folder relative to the root ("." when it is the root)
};

WalkBase walk_base_of(const Engine& engine, const std::string& folder) {
    WalkBase base;
    if (engine.config.root.empty())
        return base;
    std::error_code ec;
    base.relative = fs::relative(folder, engine.config.root, ec);
    base.inside = !ec && !base.relative.empty() && !base.relative.string().starts_with("..");
    return base;
}

std::string relative_in_walk(const WalkBase& base, const fs::path& file, const fs::path& sub) {
    if (base.inside) {
        const fs::path rel = base.relative == "." ? sub : base.relative / sub;
        if (!rel.empty() && !rel.string().starts_with(".."))
            return rel.generic_string();
    }
    return file.generic_string();
}

std::optional<std::string> parse_scan_args(const std::vector<std::string>& args,
                                           ScanOptions& opts) {
    for (size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        std::optional<std::string> inline_value;
        if (arg.starts_with("--") && arg.find('=') != std::string::npos) {
            inline_value = arg.substr(arg.find('=') + 1);
            arg = arg.substr(0, arg.find('='));
        }
        auto value = [&]() -> std::optional<std::string> {
            if (inline_value)
                return inline_value;
            if (i + 1 < args.size())
                return args[++i];
            return std::nullopt;
        };
        if (arg == "--format") {
            auto v = value();
            if (v == "text")
                opts.format = Format::Text;
            else if (v == "json")
                opts.format = Format::Json;
            else if (v == "sarif")
                opts.format = Format::Sarif;
            else
                return "--format expects text, json or sarif";
        } else if (arg == "--jobs" || arg == "-j") {
            auto v = value();
            unsigned n = 0;
            if (!v || v->empty() || v->size() > 4 ||
                !std::all_of(v->begin(), v->end(), ::isdigit) || (n = std::stoul(*v)) == 0)
                return "--jobs expects a positive number";
            opts.jobs = n;
        } else if (arg == "--config") {
            auto v = value();
            if (!v || v->empty())
                return "--config expects a file";
            opts.engine.config_file = *v;
        } else if (arg == "--no-ignore") {
            opts.engine.no_ignore = true;
        } else if (arg == "--staged" || arg == "--cached") {
            opts.staged = true;
        } else if (arg == "--show-dropped") {
            opts.show_dropped = true;
        } else if (arg == "--baseline") {
            auto v = value();
            if (!v || v->empty())
                return "--baseline expects a report written by `secretls scan --format json` "
                       "(or sarif)";
            opts.baseline_file = *v;
        } else if (arg == "--help" || arg == "-h") {
            opts.help = true;
            return std::nullopt;
        } else if (arg == "--") {
            opts.paths.insert(opts.paths.end(), args.begin() + static_cast<long>(i) + 1,
                              args.end());
            break;
        } else if (arg.starts_with("-") && arg != "-") {
            return "unknown option " + arg;
        } else {
            opts.paths.push_back(args[i]);
        }
    }
    if (opts.paths.empty() && !opts.staged)
        return "scan needs at least one PATH (or --staged)";
    if (opts.show_dropped && opts.format == Format::Sarif)
        return "--show-dropped works with --format text or json (SARIF has no place for it)";
    if (opts.staged && std::find(opts.paths.begin(), opts.paths.end(), "-") != opts.paths.end())
        return "--staged reads the git index: '-' (standard input) cannot be combined with it";
    return std::nullopt;
}

FileResult file_entry(std::string path, std::optional<std::string> relative = std::nullopt,
                      std::optional<std::string> error = std::nullopt) {
    FileResult f;
    f.path = std::move(path);
    f.relative = std::move(relative);
    f.error = std::move(error);
    return f;
}

// Files under `root` (or `root` itself), sorted, skipping .git directories and symlinks
// (a link to a folder could loop; a link to a file is scanned where it points from), and
// dependency folders (node_modules/...) unless the configuration asks for them: their files
// would each be skipped anyway, and walking them can take longer than scanning the project.
void collect_files(const std::string& root, const Engine& engine, std::vector<FileResult>& out) {
    std::error_code ec;
    fs::file_status status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
        out.push_back(file_entry(root, std::nullopt, "no such file or directory"));
        return;
    }
    if (!fs::is_directory(status)) {
        out.push_back(file_entry(root));
        return;
    }
    std::vector<std::string> files;
    const WalkBase base = walk_base_of(engine, root);
    const fs::path root_path(root);
    auto is_skipped_folder = [&](const fs::path& folder) {
        if (folder.filename() == ".git")
            return true;
        if (!engine.config.skip_dependencies)
            return false;
        const std::string relative =
            relative_in_walk(base, folder, folder.lexically_relative(root_path));
        return detectors::is_dependency_path(relative + "/");
    };
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        out.push_back(file_entry(root, std::nullopt, ec.message()));
        return;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        const fs::directory_entry& entry = *it;
        if (entry.is_directory(ec) && !entry.is_symlink(ec)) {
            if (is_skipped_folder(entry.path()))
                it.disable_recursion_pending();
            continue;
        }
        if (entry.is_regular_file(ec) && !entry.is_symlink(ec))
            files.push_back(entry.path().string());
    }
    if (ec)
        out.push_back(file_entry(root, std::nullopt, ec.message()));
    std::sort(files.begin(), files.end());
    for (std::string& f : files) {
        const fs::path file(f);
        std::string relative = relative_in_walk(base, file, file.lexically_relative(root_path));
        out.push_back(file_entry(std::move(f), std::move(relative)));
    }
}

// Where .secretls.toml, .gitleaks.toml and ignore files are looked for: the first PATH when
// it is a folder, else the folder holding it.
fs::path workspace_root_of(const std::string& first_path) {
    std::error_code ec;
    if (fs::is_directory(first_path, ec))
        return first_path;
    fs::path parent = fs::path(first_path).parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

// Reads a whole file into `out` (a buffer each thread reuses: fresh large allocations cost
// page faults on every file). One open, one fstat, reads until the end. Sets `too_big`
// instead of reading when the file exceeds `limit`.
std::optional<std::string> read_file(const std::string& path, size_t limit, std::string& out,
                                     bool& too_big) {
    too_big = false;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        std::error_code ec;
        (void)fs::file_size(path, ec); // the message a stat would have given
        return ec ? ec.message() : "cannot open file";
    }
    struct stat info {};
    std::optional<std::string> error;
    if (::fstat(fd, &info) != 0 || info.st_size < 0) {
        error = "cannot read file";
    } else if (static_cast<uintmax_t>(info.st_size) > limit) {
        too_big = true;
    } else {
        out.resize(static_cast<size_t>(info.st_size));
        size_t done = 0;
        while (done < out.size()) {
            const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                error = "cannot read file";
            if (n <= 0)
                break;
            done += static_cast<size_t>(n);
        }
        out.resize(done); // a file that shrank while being read
    }
    ::close(fd);
    return error;
}

// UTF-16 column (0-based) of byte `offset` of the line starting at `line_start`, via the
// position module. `cursor` (UTF-16) counts the columns of one file's findings, in order.
size_t utf16_column(const std::string& text, size_t line_start, size_t offset,
                    protocol::ColumnCursor& cursor) {
    return cursor.character(std::string_view(text.data() + line_start, offset - line_start),
                            offset - line_start);
}

// A file's dropped matches in the order they are printed: by position, then rule.
void sort_dropped(std::vector<ReportedDrop>& dropped) {
    std::stable_sort(dropped.begin(), dropped.end(), [](const auto& a, const auto& b) {
        return std::tie(a.start_byte, a.rule_index) < std::tie(b.start_byte, b.rule_index);
    });
}

// The dropped matches of one file (--show-dropped), positioned and masked.
void report_dropped(FileResult& file, const std::string& text, const LineTable& lines,
                    const std::vector<detectors::DroppedMatch>& dropped) {
    for (const detectors::DroppedMatch& d : dropped) {
        ReportedDrop r;
        r.rule_index = d.rule_index;
        r.line = lines.line_of(d.secret.begin) + 1;
        r.column = d.secret.begin - lines.line_start(r.line - 1) + 1;
        r.start_byte = d.secret.begin;
        r.end_byte = d.secret.end;
        r.reason = d.reason;
        r.masked = detectors::mask_secret(
            std::string_view(text.data() + d.secret.begin, d.secret.end - d.secret.begin));
        file.dropped.push_back(std::move(r));
    }
    sort_dropped(file.dropped);
}

void scan_one(FileResult& file, const Engine& engine, const ScanOptions& opts) {
    const size_t max_size = opts.max_file_size;
    if (file.error)
        return;
    const detectors::Scanner& scanner = *engine.scanner;
    const std::string relative = file.relative ? *file.relative : engine.relative_path(file.path);
    if (engine.path_allowlisted(relative))
        return;
    thread_local std::string buffer;
    bool too_big = false;
    if (file.content) {
        too_big = file.content->size() > max_size;
    } else if (auto err = read_file(file.path, max_size, buffer, too_big)) {
        file.error = *err;
        return;
    }
    const std::string& text = file.content ? *file.content : buffer;
    if (too_big || looks_binary(text))
        return; // skipped: not an error
    file.scanned = true;
    file.bytes = text.size();
    detectors::ExplainedScan scan = scanner.scan_explained(text, {relative, ""}, opts.show_dropped);
    std::vector<detectors::Finding>& found = scan.findings;
    // A finding the workspace configuration suppresses (its allowlists, .secretlsignore,
    // .gitleaksignore) is one more dropped match.
    std::erase_if(found, [&](const detectors::Finding& f) {
        if (!engine.suppressed(relative, text, f))
            return false;
        if (opts.show_dropped)
            scan.dropped.push_back({f.secret, f.match, f.rule_index,
                                    "allowlisted or ignored by the workspace configuration"});
        return true;
    });
    if (found.empty() && scan.dropped.empty())
        return;
    const LineTable lines(text);
    report_dropped(file, text, lines, scan.dropped);
    protocol::ColumnCursor cursor(protocol::PositionEncoding::UTF16);
    for (const detectors::Finding& f : found) {
        const detectors::Rule& rule = scanner.rules()[f.rule_index];
        std::string_view secret(text.data() + f.secret.begin, f.secret.end - f.secret.begin);
        Reported r;
        r.rule_index = f.rule_index;
        r.line = lines.line_of(f.secret.begin) + 1;
        const size_t start = lines.line_start(r.line - 1);
        r.column = f.secret.begin - start + 1;
        r.utf16_column = utf16_column(text, start, f.secret.begin, cursor) + 1;
        r.end_line = lines.line_of(f.secret.end) + 1;
        const size_t end_start = lines.line_start(r.end_line - 1);
        r.end_column = f.secret.end - end_start + 1;
        r.utf16_end_column = utf16_column(text, end_start, f.secret.end, cursor) + 1;
        r.start_byte = f.secret.begin;
        r.end_byte = f.secret.end;
        r.masked = detectors::mask_secret(secret);
        r.fingerprint = finding_fingerprint(rule.id, secret);
        file.findings.push_back(std::move(r));
    }
}

void scan_all(std::vector<FileResult>& files, const Engine& engine, const ScanOptions& opts) {
    unsigned jobs = opts.jobs ? opts.jobs : std::max(1u, std::thread::hardware_concurrency());
    jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(files.size(), 1)));
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < files.size(); i = next++)
            scan_one(files[i], engine, opts);
    };
    if (jobs <= 1) {
        work();
        return;
    }
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < jobs; ++t)
        threads.emplace_back(work);
    for (std::thread& t : threads)
        t.join();
}

// The reason a finding of the baseline is listed with --show-dropped.
constexpr std::string_view kInBaseline = "already in the baseline (--baseline)";

// Findings the baseline holds leave the report (with --show-dropped, they join the dropped
// list, in position order). Returns how many there were.
size_t drop_known(std::vector<FileResult>& files, const Baseline& baseline, bool show_dropped) {
    size_t known = 0;
    for (FileResult& f : files) {
        std::erase_if(f.findings, [&](const Reported& r) {
            if (!baseline.knows(f.path, r.fingerprint))
                return false;
            ++known;
            if (show_dropped)
                f.dropped.push_back({r.rule_index, r.line, r.column, r.start_byte, r.end_byte,
                                     kInBaseline, r.masked});
            return true;
        });
        if (show_dropped)
            sort_dropped(f.dropped);
    }
    return known;
}

struct Totals {
    size_t findings = 0, files_scanned = 0, files_with_findings = 0, bytes = 0, errors = 0;
    double seconds = 0;
    std::optional<size_t> known; // with --baseline: the findings it held, not reported
};

Totals totals_of(const std::vector<FileResult>& files, double seconds) {
    Totals t;
    t.seconds = seconds;
    for (const FileResult& f : files) {
        t.findings += f.findings.size();
        t.files_scanned += f.scanned;
        t.files_with_findings += !f.findings.empty();
        t.bytes += f.bytes;
        t.errors += f.error.has_value();
    }
    return t;
}

std::string dump(const json& j) {
    return j.dump(2, ' ', false, json::error_handler_t::replace);
}

void print_text(const std::vector<FileResult>& files, const detectors::Scanner& scanner,
                const Totals& t, std::FILE* out, std::FILE* err) {
    for (const FileResult& f : files) {
        if (f.error)
            std::fprintf(err, "secretls: %s: %s\n", f.path.c_str(), f.error->c_str());
        for (const ReportedDrop& d : f.dropped)
            std::fprintf(out, "%s:%zu:%zu: dropped %s (%s): %s\n", f.path.c_str(), d.line, d.column,
                         scanner.rules()[d.rule_index].id.c_str(), std::string(d.reason).c_str(),
                         d.masked.c_str());
        for (const Reported& r : f.findings) {
            const detectors::Rule& rule = scanner.rules()[r.rule_index];
            std::fprintf(out, "%s:%zu:%zu: %s %s %s: %s\n", f.path.c_str(), r.line, r.column,
                         std::string(detectors::severity_name(rule.severity)).c_str(),
                         rule.id.c_str(), finding_title(rule).c_str(), r.masked.c_str());
        }
    }
    std::fprintf(out, "%zu finding%s in %zu file%s (%zu files, %zu bytes scanned in %.3f s%s)\n",
                 t.findings, t.findings == 1 ? "" : "s", t.files_with_findings,
                 t.files_with_findings == 1 ? "" : "s", t.files_scanned, t.bytes, t.seconds,
                 t.known ? ("; " + std::to_string(*t.known) + " known from the baseline").c_str()
                         : "");
    // Someone whose commit was just blocked needs the way out, on the terminal.
    if (t.findings > 0)
        std::fputs("Move real secrets to the environment or a secret manager, and revoke them:\n"
                   "they may already have been copied. A false alarm: end its line with a\n"
                   "'secretls:ignore' comment, or add the finding's fingerprint (--format json)\n"
                   "to .secretlsignore.\n",
                   err);
}

json errors_json(const std::vector<FileResult>& files) {
    json errors = json::array();
    for (const FileResult& f : files)
        if (f.error)
            errors.push_back({{"path", f.path}, {"message", *f.error}});
    return errors;
}

// --show-dropped: what a rule matched and a check rejected, and why.
json dropped_json(const std::vector<FileResult>& files, const detectors::Scanner& scanner) {
    json dropped = json::array();
    for (const FileResult& f : files)
        for (const ReportedDrop& d : f.dropped)
            dropped.push_back({{"path", f.path},
                               {"rule", scanner.rules()[d.rule_index].id},
                               {"line", d.line},
                               {"column", d.column},
                               {"start_byte", d.start_byte},
                               {"end_byte", d.end_byte},
                               {"reason", d.reason},
                               {"masked", d.masked}});
    return dropped;
}

void print_json(const std::vector<FileResult>& files, const detectors::Scanner& scanner,
                const Totals& t, bool show_dropped, std::FILE* out) {
    json findings = json::array();
    for (const FileResult& f : files) {
        for (const Reported& r : f.findings) {
            const detectors::Rule& rule = scanner.rules()[r.rule_index];
            findings.push_back({{"path", f.path},
                                {"rule", rule.id},
                                {"provider", rule.provider},
                                {"title", finding_title(rule)},
                                {"severity", detectors::severity_name(rule.severity)},
                                {"line", r.line},
                                {"column", r.column},
                                {"end_line", r.end_line},
                                {"end_column", r.end_column},
                                {"start_byte", r.start_byte},
                                {"end_byte", r.end_byte},
                                {"masked", r.masked},
                                {"fingerprint", r.fingerprint}});
        }
    }
    json doc = {
        {"version", version_string()},
        {"findings", std::move(findings)},
        {"errors", errors_json(files)},
        {"stats", {{"files", t.files_scanned}, {"bytes", t.bytes}, {"seconds", t.seconds}}}};
    if (t.known)
        doc["stats"]["baseline_known"] = *t.known;
    if (show_dropped)
        doc["dropped"] = dropped_json(files, scanner);
    std::fprintf(out, "%s\n", dump(doc).c_str());
}

const char* sarif_level(detectors::Severity s) {
    switch (s) {
    case detectors::Severity::Error:
        return "error";
    case detectors::Severity::Warning:
        return "warning";
    default:
        return "note";
    }
}

// A relative path as a URI reference: '/' separators, unsafe bytes percent-encoded.
std::string uri_reference(const std::string& path) {
    std::string generic = fs::path(path).generic_string();
    std::string out;
    for (unsigned char c : generic) {
        if (std::isalnum(c) || std::string_view("-._~/!$&'()*+,;=:@").find(static_cast<char>(c)) !=
                                   std::string_view::npos) {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

json sarif_rule(const detectors::Rule& rule) {
    std::string help = rule.description;
    if (!rule.revoke.empty()) {
        help += "\nRevoke and rotate:";
        for (size_t i = 0; i < rule.revoke.size(); ++i)
            help += "\n" + std::to_string(i + 1) + ". " + rule.revoke[i];
    }
    json r = {{"id", rule.id},
              {"name", finding_title(rule)},
              {"shortDescription", {{"text", finding_title(rule)}}},
              {"fullDescription",
               {{"text", rule.description.empty() ? finding_title(rule) : rule.description}}},
              {"help", {{"text", help.empty() ? finding_title(rule) : help}}},
              {"defaultConfiguration", {{"level", sarif_level(rule.severity)}}},
              {"properties", {{"provider", rule.provider}, {"tags", {"security", "secret"}}}}};
    if (!rule.link.empty())
        r["helpUri"] = rule.link;
    return r;
}

void print_sarif(const std::vector<FileResult>& files, const detectors::Scanner& scanner,
                 std::FILE* out) {
    json rules = json::array();
    std::map<size_t, size_t> rule_position; // scanner rule index -> index in `rules`
    json results = json::array();
    for (const FileResult& f : files) {
        for (const Reported& r : f.findings) {
            const detectors::Rule& rule = scanner.rules()[r.rule_index];
            auto [it, added] = rule_position.emplace(r.rule_index, rules.size());
            if (added)
                rules.push_back(sarif_rule(rule));
            json region = {{"startLine", r.line},        {"startColumn", r.utf16_column},
                           {"endLine", r.end_line},      {"endColumn", r.utf16_end_column},
                           {"byteOffset", r.start_byte}, {"byteLength", r.end_byte - r.start_byte}};
            results.push_back({{"ruleId", rule.id},
                               {"ruleIndex", it->second},
                               {"level", sarif_level(rule.severity)},
                               {"message", {{"text", finding_title(rule) + " (" + r.masked + ")"}}},
                               {"locations",
                                {{{"physicalLocation",
                                   {{"artifactLocation", {{"uri", uri_reference(f.path)}}},
                                    {"region", region}}}}}},
                               {"partialFingerprints", {{"secretls/v1", r.fingerprint}}}});
        }
    }
    json notifications = json::array();
    for (const FileResult& f : files)
        if (f.error)
            notifications.push_back(
                {{"level", "error"}, {"message", {{"text", f.path + ": " + *f.error}}}});
    json run = {{"tool",
                 {{"driver",
                   {{"name", "secretls"},
                    {"version", version_string()},
                    {"informationUri", "https://github.com/secretls/secretls"},
                    {"rules", std::move(rules)}}}}},
                {"columnKind", "utf16CodeUnits"},
                {"results", std::move(results)},
                {"invocations",
                 {{{"executionSuccessful", notifications.empty()},
                   {"toolExecutionNotifications", std::move(notifications)}}}}};
    json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", {std::move(run)}}};
    std::fprintf(out, "%s\n", dump(doc).c_str());
}

} // namespace

const char* version_string() {
    return SECRETLS_VERSION;
}

void print_usage(std::FILE* out) {
    std::fputs(
        "usage: secretls [--stdio]          language server on stdin/stdout (LSP)\n"
        "       secretls --lit-test         LSP with '---'-delimited messages (transcripts)\n"
        "       secretls scan [--format text|json|sarif] [--jobs N] [--config FILE]\n"
        "                     [--no-ignore] [--staged] [--show-dropped]\n"
        "                     [--baseline REPORT] PATH...\n"
        "                                   scan files and folders for hard-coded secrets\n"
        "       secretls rules [--verbose]  list the built-in rules\n"
        "       secretls --version | --help\n"
        "\n"
        "scan exit codes: 0 no findings, 1 findings, 2 usage or I/O error.\n"
        "Secrets are always shown masked (e.g. key-…9f3a).\n",
        out);
}

namespace {

void print_scan_help(std::FILE* out) {
    std::fputs(kScanUsage, out);
    std::fputs(
        "\n"
        "Scans files and folders (recursively; .git/ and binary files are skipped) for\n"
        "hard-coded secrets and prints each finding with its value masked.\n"
        "\n"
        "  PATH             a file or folder; '-' reads standard input\n"
        "  --format F       text (default), json, or sarif (SARIF 2.1.0, for code scanning)\n"
        "  --jobs N, -j N   threads (default: one per core)\n"
        "  --config FILE    extra rules and allowlists, same format as .secretls.toml\n"
        "  --no-ignore      report inline-ignored and .secretlsignore'd findings too\n"
        "  --show-dropped   also list what a rule matched but a check rejected, and why\n"
        "                   (placeholder, documented example, entropy, checksum, an\n"
        "                   ignore comment...): to find out why a key is not reported;\n"
        "                   text and json; values masked; the exit code is unchanged\n"
        "  --staged         scan what the next commit records (the git index), not the\n"
        "                   working tree; PATHs, if any, limit it (a pre-commit hook:\n"
        "                   `secretls scan --staged`)\n"
        "  --baseline REPORT  report only findings that REPORT, an earlier\n"
        "                   `scan --format json` (or sarif), does not hold: the same rule\n"
        "                   and secret in the same file is known wherever its line moved;\n"
        "                   the exit code counts new findings only\n"
        "\n"
        ".secretls.toml, .gitleaks.toml, .secretlsignore and .gitleaksignore are read from the\n"
        "first PATH when it is a folder (else its folder), or from the repository top with\n"
        "--staged.\n"
        "\n"
        "Exit codes: 0 no findings, 1 findings, 2 usage or I/O error.\n",
        out);
}

// The index's version of every staged file, named by its path from the repository top.
std::optional<std::string> collect_staged(const ScanOptions& opts, std::string& top,
                                          std::vector<FileResult>& files) {
    StagedFiles staged = staged_files(".", opts.paths);
    if (staged.error)
        return staged.error;
    top = staged.top;
    for (StagedContent& c : staged_contents(staged.top, staged.paths)) {
        FileResult f = file_entry(c.path, c.path, std::move(c.error));
        if (!f.error)
            f.content = std::move(c.content);
        files.push_back(std::move(f));
    }
    return std::nullopt;
}

// A file named by two PATHs (`scan src src/a.py`, `scan a.py ./a.py`) is scanned and
// reported once, under its first name. One walk cannot repeat a file (it follows no
// symlinks), so this only runs for several PATHs.
void drop_repeated_files(std::vector<FileResult>& files) {
    std::unordered_set<std::string> seen;
    std::erase_if(files, [&](const FileResult& f) {
        std::error_code ec;
        fs::path absolute = fs::absolute(f.path, ec);
        return !seen.insert((ec ? fs::path(f.path) : absolute).lexically_normal().string()).second;
    });
}

// An earlier report, for --baseline. Returns why it cannot serve.
std::optional<std::string> load_baseline(const std::string& path, Baseline& baseline) {
    std::string text;
    bool too_big = false;
    if (auto error = read_file(path, kDefaultMaxFileSize, text, too_big))
        return error;
    if (too_big)
        return "larger than " + std::to_string(kDefaultMaxFileSize >> 20) + " MiB";
    return baseline.parse(text);
}

FileResult standard_input_file() {
    FileResult f = file_entry("<stdin>", "");
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (std::cin.bad())
        f.error = "cannot read standard input";
    else
        f.content = std::move(text);
    return f;
}

} // namespace

int run_scan_command(const std::vector<std::string>& args, std::FILE* out, std::FILE* err) {
    ScanOptions opts;
    if (auto problem = parse_scan_args(args, opts)) {
        std::fprintf(err, "secretls scan: %s\n", problem->c_str());
        std::fputs(kScanUsage, err);
        return kExitError;
    }
    if (opts.help) {
        print_scan_help(out);
        return kExitClean;
    }
    if (!opts.engine.config_file.empty() && !fs::is_regular_file(opts.engine.config_file)) {
        std::fprintf(err, "secretls scan: --config %s: no such file\n",
                     opts.engine.config_file.string().c_str());
        return kExitError;
    }
    std::optional<Baseline> baseline;
    if (!opts.baseline_file.empty()) {
        if (auto problem = load_baseline(opts.baseline_file, baseline.emplace())) {
            std::fprintf(err, "secretls scan: --baseline %s: %s\n", opts.baseline_file.c_str(),
                         problem->c_str());
            return kExitError;
        }
    }
    auto started = std::chrono::steady_clock::now();
    std::vector<FileResult> files;
    if (opts.staged) {
        std::string top;
        if (auto problem = collect_staged(opts, top, files)) {
            std::fprintf(err, "secretls scan --staged: %s\n", problem->c_str());
            return kExitError;
        }
        opts.engine.root = top;
    } else {
        const bool only_stdin = std::all_of(opts.paths.begin(), opts.paths.end(),
                                            [](const std::string& p) { return p == "-"; });
        opts.engine.root = only_stdin ? fs::path(".") : workspace_root_of(opts.paths.front());
    }
    Engine engine = make_engine(opts.engine);
    for (const std::string& e : engine.errors)
        std::fprintf(err, "secretls: %s\n", e.c_str());
    bool stdin_read = false;
    for (const std::string& p : opts.staged ? std::vector<std::string>{} : opts.paths) {
        if (p != "-")
            collect_files(p, engine, files);
        else if (!std::exchange(stdin_read, true))
            files.push_back(standard_input_file());
    }
    if (opts.paths.size() > 1)
        drop_repeated_files(files);
    scan_all(files, engine, opts);
    std::optional<size_t> known;
    if (baseline)
        known = drop_known(files, *baseline, opts.show_dropped);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Totals t = totals_of(files, seconds);
    t.known = known;
    switch (opts.format) {
    case Format::Text:
        print_text(files, *engine.scanner, t, out, err);
        break;
    case Format::Json:
        print_json(files, *engine.scanner, t, opts.show_dropped, out);
        break;
    case Format::Sarif:
        print_sarif(files, *engine.scanner, out);
        break;
    }
    if (opts.format != Format::Text)
        for (const FileResult& f : files)
            if (f.error)
                std::fprintf(err, "secretls: %s: %s\n", f.path.c_str(), f.error->c_str());
    if (t.errors)
        return kExitError;
    return t.findings ? kExitFindings : kExitClean;
}

int run_rules_command(const std::vector<std::string>& args, std::FILE* out, std::FILE* err) {
    bool verbose = false;
    for (const std::string& a : args) {
        if (a == "--verbose" || a == "-v") {
            verbose = true;
        } else if (a == "--help" || a == "-h") {
            std::fputs("usage: secretls rules [--verbose]\n"
                       "Lists the built-in rules: their ids, or with --verbose also the "
                       "provider, title and severity (tab-separated).\n",
                       out);
            return kExitClean;
        } else {
            std::fprintf(err,
                         "secretls rules: unknown argument %s\nusage: secretls rules "
                         "[--verbose]\n",
                         a.c_str());
            return kExitError;
        }
    }
    for (const detectors::Rule& rule : detectors::builtin_rules()) {
        if (verbose)
            std::fprintf(out, "%s\t%s\t%s\t%s\n", rule.id.c_str(), rule.provider.c_str(),
                         finding_title(rule).c_str(),
                         std::string(detectors::severity_name(rule.severity)).c_str());
        else
            std::fprintf(out, "%s\n", rule.id.c_str());
    }
    return kExitClean;
}

} // namespace secretls::server
