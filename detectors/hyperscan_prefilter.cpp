//===--- hyperscan_prefilter.cpp - Hyperscan runs the rules' regexes ----------------------===//
#include "detectors/hyperscan_prefilter.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <hs/hs.h>
#include <vector>

namespace secretls::detectors {
namespace {

// Scratch space: one per thread, grown to fit every database the thread uses.
struct ThreadScratch {
    hs_scratch_t* scratch = nullptr;
    // Databases the scratch already fits: hs_alloc_scratch is far from free, so it runs
    // once per database and thread, not once per scan.
    std::vector<uint64_t> fitted; // serial numbers (addresses can be reused after a free)
    ~ThreadScratch() {
        if (scratch)
            hs_free_scratch(scratch);
    }
};

hs_scratch_t* scratch_for(const hs_database_t* db, uint64_t serial) {
    thread_local ThreadScratch local;
    if (std::find(local.fitted.begin(), local.fitted.end(), serial) != local.fitted.end())
        return local.scratch;
    if (hs_alloc_scratch(db, &local.scratch) != HS_SUCCESS)
        return nullptr;
    local.fitted.push_back(serial);
    return local.scratch;
}

std::atomic<uint64_t> next_serial{1};

// Skips a character class starting at regex[i] == '['; returns the index after it.
size_t skip_class(std::string_view regex, size_t i) {
    size_t j = i + 1;
    if (j < regex.size() && regex[j] == '^')
        ++j;
    if (j < regex.size() && regex[j] == ']')
        ++j; // a leading ']' is literal
    while (j < regex.size() && regex[j] != ']') {
        if (regex[j] == '\\')
            ++j;
        else if (regex[j] == '[' && j + 1 < regex.size() && regex[j + 1] == ':') {
            const size_t close = regex.find(":]", j + 2);
            if (close != std::string_view::npos)
                j = close + 1;
        }
        ++j;
    }
    return j + 1;
}

} // namespace

std::optional<std::string> hyperscan_pattern_for(std::string_view regex) {
    std::string out;
    out.reserve(regex.size());
    for (size_t i = 0; i < regex.size();) {
        const char c = regex[i];
        if (c == '\\' && i + 1 < regex.size()) {
            const char e = regex[i + 1];
            if (e == 'A' || e == 'z' || e == 'Z' || e == 'C')
                return std::nullopt; // text anchors; \C (any byte) has no Hyperscan meaning
            out.append(regex.substr(i, 2));
            i += 2;
        } else if (c == '[') {
            const size_t end = std::min(skip_class(regex, i), regex.size());
            out.append(regex.substr(i, end - i));
            i = end;
        } else if (c == '$') {
            // Our single-line rules see lines without "\r\n", so RE2's $ holds before a '\r';
            // Hyperscan (multi-line mode) wants the '\n' next. Matching the '\r' keeps the
            // match end on the same line, which is all the prefilter needs.
            out += "(?:\r?$)";
            ++i;
        } else if (regex.substr(i).starts_with("(?P<")) {
            const size_t close = regex.find('>', i);
            if (close == std::string_view::npos)
                return std::nullopt;
            out += "(";
            i = close + 1;
        } else {
            out.push_back(c);
            ++i;
        }
    }
    return out;
}

namespace {

// Index of the first byte after the leading word boundaries and group openers ("\\b(?:(",
// "(?P<name>"), which consume no text; `opened` counts the groups. An unclosed "(?P<" ends
// the regex (nothing literal follows).
size_t skip_leading_openers(std::string_view regex, int& opened) {
    size_t i = 0;
    opened = 0;
    while (i < regex.size()) {
        if (regex.substr(i).starts_with("\\b")) {
            i += 2;
        } else if (regex.substr(i).starts_with("(?:")) {
            i += 3, ++opened;
        } else if (regex.substr(i).starts_with("(?P<")) {
            const size_t close = regex.find('>', i);
            if (close == std::string_view::npos)
                return regex.size();
            i = close + 1, ++opened;
        } else if (regex[i] == '(' && !regex.substr(i).starts_with("(?")) {
            ++i, ++opened;
        } else {
            break;
        }
    }
    return i;
}

} // namespace

size_t literal_prefix_length(std::string_view regex) {
    int opened = 0;
    size_t i = skip_leading_openers(regex, opened);
    size_t n = 0;
    while (i < regex.size()) {
        const char c = regex[i];
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':') {
            ++n, ++i;
        } else if (c == '\\' && i + 1 < regex.size() &&
                   std::string_view("-._/:").find(regex[i + 1]) != std::string_view::npos) {
            ++n, i += 2;
        } else {
            break;
        }
    }
    // A quantifier after the last literal makes it optional or repeated: not a fixed prefix.
    if (n > 0 && i < regex.size() &&
        std::string_view("?*{").find(regex[i]) != std::string_view::npos)
        --n;
    return n;
}

