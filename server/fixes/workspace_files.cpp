//===--- workspace_files.cpp - .env, .gitignore, .secretls.toml logic ----------------------===//
#include "server/fixes/workspace_files.h"

#include "server/fixes/text.h"

#include <cctype>
#include <filesystem>
#include <fnmatch.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

namespace secretls::server::fixes {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < text.size()) {
        size_t e = text.find('\n', i);
        if (e == std::string_view::npos)
            e = text.size();
        auto line = text.substr(i, e - i);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        out.push_back(line);
        i = e + 1;
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

} // namespace

std::optional<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string path_to_uri(std::string_view path) {
    std::string out = "file://";
    static const char* kHex = "0123456789ABCDEF";
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::optional<std::string> uri_to_path(std::string_view uri) {
    if (!uri.starts_with("file://"))
        return std::nullopt;
    uri.remove_prefix(7);
    // file://host/path: only the local host is ours.
    if (!uri.starts_with("/")) {
        auto slash = uri.find('/');
        if (slash == std::string_view::npos || uri.substr(0, slash) != "localhost")
            return std::nullopt;
        uri.remove_prefix(slash);
    }
    std::string out;
    for (size_t i = 0; i < uri.size(); ++i) {
        if (uri[i] == '%' && i + 2 < uri.size() && hex_value(uri[i + 1]) >= 0 &&
            hex_value(uri[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2]));
            i += 2;
        } else {
            out += uri[i];
        }
    }
    return out;
}

std::string join_path(std::string_view dir, std::string_view name) {
    std::string out(dir);
    if (!out.empty() && out.back() != '/')
        out += '/';
    return out + std::string(name);
}

std::optional<std::string> dotenv_value(std::string_view dotenv, std::string_view name) {
    std::optional<std::string> found; // the last assignment wins, as in dotenv loaders
    for (auto raw : lines_of(dotenv)) {
        auto line = trim(raw);
        if (line.starts_with("export "))
            line = trim(line.substr(7));
        auto eq = line.find('=');
        if (line.empty() || line.front() == '#' || eq == std::string_view::npos)
            continue;
        if (trim(line.substr(0, eq)) != name)
            continue;
        auto value = trim(line.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
            found = std::string(value.substr(1, value.size() - 2));
        } else if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            found = unescape_literal(value.substr(1, value.size() - 2));
        } else {
            auto hash = value.find(" #");
            found = std::string(trim(value.substr(0, hash)));
        }
    }
    return found;
}

DotenvEntry plan_dotenv_entry(std::optional<std::string_view> dotenv, std::string_view wanted,
                              std::string_view value) {
    std::string name(wanted);
    if (!dotenv)
        return {name, true};
    for (int n = 2;; ++n) {
        auto existing = dotenv_value(*dotenv, name);
        if (!existing)
            return {name, true};
        if (*existing == value)
            return {name, false};
        name = std::string(wanted) + "_" + std::to_string(n);
    }
}

std::string dotenv_line(std::string_view name, std::string_view value) {
    static const std::regex kPlain(R"(^[A-Za-z0-9_./+=:@%~^,-]*$)");
    std::string v(value);
    if (std::regex_match(v, kPlain))
        return std::string(name) + "=" + v;
    if (v.find('\'') == std::string::npos && v.find('\n') == std::string::npos)
        return std::string(name) + "='" + v + "'";
    std::string quoted;
    for (char c : v) {
        switch (c) {
        case '\n':
            quoted += "\\n";
            break;
        case '\r':
            quoted += "\\r";
            break;
        case '"':
            quoted += "\\\"";
            break;
        case '\\':
            quoted += "\\\\";
            break;
        case '$':
            quoted += "\\$";
            break;
        default:
            quoted += c;
        }
    }
    return std::string(name) + "=\"" + quoted + "\"";
}

std::string appended_line(std::string_view content, std::string_view line) {
    std::string out;
    if (!content.empty() && content.back() != '\n')
        out += '\n';
    return out + std::string(line) + "\n";
}