namespace {

// Index just past the group or character class or escape starting at `i`, for the scan in
// required_literal_prefix: only classes and escapes need skipping there.
size_t skip_class_or_escape(std::string_view regex, size_t i) {
    if (regex[i] == '\\')
        return std::min(regex.size(), i + 2);
    // A class: "[", an optional "^", a "]" taken literally right after, up to the next "]".
    size_t j = i + 1;
    if (j < regex.size() && regex[j] == '^')
        ++j;
    if (j < regex.size() && regex[j] == ']')
        ++j;
    while (j < regex.size() && regex[j] != ']')
        j += regex[j] == '\\' ? 2 : 1;
    return std::min(regex.size(), j + 1);
}

// Whether the groups opened before the literal (the first `leading` ones) stay mandatory
// and free of alternatives: no '|' at their level or above, no quantifier after them.
bool leading_groups_are_plain(std::string_view regex, size_t from, int leading) {
    int depth = leading;
    for (size_t i = from; i < regex.size();) {
        const char c = regex[i];
        if (c == '\\' || c == '[') {
            i = skip_class_or_escape(regex, i);
            continue;
        }
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (depth <= leading) {
                leading = depth - 1; // a leading group closes
                if (i + 1 < regex.size() &&
                    std::string_view("?*{").find(regex[i + 1]) != std::string_view::npos)
                    return false;
            }
            --depth;
        } else if (c == '|' && depth <= leading) {
            return false;
        }
        ++i;
    }
    return true;
}

} // namespace

std::string required_literal_prefix(std::string_view regex) {
    int opened = 0;
    size_t i = skip_leading_openers(regex, opened);
    std::string literal;
    size_t last_char_at = i;
    while (i < regex.size()) {
        const char c = regex[i];
        const bool escaped_punctuation = c == '\\' && i + 1 < regex.size() &&
                                         !std::isalnum(static_cast<unsigned char>(regex[i + 1]));
        if (escaped_punctuation) {
            last_char_at = i;
            literal += regex[i + 1];
            i += 2;
        } else if (std::isalnum(static_cast<unsigned char>(c)) ||
                   std::string_view("_-:= ,;@#%&~'\"<>/!").find(c) != std::string_view::npos) {
            last_char_at = i;
            literal += c;
            ++i;
        } else {
            break;
        }
    }
    // A quantifier after the last character makes it optional or repeated; an alternative
    // right after cuts the literal short.
    if (!literal.empty() && i < regex.size() &&
        std::string_view("?*{+|").find(regex[i]) != std::string_view::npos) {
        literal.pop_back();
        i = last_char_at;
    }
    if (literal.empty() || !leading_groups_are_plain(regex, i, opened))
        return "";
    return literal;
}

struct HyperscanPrefilter::Database {
    hs_database_t* db = nullptr;
    const uint64_t serial = next_serial++;
    ~Database() {
        if (db)
            hs_free_database(db);
    }
};

HyperscanPrefilter::HyperscanPrefilter(std::unique_ptr<Database> db) : db_(std::move(db)) {}
HyperscanPrefilter::~HyperscanPrefilter() = default;