namespace {

bool glob(const std::string& pattern, const std::string& path) {
    return fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0;
}

// One .gitignore pattern against a path and each of its parent folders (ignoring a folder
// ignores what is in it).
bool pattern_matches(std::string pattern, const std::string& path) {
    bool dir_only = pattern.size() > 1 && pattern.back() == '/';
    if (dir_only)
        pattern.pop_back();
    bool anchored = pattern.find('/') != std::string::npos;
    if (pattern.starts_with("/"))
        pattern.erase(0, 1);
    if (pattern.starts_with("**/")) {
        pattern.erase(0, 3);
        anchored = pattern.find('/') != std::string::npos;
    }
    std::vector<std::string> candidates; // (prefix, is_dir)
    size_t pos = 0;
    while ((pos = path.find('/', pos)) != std::string::npos) {
        candidates.push_back(path.substr(0, pos));
        ++pos;
    }
    if (!dir_only)
        candidates.push_back(path);
    for (const auto& c : candidates) {
        if (anchored) {
            if (glob(pattern, c))
                return true;
        } else {
            auto slash = c.rfind('/');
            if (glob(pattern, slash == std::string::npos ? c : c.substr(slash + 1)))
                return true;
        }
    }
    return false;
}

} // namespace

std::optional<bool> gitignore_decides(std::string_view gitignore, std::string_view relative_path) {
    std::optional<bool> decision;
    std::string path(relative_path);
    for (auto raw : lines_of(gitignore)) {
        std::string line(raw);
        while (!line.empty() && line.back() == ' ' &&
               (line.size() < 2 || line[line.size() - 2] != '\\'))
            line.pop_back();
        if (line.empty() || line.front() == '#')
            continue;
        bool negated = line.front() == '!';
        if (negated)
            line.erase(0, 1);
        if (pattern_matches(line, path))
            decision = !negated;
    }
    return decision;
}

bool dotenv_is_gitignored(const std::string& workspace_root, const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path root = fs::weakly_canonical(workspace_root, ec);
    fs::path file = fs::weakly_canonical(path, ec);
    fs::path rel = file.lexically_relative(root);
    if (rel.empty() || rel.native().starts_with(".."))
        return false; // outside the workspace: nothing of ours says it is ignored
    bool ignored = false;
    auto consider = [&](const fs::path& ignore_file, const fs::path& relative) {
        if (auto content = read_text_file(ignore_file.string()))
            if (auto d = gitignore_decides(*content, relative.generic_string()))
                ignored = *d;
    };
    consider(root / ".git" / "info" / "exclude", rel);
    consider(root / ".gitignore", rel);
    fs::path dir = root;
    fs::path remaining = rel.parent_path();
    for (const auto& part : remaining) {
        dir /= part;
        consider(dir / ".gitignore", file.lexically_relative(dir));
    }
    return ignored;
}

std::vector<TextEdit> disable_rule_edits(std::string_view toml, std::string_view rule_id) {
    std::string quoted = "\"" + std::string(rule_id) + "\"";
    // Root keys come before the first [table] header; `disabled` must be one of them.
    size_t i = 0;
    while (i < toml.size()) {
        size_t e = toml.find('\n', i);
        if (e == std::string_view::npos)
            e = toml.size();
        auto line = trim(toml.substr(i, e - i));
        if (line.starts_with("["))
            break;
        static const std::regex kDisabled(R"(^disabled\s*=\s*\[)");
        std::string l(line);
        std::smatch m;
        if (std::regex_search(l, m, kDisabled)) {
            // Already listed? (The array may continue over several lines.)
            auto close = toml.find(']', i);
            auto body =
                toml.substr(i, close == std::string_view::npos ? toml.size() - i : close - i);
            if (body.find(quoted) != std::string_view::npos ||
                body.find("'" + std::string(rule_id) + "'") != std::string_view::npos)
                return {};
            size_t bracket = toml.find('[', i) + 1;
            return {TextEdit{bracket, bracket, quoted + ", "}};
        }
        i = e + 1;
    }
    return {TextEdit{0, 0, "disabled = [" + quoted + "]\n"}};
}

std::string unescape_literal(std::string_view content) {
    std::string out;
    for (size_t i = 0; i < content.size(); ++i) {
        if (content[i] != '\\' || i + 1 >= content.size()) {
            out += content[i];
            continue;
        }
        char c = content[++i];
        switch (c) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case '0':
            out += '\0';
            break;
        case '\\':
        case '"':
        case '\'':
        case '`':
        case '/':
        case '$':
            out += c;
            break;
        default:
            out += '\\';
            out += c;
        }
    }
    return out;
}

} // namespace secretls::server::fixes