std::unique_ptr<HyperscanPrefilter>
HyperscanPrefilter::compile(const std::vector<std::string>& patterns,
                            std::vector<size_t>& rejected) {
    std::vector<size_t> accepted;
    for (size_t i = 0; i < patterns.size(); ++i) {
        // Cheap syntax check first: one bad pattern fails a whole multi-compile.
        hs_expr_info_t* info = nullptr;
        hs_compile_error_t* error = nullptr;
        if (hs_expression_info(patterns[i].c_str(), HS_FLAG_MULTILINE, &info, &error) !=
            HS_SUCCESS) {
            hs_free_compile_error(error);
            rejected.push_back(i);
            continue;
        }
        // Patterns that can match empty text are useless as prefilters (and rejected).
        const bool ok = info->min_width > 0;
        free(info);
        if (ok)
            accepted.push_back(i);
        else
            rejected.push_back(i);
    }
    while (!accepted.empty()) {
        std::vector<const char*> expressions;
        // Multi-line: ^ and $ hold at every line start/end, a superset of RE2 on a line window.
        std::vector<unsigned> flags(accepted.size(), HS_FLAG_MULTILINE), ids;
        for (size_t i : accepted) {
            expressions.push_back(patterns[i].c_str());
            ids.push_back(static_cast<unsigned>(i));
        }
        auto db = std::make_unique<Database>();
        hs_compile_error_t* error = nullptr;
        const hs_error_t status = hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                                                   static_cast<unsigned>(expressions.size()),
                                                   HS_MODE_BLOCK, nullptr, &db->db, &error);
        if (status == HS_SUCCESS)
            return std::unique_ptr<HyperscanPrefilter>(new HyperscanPrefilter(std::move(db)));
        const int failed = error ? error->expression : -1;
        hs_free_compile_error(error);
        if (failed < 0 || static_cast<size_t>(failed) >= accepted.size()) {
            // A database-level failure: give up on the fast path altogether.
            rejected.insert(rejected.end(), accepted.begin(), accepted.end());
            return nullptr;
        }
        rejected.push_back(accepted[failed]);
        accepted.erase(accepted.begin() + failed);
    }
    return nullptr;
}

std::unique_ptr<HyperscanPrefilter>
HyperscanPrefilter::compile_literals(const std::vector<std::string>& literals) {
    if (literals.empty())
        return nullptr;
    std::vector<const char*> expressions;
    std::vector<size_t> lengths;
    std::vector<unsigned> flags(literals.size(), HS_FLAG_CASELESS), ids;
    for (size_t i = 0; i < literals.size(); ++i) {
        expressions.push_back(literals[i].data());
        lengths.push_back(literals[i].size());
        ids.push_back(static_cast<unsigned>(i));
    }
    auto db = std::make_unique<Database>();
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                             static_cast<unsigned>(literals.size()), HS_MODE_BLOCK, nullptr,
                             &db->db, &error) != HS_SUCCESS) {
        hs_free_compile_error(error);
        return nullptr;
    }
    return std::unique_ptr<HyperscanPrefilter>(new HyperscanPrefilter(std::move(db)));
}

std::unique_ptr<HyperscanPrefilter> HyperscanPrefilter::deserialize(std::string_view bytes) {
    auto db = std::make_unique<Database>();
    if (hs_deserialize_database(bytes.data(), bytes.size(), &db->db) != HS_SUCCESS)
        return nullptr;
    // A database built for another CPU refuses to allocate scratch: treat it as unusable.
    if (!scratch_for(db->db, db->serial))
        return nullptr;
    return std::unique_ptr<HyperscanPrefilter>(new HyperscanPrefilter(std::move(db)));
}

std::string HyperscanPrefilter::serialize() const {
    char* bytes = nullptr;
    size_t length = 0;
    if (hs_serialize_database(db_->db, &bytes, &length) != HS_SUCCESS)
        return {};
    std::string out(bytes, length);
    free(bytes);
    return out;
}

namespace {
struct CallbackContext {
    const std::function<bool(unsigned, size_t)>* on_match;
};

int on_hyperscan_match(unsigned id, unsigned long long /*from*/, unsigned long long to,
                       unsigned /*flags*/, void* context) {
    auto* ctx = static_cast<CallbackContext*>(context);
    return (*ctx->on_match)(id, static_cast<size_t>(to)) ? 0 : 1;
}
} // namespace

void HyperscanPrefilter::scan(std::string_view data,
                              const std::function<bool(unsigned, size_t)>& on_match) const {
    hs_scratch_t* scratch = scratch_for(db_->db, db_->serial);
    if (!scratch || data.empty())
        return;
    CallbackContext ctx{&on_match};
    // Hyperscan takes at most 4 GiB per call; documents are far smaller, chunks are MBs.
    hs_scan(db_->db, data.data(), static_cast<unsigned>(data.size()), 0, scratch,
            on_hyperscan_match, &ctx);
}

} // namespace secretls::detectors
