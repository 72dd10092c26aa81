//===--- scanner.cpp - The scanning engine: rules in, findings (byte ranges) out ----------===//
//
// Matching is line-local, which makes the locality contract of scanner.h hold by
// construction:
//  - a rule with max_lines = M is tried at "start lines" S; its regex searches the window of
//    lines [S, S+M-1] (the last line without its terminator) and only matches that start on
//    line S count; single-line rules (M = 1) see exactly one line without "\r\n";
//  - a rule is tried at S only when one of its keywords occurs (case-insensitively) in that
//    window, widened by the rule's context_lines C on each side (the keyword gate reads the
//    text itself, so it sees lines before a chunk or region too); rules without keywords are
//    tried everywhere;
//  - the secret group then passes the rule's entropy, validator, allow and stopword filters;
//  - of two findings whose secrets overlap, the one of lower rank (priority, severity, length,
//    rule order) is dropped. This is not transitive on purpose: a finding is dropped only by
//    a direct neighbour, so its fate depends on a bounded number of lines.
// A finding therefore depends on at most the lines [S - (M-1) - C, S + 2(M-1) + C].
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/scanner.h"

#include "detectors/filters.h"
#include "detectors/hyperscan_prefilter.h"
#include "detectors/ignores.h"
#include "detectors/keyword_index.h"
#include "detectors/precompiled.h"
#include "detectors/validators.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <re2/re2.h>
#include <re2/set.h>
#include <span>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace secretls::detectors {
namespace {

// One line of the scanned text, as absolute byte offsets.
struct Line {
    size_t begin = 0;
    size_t content_end = 0; // excludes "\n" and a "\r" before it
    size_t next = 0;        // begin of the next line (== text.size() at the end)
};

RE2::Options regex_options();

// A regex compiled on first use: a rule's regex when the build already proved that it
// compiles (PrecompiledBundle::verified_regexes), or a line gate. Most rules see no
// candidate in a given scan, and compiling all ~560 regexes and ~310 gates took ~150 ms of
// every start. Thread-safe.
class LazyRegex {
public:
    LazyRegex(std::string pattern, int groups, RE2::Options options = regex_options())
        : pattern_(std::move(pattern)), groups_(groups), options_(options) {}
    explicit LazyRegex(std::unique_ptr<RE2> compiled)
        : groups_(compiled->NumberOfCapturingGroups()), owned_(std::move(compiled)),
          ready_(owned_.get()) {}

    const RE2& get() const {
        if (const RE2* re = ready_.load(std::memory_order_acquire))
            return *re;
        std::lock_guard lock(mutex_);
        if (!owned_) {
            owned_ = std::make_unique<RE2>(pattern_, options_);
            ready_.store(owned_.get(), std::memory_order_release);
        }
        return *owned_;
    }
    int capturing_groups() const { return groups_; }

private:
    std::string pattern_;
    int groups_ = 0;
    RE2::Options options_;
    mutable std::mutex mutex_;
    mutable std::unique_ptr<RE2> owned_;
    mutable std::atomic<const RE2*> ready_{nullptr};
};

struct CompiledRule {
    const Rule* rule = nullptr;
    std::unique_ptr<LazyRegex> regex;
    std::vector<std::unique_ptr<RE2>> allow;
    std::vector<uint32_t> path_allow; // ids in Impl::path_regexes
    std::vector<uint32_t> path_only;
    int groups = 1;                     // submatches to ask RE2 for
    std::vector<std::string> stopwords; // lower-cased
    std::vector<std::string> keywords;  // lower-cased
    int max_lines = 1;
    int context_lines = 0; // Rule::context_lines, clamped
    // Multi-line rules: the regex in multi-line mode without captures, run once over the union
    // of overlapping candidate windows (null when the regex cannot be widened soundly).
    std::unique_ptr<RE2> window_gate;
    // Multi-line rules: the literal every match starts with ("" = none known); a start line
    // without it cannot begin a match (see confirm()).
    std::string start_literal;
    int line_gate = -1;         // index into Impl::line_gates, -1 = none
    bool gate_is_exact = false; // the gate is this rule's own regex (a group of one)
    bool checksum = false;      // its validator checks a checksum (is_checksum_validator)
    int prefilter = -1;         // bit in the line masks of Impl::prefilter_groups, -1 = none
    int prefilter_group = -1;   // index into Impl::prefilter_groups

    // Whether the file's path can switch the rule off (allow_paths or paths).
    bool path_restricted() const { return !path_allow.empty() || !path_only.empty(); }
};

// A rule to try at a start line (index into the scan's line table).
struct Candidate {
    uint32_t rule = 0;
    uint32_t start_line = 0;
    auto operator<=>(const Candidate&) const = default;
};

// Multi-line rules spanning this many lines or more go to Hyperscan even without a literal
// start (PEM blocks, Kubernetes secrets): their keyword-path windows cost max_lines squared.
// Shorter ones (a name/value pair over 2 lines, a heredoc over 3) without a literal start
// cost Hyperscan more on every byte than the keyword path costs where their keywords are:
// measured on the benchmark tree, 2-3 % of the scan's CPU.
constexpr int kLongWindowLines = 6;

// Bytes of start lines scanned per chunk of a full scan: bounds the line table and the
// lower-cased copy to a few MB whatever the document size.
constexpr size_t kChunkBytes = 4 << 20;

RE2::Options regex_options() {
    RE2::Options options;
    options.set_log_errors(false);
    // Byte semantics: secrets are ASCII, and bytes make matching robust to invalid UTF-8.
    options.set_encoding(RE2::Options::EncodingLatin1);
    options.set_max_mem(64 << 20);
    return options;
}

// True when the regex switches a flag off ("(?-m)", "(?i-s:"): widening it with a leading
// "(?m)" could then change what ^ and $ mean inside.
bool switches_flags_off(std::string_view regex) {
    for (size_t at = regex.find("(?"); at != std::string_view::npos; at = regex.find("(?", at + 2))
        for (size_t i = at + 2; i < regex.size() && regex[i] != ':' && regex[i] != ')'; ++i)
            if (regex[i] == '-')
                return true;
    return false;
}

// The window gate of a multi-line rule (CompiledRule::window_gate). Soundness: a window is a
// run of whole lines ending at a line's content end; searched inside the longer union, ^ and
// $ (multi-line, $ also before "\r\n") and \b see the same line boundaries at the window's
// edges, so every match inside a window is a match inside the union. Text anchors (\A, \z)
// have no such equivalent: hyperscan_pattern_for refuses them, and so no gate.
std::unique_ptr<RE2> window_gate_for(const Rule& rule) {
    if (rule.max_lines <= 1 || switches_flags_off(rule.regex))
        return nullptr;
    const auto widened = hyperscan_pattern_for(rule.regex);
    if (!widened)
        return nullptr;
    RE2::Options options = regex_options();
    options.set_never_capture(true);
    auto gate = std::make_unique<RE2>("(?m)" + *widened, options);
    return gate->ok() ? std::move(gate) : nullptr;
}

// Frees a per-thread buffer's storage when it grew past `kept` elements: a language server's
// threads live long, and one big file should not pin its memory for good.
template <class Buffer> void give_back_if_larger(Buffer& buffer, size_t kept) {
    if (buffer.capacity() > kept)
        Buffer().swap(buffer);
}

// A table indexed by small ids (rules, keywords, gates) whose entries all read as `fresh`
// again after reset(), in O(1): each entry's stamp says which reset wrote it. Kept per thread
// and reused: a tree's files are scanned one by one, and allocating and filling a table per
// rule, keyword and gate for each file cost more than scanning a small file.
template <class T> class StampedTable {
public:
    void reset(size_t size, T fresh) {
        if (values_.size() < size) {
            values_.resize(size);
            stamps_.resize(size, 0);
        }
        fresh_ = fresh;
        if (++generation_ == 0) { // wrapped: stamps of 4 billion resets ago would read as new
            std::fill(stamps_.begin(), stamps_.end(), 0);
            generation_ = 1;
        }
    }
    // Frees the storage when it holds more than `kept` entries (the next reset sizes it).
    void give_back_if_larger(size_t kept) {
        detectors::give_back_if_larger(values_, kept);
        detectors::give_back_if_larger(stamps_, kept);
    }
    T& operator[](size_t id) {
        if (stamps_[id] != generation_) {
            stamps_[id] = generation_;
            values_[id] = fresh_;
        }
        return values_[id];
    }

private:
    std::vector<T> values_;
    std::vector<uint32_t> stamps_;
    uint32_t generation_ = 0;
    T fresh_{};
};

char lower_ascii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

std::string lower_copy(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = lower_ascii(c);
    return out;
}

size_t line_begin_at(std::string_view text, size_t pos) {
    if (pos == 0)
        return 0;
    const void* nl = memrchr(text.data(), '\n', pos);
    return nl ? static_cast<const char*>(nl) - text.data() + 1 : 0;
}

size_t next_line_begin(std::string_view text, size_t pos) {
    if (pos >= text.size())
        return text.size();
    const void* nl = memchr(text.data() + pos, '\n', text.size() - pos);
    return nl ? static_cast<const char*>(nl) - text.data() + 1 : text.size();
}

// The UTF-8 byte-order mark that Windows editors put before a file's first line: an encoding
// signature, not text, so line 1 starts after it (a rule anchored at a line start must find
// "DB_PASSWORD=..." on line 1 of such a file; offsets stay those of the text).
constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// Index of the element of `begins` (ascending, the first at or before `offset`) whose span
// [it, the next one) holds `offset`, searching from `hint`: offsets arrive in order
// (Hyperscan reports matches by their end), usually a few elements after the previous one,
// so a search galloping forward from the hint touches a handful of elements where a binary
// search over a chunk's 100,000 lines took 17 cache misses.
size_t index_holding(std::span<const size_t> begins, size_t offset, size_t hint) {
    if (hint >= begins.size() || offset < begins[hint]) {
        auto it = std::upper_bound(begins.begin(), begins.begin() + std::min(hint, begins.size()),
                                   offset);
        return static_cast<size_t>(it - begins.begin()) - 1;
    }
    // begins[low] <= offset; find the first element past it within [low, high).
    size_t low = hint, step = 1;
    while (low + step < begins.size() && begins[low + step] <= offset) {
        low += step;
        step *= 2;
    }
    const size_t high = std::min(begins.size(), low + step);
    auto it = std::upper_bound(begins.begin() + low + 1, begins.begin() + high, offset);
    return static_cast<size_t>(it - begins.begin()) - 1;
}

// The lines of a chunk of a text: where each begins, and where the last one ends. A Line is
// computed on access. Built by one SIMD pass over the newlines: with a 24-byte Line stored
// per line and one memchr per line, the table cost 7% of a scan, most lines being short.
class Lines {
public:
    // Lines starting at `from` (a line begin): every line beginning before `until`, then
    // `extra` more (windows of multi-line rules look ahead). `start_count` gets the number
    // of the first kind. The storage is reused.
    void collect(std::string_view text, size_t from, size_t until, int extra, size_t& start_count) {
        text_ = text;
        count_ = 0;
        start_count = 0;
        if (from >= text.size())
            return;
        push(from);
        const size_t limit = std::min(text.size(), until);
        append_newline_ends(from, limit);
        // The last start line may run past `limit` (it has no '\n' before it).
        if (bounds_[count_ - 1] < limit)
            push(next_line_begin(text, limit));
        start_count = size();
        for (int i = 0; i < extra && bounds_[count_ - 1] < text.size(); ++i)
            push(next_line_begin(text, bounds_[count_ - 1]));
    }

    size_t size() const { return count_ > 0 ? count_ - 1 : 0; }
    bool empty() const { return size() == 0; }

    Line operator[](size_t i) const {
        const size_t begin = bounds_[i];
        Line line;
        line.begin =
            begin == 0 && text_.starts_with(kUtf8ByteOrderMark) ? kUtf8ByteOrderMark.size() : begin;
        line.next = bounds_[i + 1];
        size_t end = line.next;
        if (end > begin && text_[end - 1] == '\n')
            --end;
        if (end > begin && text_[end - 1] == '\r')
            --end;
        line.content_end = end;
        return line;
    }
    Line front() const { return (*this)[0]; }
    Line back() const { return (*this)[size() - 1]; }

    // Index of the line holding byte `offset` (one of these lines'), searching from `hint`.
    size_t index_of(size_t offset, size_t hint) const {
        return index_holding(std::span<const size_t>(bounds_.data(), size()), offset, hint);
    }

    // Gives the storage back when a long text grew it past `kept` lines.
    void give_back_if_larger(size_t kept) { detectors::give_back_if_larger(bounds_, kept); }

private:
    static constexpr size_t kBlock = 64;

    void reserve_for(size_t more) {
        if (count_ + more > bounds_.size())
            bounds_.resize(std::max(2 * bounds_.size(), count_ + more));
    }
    void push(size_t bound) {
        reserve_for(1);
        bounds_[count_++] = bound;
    }

    // Appends p + 1 for every '\n' at p in [from, to). Per 64-byte block: one mask, and four
    // positions written whatever the number of newlines (slots past it are scratch, written
    // over later), so that the loop's branches are nearly always predicted: most blocks
    // hold one or two newlines.
    void append_newline_ends(size_t from, size_t to) {
        const char* data = text_.data();
        size_t p = from;
#if defined(__SSE2__)
        const __m128i newline = _mm_set1_epi8('\n');
        for (; p + kBlock <= to; p += kBlock) {
            uint64_t mask = 0;
            for (size_t k = 0; k < kBlock; k += 16) {
                const __m128i bytes =
                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + p + k));
                mask |= uint64_t{static_cast<uint32_t>(
                            _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline)))}
                        << k;
            }
            reserve_for(kBlock);
            size_t* out = bounds_.data() + count_;
            size_t count = 0;
            for (size_t j = 0; j < 4; ++j) {
                out[count] = p + static_cast<size_t>(std::countr_zero(mask)) + 1;
                count += mask != 0;
                mask &= mask - 1;
            }
            for (; mask != 0; mask &= mask - 1)
                out[count++] = p + static_cast<size_t>(std::countr_zero(mask)) + 1;
            count_ += count;
        }
#endif
        for (; p < to; ++p)
            if (data[p] == '\n')
                push(p + 1);
    }

    std::string_view text_;
    std::vector<size_t> bounds_; // bounds_[i]: where line i begins; bounds_[size()]: the end
    size_t count_ = 0;           // bounds_ in use (storage beyond is scratch)
};

// A keyword found on the line of that index.
struct KeywordHit {
    uint32_t keyword = 0;
    uint32_t line = 0;
};

// What the start lines of a scan give, before overlap resolution.
struct RawResults {
    std::vector<Finding> findings;
    // Values that failed a checksum validator: of the format's exact shape, yet no token of
    // it, so no rule of lower priority reports them either ("a failed checksum is not a
    // finding": a generic rule would otherwise flag the made-up ghp_... of a test fixture).
    std::vector<DroppedMatch> vetoes;
    std::vector<DroppedMatch>* dropped = nullptr; // rejected matches, when the caller asks
};

// The working storage of a scan, one per thread and reused: allocating and growing it for
// each file cost ~4% of a scan of many small files. What a long file grew is given back
// when its scan ends (a language server's threads live long).
struct Scratch {
    Lines lines;
    std::vector<Candidate> candidates;
    std::vector<KeywordHit> hits;
    // The lines holding a prefiltered keyword, joined by '\n'; where each begins; its index.
    std::string joined;
    std::vector<size_t> joined_begins;
    std::vector<uint32_t> joined_lines;
    StampedTable<uint64_t> prefilter_bits; // by line: bit i = prefilter i finds something

    class GiveBackWhenDone {
    public:
        explicit GiveBackWhenDone(Scratch& scratch) : scratch_(scratch) {}
        GiveBackWhenDone(const GiveBackWhenDone&) = delete;
        GiveBackWhenDone& operator=(const GiveBackWhenDone&) = delete;
        ~GiveBackWhenDone() { scratch_.give_back_large(); }

    private:
        Scratch& scratch_;
    };

    void give_back_large() {
        constexpr size_t kKept = size_t{1} << 16; // elements (lines, hits...) kept per buffer
        lines.give_back_if_larger(kKept);
        detectors::give_back_if_larger(candidates, kKept);
        detectors::give_back_if_larger(hits, kKept);
        detectors::give_back_if_larger(joined, 16 * kKept);
        detectors::give_back_if_larger(joined_begins, kKept);
        detectors::give_back_if_larger(joined_lines, kKept);
        prefilter_bits.give_back_if_larger(kKept);
    }
};

// Whether `literal` begins on `line` (it may run on into the next lines).
bool literal_begins_on(std::string_view text, const Line& line, std::string_view literal) {
    const size_t end = std::min(text.size(), line.next + literal.size());
    const size_t at = text.substr(line.begin, end - line.begin).find(literal);
    return at != std::string_view::npos && line.begin + at < line.next;
}

// Inline ignore markers (ignores.h) for the findings of one scan: a finding is silenced by a
// same-line marker on any line its match touches, or a next-line marker on the line before
// its first line. Each line is searched once per scan: a minified file's one line can hold
// thousands of findings, and searching the whole line for each of them was quadratic.
class LineIgnores {
public:
    LineIgnores(std::string_view text, const Lines& lines) : text_(text), lines_(lines) {}

    // Whether a marker silences a match that starts on line `first` (an index in lines).
    bool silences(size_t first, ByteRange match) {
        const size_t last_byte = match.end > match.begin ? match.end - 1 : match.begin;
        for (size_t i = first; i < lines_.size(); ++i) {
            if (marked(same_line_, i, has_same_line_ignore))
                return true;
            if (last_byte < lines_[i].next)
                break;
        }
        if (first > 0)
            return marked(next_line_, first - 1, has_next_line_ignore);
        return next_line_marker_before_first_line();
    }

private:
    using Check = bool (*)(std::string_view);
    // 0 not looked at, 1 marked, -1 not; sized on first use (most scans find nothing).
    bool marked(std::vector<int8_t>& cache, size_t i, Check check) {
        if (cache.empty())
            cache.assign(lines_.size(), 0);
        if (cache[i] == 0) {
            const Line& l = lines_[i];
            cache[i] = check(text_.substr(l.begin, l.content_end - l.begin)) ? 1 : -1;
        }
        return cache[i] > 0;
    }

    // The line before the scan's first line lies outside `lines` (an earlier chunk).
    bool next_line_marker_before_first_line() {
        if (!previous_line_marked_) {
            const size_t begin = line_begin_at(text_, lines_.front().begin);
            const size_t previous = begin > 0 ? line_begin_at(text_, begin - 1) : 0;
            previous_line_marked_ =
                begin > 0 && has_next_line_ignore(text_.substr(previous, begin - 1 - previous));
        }
        return *previous_line_marked_;
    }

    std::string_view text_;
    const Lines& lines_;
    std::vector<int8_t> same_line_, next_line_;
    std::optional<bool> previous_line_marked_;
};

bool overlaps_or_touches(ByteRange a, ByteRange b) {
    return a.begin <= b.end && b.begin <= a.end;
}
bool overlaps(ByteRange a, ByteRange b) {
    return a.begin < b.end && b.begin < a.end;
}

// Findings (or drops) sorted by where their secret begins, with reach[j] the furthest secret
// end among the first j + 1: which of them overlap a range is found by looking back only as
// far as one can reach (a minified line's thousands of findings made a look back over all
// of them quadratic).
template <class Entry> class SortedSecrets {
public:
    explicit SortedSecrets(const std::vector<Entry>& sorted)
        : sorted_(sorted), reach_(sorted.size()) {
        for (size_t j = 0; j < sorted.size(); ++j)
            reach_[j] = std::max(j > 0 ? reach_[j - 1] : 0, sorted[j].secret.end);
    }

    // Whether one of the first `end` entries whose secret overlaps `range` satisfies `pred`.
    template <class Pred> bool any_before(size_t end, ByteRange range, Pred pred) const {
        for (size_t j = end; j-- > 0 && reach_[j] > range.begin;)
            if (overlaps(sorted_[j].secret, range) && pred(sorted_[j]))
                return true;
        return false;
    }

    // Whether an entry whose secret overlaps `range` satisfies `pred`.
    template <class Pred> bool any_overlapping(ByteRange range, Pred pred) const {
        const auto after =
            std::partition_point(sorted_.begin(), sorted_.end(),
                                 [&](const Entry& e) { return e.secret.begin < range.end; });
        return any_before(static_cast<size_t>(after - sorted_.begin()), range, pred);
    }

private:
    const std::vector<Entry>& sorted_;
    std::vector<size_t> reach_;
};

} // namespace

double shannon_entropy(std::string_view s) {
    if (s.empty())
        return 0;
    std::array<size_t, 256> counts{};
    for (unsigned char c : s)
        ++counts[c];
    double entropy = 0;
    const double n = static_cast<double>(s.size());
    for (size_t count : counts) {
        if (count == 0)
            continue;
        double p = static_cast<double>(count) / n;
        entropy -= p * std::log2(p);
    }
    return entropy;
}

struct Scanner::Impl {
    ScannerOptions options;
    RuleList rules;
    std::vector<std::string> errors;
    std::vector<CompiledRule> compiled;          // parallel to rules
    std::vector<size_t> rules_with_path_regexes; // allow_paths or paths: rules_off_for()
    // The distinct allow_paths / paths regexes: 50 rules share the lock-file pattern, and
    // each distinct one runs once per file.
    std::vector<std::unique_ptr<RE2>> path_regexes;
    std::unordered_map<std::string, uint32_t> path_regex_ids;
    // Every path regex in one set, ids as in path_regexes: rules_off_for() runs once per
    // file, and one pass over the path costs a fraction of one match per regex. Null when it
    // could not be built; the regexes one by one then give the same answers.
    std::unique_ptr<RE2::Set> path_set;
    int max_span_lines = 1;
    int max_keyword_context = 0; // max(context_lines) over the rules

    // The keyword prefilter over a set of rules.
    struct KeywordPath {
        KeywordIndex index;
        std::unique_ptr<HyperscanPrefilter> literals;        // same search by Hyperscan, if built
        std::vector<std::vector<uint32_t>> rules_of_keyword; // by keyword id
        std::vector<uint32_t> rules_without_keywords;
        std::vector<uint32_t> rules_with_context; // context_lines > 0
        // Keywords whose every rule has path restrictions: in files those rules are off for,
        // their hits are dropped as they come ("value" of a YAML-only rule is in every
        // language).
        std::vector<uint32_t> keywords_of_path_restricted_rules;
    };
    KeywordPath keyword_path; // every rule (Keywords engine) or the rules Hyperscan lacks
    // Hyperscan databases of rule regexes: the precompiled built-in one and/or one compiled
    // here (user rules, or no bundle).
    struct RegexDatabase {
        std::unique_ptr<HyperscanPrefilter> db;
        std::vector<std::vector<uint32_t>> rules_of_pattern; // pattern id -> rule indices
    };
    std::vector<RegexDatabase> regex_databases;
    // What the generator exports (the database compiled here): patterns in id order, ""
    // for those Hyperscan refused.
    std::vector<std::string> compiled_patterns;
    size_t rules_in_hyperscan = 0;
    bool precompiled = false;
    // Single-line keyword-path rules with the same keywords are candidates on the same lines
    // (the generic rules: 30% of code lines hold "key", "token"...). The alternation of a
    // group's regexes, without captures, is tried once per candidate line: where it finds
    // nothing, no rule of the group can match (any rule's match is one of the alternation).
    // A group may be a single rule: its gate then spares the candidate's bookkeeping.
    // Compiled on first use; one that does not compile lets every line through.
    std::vector<std::unique_ptr<LazyRegex>> line_gates;
    // Rule::prefilter patterns of keyword-path rules, matched on the lines holding their
    // keywords: a keyword line where a rule's prefilter finds nothing gets no candidate of
    // it and runs no gate. Grouped by the rules' path restrictions (a group's rules are on
    // in the same files): source code switches the unquoted forms off, and their patterns
    // then cost nothing there. At most 64 patterns in all, one bit each in a line's mask;
    // the Keywords engine, the reference, has none.
    struct PrefilterGroup {
        std::vector<std::string> patterns; // Hyperscan syntax; pattern i has bit first_bit + i
        int first_bit = 0;
        std::unique_ptr<HyperscanPrefilter> database;
        uint32_t some_rule = 0;         // a file's path switches it off iff all of the group
        std::vector<bool> keyword_used; // by keyword id: a keyword of the group's rules
    };
    std::vector<PrefilterGroup> prefilter_groups;
    static constexpr size_t kMaxPrefilters = 64;

    Impl(RuleList input, ScannerOptions opts) : options(opts) {
        compile(std::move(input));
        build_engine();
    }

    static Engine resolve_engine(Engine requested) {
        if (requested != Engine::Auto)
            return requested;
        const char* env = std::getenv("SECRETLS_ENGINE");
        if (env && std::string_view(env) == "keywords")
            return Engine::Keywords;
        return Engine::Hyperscan;
    }

    void build_engine() {
        std::vector<bool> in_hyperscan(rules.size(), false);
        if (resolve_engine(options.engine) == Engine::Hyperscan)
            build_hyperscan(in_hyperscan);
        std::vector<uint32_t> rest;
        for (uint32_t i = 0; i < rules.size(); ++i)
            if (!in_hyperscan[i])
                rest.push_back(i);
        keyword_path = build_keyword_path(rest);
        if (options.window_gates)
            build_line_gates(rest);
        // With the Hyperscan engine, its literal matcher also finds the keywords (several
        // times faster than KeywordIndex), and the prefilters run; the Keywords engine stays
        // free of Hyperscan.
        if (!regex_databases.empty()) {
            keyword_path.literals = literal_database(keyword_path.index.all());
            assign_prefilters(rest);
            build_prefilter_databases();
        }
    }

    std::unique_ptr<HyperscanPrefilter> literal_database(const std::vector<std::string>& literals) {
        const PrecompiledBundle* bundle = linked_bundle();
        if (bundle && !bundle->literal_database.empty() && bundle->literals == literals)
            if (auto db = HyperscanPrefilter::deserialize(bundle->literal_database))
                return db;
        return HyperscanPrefilter::compile_literals(literals);
    }

    void assign_prefilters(const std::vector<uint32_t>& rule_indices) {
        std::map<std::pair<std::vector<uint32_t>, std::vector<uint32_t>>, int> group_of_paths;
        std::vector<std::unordered_map<std::string, int>> pattern_ids; // per group
        std::vector<std::pair<uint32_t, int>> local_ids;               // rule, id in group
        size_t total = 0;
        for (uint32_t index : rule_indices) {
            const Rule& rule = rules[index];
            CompiledRule& c = compiled[index];
            // A prefilter marks lines: it can stand in only for a rule whose window is the
            // keyword's own line.
            if (rule.prefilter.empty() || c.keywords.empty() || c.max_lines != 1 ||
                c.context_lines != 0)
                continue;
            const auto pattern = hyperscan_pattern_for(rule.prefilter);
            if (!pattern)
                continue;
            const auto [group, new_group] = group_of_paths.emplace(
                std::pair(c.path_allow, c.path_only), static_cast<int>(prefilter_groups.size()));
            if (new_group) {
                prefilter_groups.emplace_back().some_rule = index;
                pattern_ids.emplace_back();
            }
            PrefilterGroup& g = prefilter_groups[group->second];
            auto [id, new_pattern] =
                pattern_ids[group->second].emplace(*pattern, static_cast<int>(g.patterns.size()));
            if (new_pattern) {
                if (total == kMaxPrefilters) {
                    pattern_ids[group->second].erase(id);
                    continue;
                }
                g.patterns.push_back(*pattern);
                ++total;
            }
            c.prefilter_group = group->second;
            local_ids.emplace_back(index, id->second);
        }
        int first_bit = 0;
        for (PrefilterGroup& g : prefilter_groups) {
            g.first_bit = first_bit;
            first_bit += static_cast<int>(g.patterns.size());
        }
        for (const auto& [index, local] : local_ids)
            compiled[index].prefilter =
                prefilter_groups[compiled[index].prefilter_group].first_bit + local;
    }

    // Each group's database, from the linked bundle when it holds the same patterns. A pattern
    // Hyperscan refuses leaves its rules without a prefilter.
    void build_prefilter_databases() {
        const PrecompiledBundle* bundle = linked_bundle();
        for (size_t g = 0; g < prefilter_groups.size(); ++g) {
            PrefilterGroup& group = prefilter_groups[g];
            if (bundle && g < bundle->prefilter_patterns.size() &&
                bundle->prefilter_patterns[g] == group.patterns)
                group.database = HyperscanPrefilter::deserialize(bundle->prefilter_databases[g]);
            std::vector<bool> refused(group.patterns.size(), false);
            if (!group.database) {
                std::vector<size_t> rejected;
                group.database = HyperscanPrefilter::compile(group.patterns, rejected);
                for (size_t r : rejected)
                    refused[r] = true;
            }
            for (CompiledRule& c : compiled)
                if (c.prefilter_group == static_cast<int>(g) &&
                    (!group.database || refused[c.prefilter - group.first_bit]))
                    c.prefilter = -1;
            group.keyword_used.assign(keyword_path.rules_of_keyword.size(), false);
        }
        for (size_t k = 0; k < keyword_path.rules_of_keyword.size(); ++k)
            for (uint32_t r : keyword_path.rules_of_keyword[k])
                if (compiled[r].prefilter >= 0)
                    prefilter_groups[compiled[r].prefilter_group].keyword_used[k] = true;
    }

    void build_hyperscan(std::vector<bool>& in_hyperscan) {
        std::vector<std::string> patterns;
        std::vector<uint32_t> owners;
        for (uint32_t i = 0; i < rules.size(); ++i)
            if (auto pattern = hyperscan_pattern_for(rules[i].regex);
                pattern &&
                (literal_prefix_length(rules[i].regex) >= options.min_hyperscan_literal ||
                 compiled[i].max_lines >= kLongWindowLines)) {
                // Long multi-line rules go to Hyperscan whatever their start: on the keyword
                // path every keyword line opens max_lines windows of max_lines lines each.
                patterns.push_back(std::move(*pattern));
                owners.push_back(i);
            }
        // Patterns the built-in database already holds need no compiling.
        std::vector<std::string> rest_patterns;
        std::vector<uint32_t> rest_owners;
        use_precompiled(patterns, owners, in_hyperscan, rest_patterns, rest_owners);
        compile_patterns(rest_patterns, rest_owners, in_hyperscan);
        for (bool b : in_hyperscan)
            rules_in_hyperscan += b;
    }

    // Takes what it can from the linked bundle; leaves the other patterns in rest_*.
    void use_precompiled(const std::vector<std::string>& patterns,
                         const std::vector<uint32_t>& owners, std::vector<bool>& in_hyperscan,
                         std::vector<std::string>& rest_patterns,
                         std::vector<uint32_t>& rest_owners) {
        const PrecompiledBundle* bundle = linked_bundle();
        std::unique_ptr<HyperscanPrefilter> db;
        if (bundle && !bundle->regex_database.empty())
            db = HyperscanPrefilter::deserialize(bundle->regex_database);
        if (!db) {
            rest_patterns = patterns;
            rest_owners = owners;
            return;
        }
        std::unordered_map<std::string_view, uint32_t> id_of;
        for (uint32_t id = 0; id < bundle->regex_patterns.size(); ++id)
            if (!bundle->regex_patterns[id].empty())
                id_of.emplace(bundle->regex_patterns[id], id);
        RegexDatabase entry;
        entry.rules_of_pattern.resize(bundle->regex_patterns.size());
        for (size_t p = 0; p < patterns.size(); ++p) {
            if (auto it = id_of.find(patterns[p]); it != id_of.end()) {
                entry.rules_of_pattern[it->second].push_back(owners[p]);
                in_hyperscan[owners[p]] = true;
            } else {
                rest_patterns.push_back(patterns[p]);
                rest_owners.push_back(owners[p]);
            }
        }
        entry.db = std::move(db);
        regex_databases.push_back(std::move(entry));
        precompiled = true;
    }

    void compile_patterns(const std::vector<std::string>& patterns,
                          const std::vector<uint32_t>& owners, std::vector<bool>& in_hyperscan) {
        if (patterns.empty())
            return;
        std::vector<size_t> rejected;
        RegexDatabase entry;
        entry.db = HyperscanPrefilter::compile(patterns, rejected);
        if (!entry.db)
            return;
        std::vector<bool> refused(patterns.size(), false);
        for (size_t r : rejected)
            refused[r] = true;
        entry.rules_of_pattern.resize(patterns.size());
        compiled_patterns.clear();
        for (size_t p = 0; p < patterns.size(); ++p) {
            compiled_patterns.push_back(refused[p] ? std::string() : patterns[p]);
            if (!refused[p]) {
                entry.rules_of_pattern[p].push_back(owners[p]);
                in_hyperscan[owners[p]] = true;
            }
        }
        regex_databases.push_back(std::move(entry));
    }

    // Groups: the single-line rules with the same keywords and the same path restrictions
    // (a group's rules are on in the same files: a gate need not carry the regex of a rule
    // the file's path switches off, such as the unquoted forms in source code).
    void build_line_gates(const std::vector<uint32_t>& rule_indices) {
        using GroupKey = std::tuple<std::vector<std::string>, std::vector<uint32_t>,
                                    std::vector<uint32_t>>; // keywords, path_allow, path_only
        std::map<GroupKey, std::vector<uint32_t>> groups;
        for (uint32_t index : rule_indices) {
            const CompiledRule& c = compiled[index];
            if (c.max_lines != 1 || c.keywords.empty())
                continue;
            std::vector<std::string> keywords = c.keywords;
            std::sort(keywords.begin(), keywords.end());
            groups[{keywords, c.path_allow, c.path_only}].push_back(index);
        }
        for (const auto& [key, members] : groups) {
            std::string alternation;
            std::vector<uint32_t> gated;
            for (uint32_t index : members)
                // Named groups become plain ones (names may repeat across rules); $ also
                // before a '\r' (a superset on a line without its terminator); \A, \z: no gate.
                if (auto pattern = hyperscan_pattern_for(rules[index].regex)) {
                    alternation += (gated.empty() ? "(?:" : "|(?:") + *pattern + ")";
                    gated.push_back(index);
                }
            if (gated.empty())
                continue;
            RE2::Options gate_options = regex_options();
            gate_options.set_never_capture(true);
            auto gate = std::make_unique<LazyRegex>(std::move(alternation), 0, gate_options);
            for (uint32_t index : gated) {
                compiled[index].line_gate = static_cast<int>(line_gates.size());
                // The gate of a group of one is the rule's own boolean pass.
                compiled[index].gate_is_exact = gated.size() == 1;
            }
            line_gates.push_back(std::move(gate));
        }
    }

    // Verdicts of the line gates on the lines of one scan: 0 unknown, 1 pass, -1 fail. A
    // gate's row is sized to the scan's lines when the scan first asks that gate.
    struct GateVerdicts {
        std::vector<std::vector<int8_t>> rows; // by gate
        StampedTable<uint8_t> sized;           // rows[gate] holds this scan's lines
        std::vector<uint32_t> used;            // gates sized since the last reset

        void reset(size_t gates) {
            if (rows.size() < gates)
                rows.resize(gates);
            sized.reset(gates, 0);
            // Rows kept for the next scan stay small (at most ~300 gates x 4 KB per thread, for
            // the life of a language server's threads): a long file's rows are given back.
            constexpr size_t kKeptLines = 1 << 12;
            for (uint32_t gate : used)
                give_back_if_larger(rows[gate], kKeptLines);
            used.clear();
        }

        std::vector<int8_t>& row(int gate, size_t line_count) {
            std::vector<int8_t>& r = rows[gate];
            if (!std::exchange(sized[gate], uint8_t{1})) {
                r.assign(line_count, 0);
                used.push_back(static_cast<uint32_t>(gate));
            }
            return r;
        }
    };

    // Whether the gate of group `gate` finds anything on `line` (each gate runs at most once
    // per line).
    bool gate_passes(std::string_view text, const Lines& lines, int gate, size_t line,
                     GateVerdicts& verdicts) const {
        std::vector<int8_t>& verdict = verdicts.row(gate, lines.size());
        int8_t& v = verdict[line];
        if (v == 0) {
            const Line l = lines[line];
            const RE2& regex = line_gates[gate]->get();
            v = !regex.ok() ||
                        RE2::PartialMatch(text.substr(l.begin, l.content_end - l.begin), regex)
                    ? 1
                    : -1;
        }
        return v > 0;
    }

    KeywordPath build_keyword_path(const std::vector<uint32_t>& rule_indices) const {
        KeywordPath path;
        std::vector<std::string> keywords;
        std::unordered_map<std::string, uint32_t> keyword_ids;
        for (uint32_t index : rule_indices) {
            if (compiled[index].keywords.empty()) {
                path.rules_without_keywords.push_back(index);
                continue;
            }
            if (compiled[index].context_lines > 0)
                path.rules_with_context.push_back(index);
            for (const std::string& keyword : compiled[index].keywords) {
                auto [it, added] = keyword_ids.emplace(keyword, keywords.size());
                if (added) {
                    keywords.push_back(keyword);
                    path.rules_of_keyword.emplace_back();
                }
                auto& users = path.rules_of_keyword[it->second];
                if (users.empty() || users.back() != index)
                    users.push_back(index);
            }
        }
        for (uint32_t k = 0; k < path.rules_of_keyword.size(); ++k)
            if (std::all_of(path.rules_of_keyword[k].begin(), path.rules_of_keyword[k].end(),
                            [&](uint32_t r) { return compiled[r].path_restricted(); }))
                path.keywords_of_path_restricted_rules.push_back(k);
        path.index = KeywordIndex(std::move(keywords));
        return path;
    }

    // Regexes the build compiled (see LazyRegex), with their capturing group counts.
    static std::unordered_map<std::string_view, int> verified_regexes() {
        std::unordered_map<std::string_view, int> verified;
        if (const PrecompiledBundle* bundle = linked_bundle())
            for (size_t i = 0;
                 i < bundle->verified_regexes.size() && i < bundle->verified_group_counts.size();
                 ++i)
                verified.emplace(bundle->verified_regexes[i], bundle->verified_group_counts[i]);
        return verified;
    }

    void compile(RuleList input) {
        const auto verified = verified_regexes();
        for (Rule& rule : input) {
            std::unique_ptr<LazyRegex> regex;
            if (auto it = verified.find(rule.regex); it != verified.end()) {
                regex = std::make_unique<LazyRegex>(rule.regex, it->second);
            } else {
                auto re = std::make_unique<RE2>(rule.regex, regex_options());
                if (!re->ok()) {
                    errors.push_back("rule '" + rule.id +
                                     "': regex does not compile: " + re->error());
                    continue;
                }
                regex = std::make_unique<LazyRegex>(std::move(re));
            }
            if (rule.secret_group < -1 || rule.secret_group > regex->capturing_groups()) {
                errors.push_back("rule '" + rule.id + "': secret_group " +
                                 std::to_string(rule.secret_group) + " does not exist");
                continue;
            }
            rules.push_back(std::move(rule));
            compiled.emplace_back().regex = std::move(regex);
        }
        for (size_t i = 0; i < rules.size(); ++i) {
            compile_rule(static_cast<uint32_t>(i));
            if (compiled[i].path_restricted())
                rules_with_path_regexes.push_back(i);
        }
        path_set = compile_path_set();
    }

    std::unique_ptr<RE2::Set> compile_path_set() const {
        if (path_regexes.empty())
            return nullptr;
        auto set = std::make_unique<RE2::Set>(regex_options(), RE2::UNANCHORED);
        for (size_t id = 0; id < path_regexes.size(); ++id)
            if (set->Add(path_regexes[id]->pattern(), nullptr) != static_cast<int>(id))
                return nullptr;
        return set->Compile() ? std::move(set) : nullptr;
    }

    // Per path regex, whether it matches `path`: 1 or 0.
    std::vector<int8_t> path_matches_of(const std::string& path) const {
        std::vector<int8_t> matches(path_regexes.size(), 0);
        std::vector<int> ids;
        RE2::Set::ErrorInfo error{};
        if (path_set && (path_set->Match(path, &ids, &error) || error.kind == RE2::Set::kNoError)) {
            for (int id : ids)
                matches[id] = 1;
            return matches;
        }
        for (size_t id = 0; id < path_regexes.size(); ++id)
            matches[id] = RE2::PartialMatch(path, *path_regexes[id]) ? 1 : 0;
        return matches;
    }

    void compile_rule(uint32_t index) {
        const Rule& rule = rules[index];
        CompiledRule& c = compiled[index];
        c.rule = &rule;
        c.max_lines = std::clamp(rule.max_lines, 1, 1000);
        max_span_lines = std::max(max_span_lines, c.max_lines);
        c.allow = compile_all(rule, rule.allow_regexes, "allow");
        c.path_allow = path_regex_ids_for(rule, rule.path_allow_regexes, "allow_paths");
        c.path_only = path_regex_ids_for(rule, rule.path_regexes, "paths");
        c.groups = rule.secret_group < 0 ? c.regex->capturing_groups() + 1 : rule.secret_group + 1;
        if (options.window_gates) {
            c.window_gate = window_gate_for(rule);
            if (c.max_lines > 1)
                c.start_literal = required_literal_prefix(rule.regex);
        }
        c.checksum = is_checksum_validator(rule.validator);
        for (const std::string& stopword : rule.stopwords)
            c.stopwords.push_back(lower_copy(stopword));
        for (const std::string& keyword : rule.keywords)
            if (!keyword.empty() && keyword.find('\n') == std::string::npos)
                c.keywords.push_back(lower_copy(keyword));
        if (!c.keywords.empty())
            c.context_lines = std::clamp(rule.context_lines, 0, kMaxContextLines);
        max_keyword_context = std::max(max_keyword_context, c.context_lines);
    }

    std::vector<std::unique_ptr<RE2>> compile_all(const Rule& rule,
                                                  const std::vector<std::string>& patterns,
                                                  std::string_view field) {
        std::vector<std::unique_ptr<RE2>> out;
        for (const std::string& pattern : patterns) {
            auto re = std::make_unique<RE2>(pattern, regex_options());
            if (re->ok())
                out.push_back(std::move(re));
            else
                errors.push_back("rule '" + rule.id + "': " + std::string(field) + " '" + pattern +
                                 "' does not compile: " + re->error());
        }
        return out;
    }

    std::vector<uint32_t> path_regex_ids_for(const Rule& rule,
                                             const std::vector<std::string>& patterns,
                                             std::string_view field) {
        std::vector<uint32_t> ids;
        for (const std::string& pattern : patterns) {
            if (auto it = path_regex_ids.find(pattern); it != path_regex_ids.end()) {
                ids.push_back(it->second);
                continue;
            }
            auto re = std::make_unique<RE2>(pattern, regex_options());
            if (!re->ok()) {
                errors.push_back("rule '" + rule.id + "': " + std::string(field) + " '" + pattern +
                                 "' does not compile: " + re->error());
                continue;
            }
            const auto id = static_cast<uint32_t>(path_regexes.size());
            path_regexes.push_back(std::move(re));
            path_regex_ids.emplace(pattern, id);
            ids.push_back(id);
        }
        return ids;
    }

    // The path that allow_paths / paths see: an untitled buffer or a file without extension
    // gets its language's extension ("Untitled-1" in Python is seen as "Untitled-1.py"), so
    // that rules meant for other file types stay off there too.
    static std::string path_for_rules(const ScanContext& ctx) {
        const std::string_view name = std::string_view(ctx.path).substr(ctx.path.rfind('/') + 1);
        const std::string_view extension = extension_of_language(ctx.language_id);
        if (name.find('.') != std::string_view::npos || extension.empty())
            return ctx.path;
        return (ctx.path.empty() ? std::string("untitled") : ctx.path) + "." +
               std::string(extension);
    }

    // Rules switched off for this file by their allow_paths, or by paths it does not match.
    std::vector<bool> rules_off_for(const ScanContext& ctx) const {
        std::vector<bool> off(rules.size(), false);
        const std::string path = path_for_rules(ctx);
        if (path.empty())
            return off;
        const std::vector<int8_t> matches = path_matches_of(path);
        auto path_matches = [&](uint32_t id) { return matches[id] == 1; };
        for (size_t i : rules_with_path_regexes) {
            const CompiledRule& c = compiled[i];
            off[i] = std::any_of(c.path_allow.begin(), c.path_allow.end(), path_matches) ||
                     (!c.path_only.empty() &&
                      std::none_of(c.path_only.begin(), c.path_only.end(), path_matches));
        }
        return off;
    }

    // Keyword prefilter: which rules of `path` to try at which start lines of `lines`.
    // Rules the file's path switches off (`off`) get none; line-gated rules get only the start
    // lines where their gate finds something: 20-30% of code lines hold a generic keyword
    // ("key", "token"), and pushing, sorting and dropping millions of doomed candidates cost
    // as much as the gates themselves.
    void keyword_candidates(const KeywordPath& path, std::string_view text, const Lines& lines,
                            size_t start_count, const std::vector<bool>& off,
                            Scratch& scratch) const {
        std::vector<Candidate>& candidates = scratch.candidates;
        if (lines.empty())
            return;
        for (uint32_t r : path.rules_without_keywords)
            if (!off[r])
                for (size_t s = 0; s < start_count; ++s)
                    candidates.push_back({r, static_cast<uint32_t>(s)});
        // The keyword of a context rule may lie before the first line (an earlier chunk, or
        // outside a region): its first start lines are candidates, the exact gate decides.
        if (lines.front().begin > 0)
            for (uint32_t r : path.rules_with_context)
                if (!off[r])
                    for (size_t s = 0; s < start_count && s < size_t(compiled[r].context_lines);
                         ++s)
                        candidates.push_back({r, static_cast<uint32_t>(s)});
        if (path.index.empty())
            return;
        const std::vector<KeywordHit>& hits = keyword_hits(path, text, lines, off, scratch.hits);
        StampedTable<uint64_t>& prefilters_on_line =
            prefilters_on_lines(text, lines, hits, off, scratch);
        // One hit per keyword and line is enough.
        thread_local StampedTable<uint32_t> last_line;
        last_line.reset(path.index.size(), UINT32_MAX);
        thread_local StampedTable<StartRange> added;
        added.reset(rules.size(), StartRange{});
        thread_local GateVerdicts verdicts;
        verdicts.reset(line_gates.size());
        for (const auto [keyword, line] : hits) {
            if (last_line[keyword] == line)
                continue;
            last_line[keyword] = line;
            for (uint32_t r : path.rules_of_keyword[keyword]) {
                if (off[r])
                    continue;
                if (const int p = compiled[r].prefilter;
                    p >= 0 && !(prefilters_on_line[line] >> p & 1))
                    continue;
                const size_t before = candidates.size();
                add_new_starts(r, line, start_count, added[r], candidates);
                if (const int gate = compiled[r].line_gate; gate >= 0)
                    candidates.erase(std::remove_if(candidates.begin() + before, candidates.end(),
                                                    [&](Candidate c) {
                                                        return !gate_passes(text, lines, gate,
                                                                            c.start_line, verdicts);
                                                    }),
                                     candidates.end());
            }
        }
    }

    // The keyword hits on `lines`, in text order: by Hyperscan, or by the reference
    // KeywordIndex (Keywords engine). Keywords of rules that are all `off` give none.
    const std::vector<KeywordHit>& keyword_hits(const KeywordPath& path, std::string_view text,
                                                const Lines& lines, const std::vector<bool>& off,
                                                std::vector<KeywordHit>& hits) const {
        const size_t base = lines.front().begin;
        const std::string_view chunk = text.substr(base, lines.back().next - base);
        thread_local std::vector<uint8_t> dead;
        dead.assign(path.rules_of_keyword.size(), 0);
        for (uint32_t k : path.keywords_of_path_restricted_rules)
            dead[k] = std::all_of(path.rules_of_keyword[k].begin(), path.rules_of_keyword[k].end(),
                                  [&](uint32_t r) { return off[r]; });
        hits.clear();
        size_t line = 0;
        auto on_hit = [&](uint32_t keyword, size_t offset) {
            if (dead[keyword])
                return;
            line = line_index_of(lines, base + offset, line);
            hits.push_back({keyword, static_cast<uint32_t>(line)});
        };
        if (path.literals)
            // Hyperscan reports the END of each literal; its first byte is on the same line.
            path.literals->scan(chunk, [&](unsigned keyword, size_t end) {
                on_hit(keyword, end - path.index.keyword(keyword).size());
                return true;
            });
        else
            path.index.find_all(lower_copy(chunk), on_hit);
        return hits;
    }

    // Per line, the prefilters that find something on it (bit i: prefilter i), for the lines
    // holding a keyword of a prefiltered rule the file's path leaves on. Those lines, joined
    // by '\n', go through the database of each group that is on, in one pass each: a fifth
    // of the text, where the prefilters over all of it cost nearly as much as the gates they
    // spare. Multi-line mode keeps ^ and $ at the joins.
    StampedTable<uint64_t>& prefilters_on_lines(std::string_view text, const Lines& lines,
                                                const std::vector<KeywordHit>& hits,
                                                const std::vector<bool>& off,
                                                Scratch& scratch) const {
        StampedTable<uint64_t>& found = scratch.prefilter_bits;
        found.reset(lines.size(), 0);
        // A group with a database holds at least one of the kMaxPrefilters patterns.
        std::array<const PrefilterGroup*, kMaxPrefilters> groups_on{};
        size_t groups_on_count = 0;
        for (const PrefilterGroup& group : prefilter_groups)
            if (group.database && !off[group.some_rule])
                groups_on[groups_on_count++] = &group;
        if (groups_on_count == 0)
            return found;
        std::string& joined = scratch.joined;
        std::vector<size_t>& joined_begins = scratch.joined_begins;
        std::vector<uint32_t>& joined_lines = scratch.joined_lines;
        joined.clear();
        joined_begins.clear();
        joined_lines.clear();
        for (const auto [keyword, line] : hits) {
            if ((!joined_lines.empty() && joined_lines.back() == line) ||
                std::none_of(groups_on.begin(), groups_on.begin() + groups_on_count,
                             [&](const PrefilterGroup* g) { return g->keyword_used[keyword]; }))
                continue;
            const Line l = lines[line];
            joined_begins.push_back(joined.size());
            joined_lines.push_back(line);
            joined.append(text.substr(l.begin, l.content_end - l.begin));
            joined.push_back('\n');
        }
        for (size_t g = 0; g < groups_on_count; ++g) {
            const PrefilterGroup* group = groups_on[g];
            size_t index = 0;
            group->database->scan(joined, [&](unsigned id, size_t end) {
                index = index_holding(joined_begins, end - 1, index);
                found[joined_lines[index]] |= uint64_t{1} << (group->first_bit + id);
                return true;
            });
        }
        return found;
    }

    // Index of the line holding byte `offset`, starting the search at `hint`.
    static size_t line_index_of(const Lines& lines, size_t offset, size_t hint) {
        return lines.index_of(offset, hint);
    }

    // Hyperscan prefilter: start lines whose window holds the end of a match of the rule,
    // kept only when a keyword of the rule is in the window too (the keyword is part of a
    // rule's meaning, so both engines give the same findings).
    // Rules the file's path switches off (`off`) get none.
    void hyperscan_candidates(std::string_view text, const Lines& lines, size_t start_count,
                              const std::vector<bool>& off,
                              std::vector<Candidate>& candidates) const {
        if (regex_databases.empty() || lines.empty())
            return;
        const size_t base = lines.front().begin;
        std::vector<Candidate> raw;
        thread_local StampedTable<size_t> last_line;
        last_line.reset(rules.size(), SIZE_MAX);
        for (const RegexDatabase& database : regex_databases) {
            size_t hint = 0;
            database.db->scan(text.substr(base, lines.back().next - base),
                              [&](unsigned id, size_t end) {
                                  hint = line_index_of(lines, base + end - 1, hint);
                                  for (uint32_t rule : database.rules_of_pattern[id]) {
                                      if (off[rule] || last_line[rule] == hint)
                                          continue;
                                      last_line[rule] = hint;
                                      add_starts(rule, hint, start_count, raw);
                                  }
                                  return true;
                              });
        }
        std::sort(raw.begin(), raw.end());
        raw.erase(std::unique(raw.begin(), raw.end()), raw.end());
        // Keyword presence per (rule, line), computed once.
        std::unordered_map<uint64_t, bool> has_keyword;
        auto line_has_keyword = [&](uint32_t rule, size_t line) {
            const uint64_t key = uint64_t{rule} << 32 | line;
            auto it = has_keyword.find(key);
            if (it != has_keyword.end())
                return it->second;
            const Line l = lines[line];
            const bool found = KeywordIndex::contains_any(text.substr(l.begin, l.next - l.begin),
                                                          compiled[rule].keywords);
            has_keyword.emplace(key, found);
            return found;
        };
        for (Candidate c : raw) {
            // Context rules: keyword_in_context() decides later.
            if (compiled[c.rule].keywords.empty() || compiled[c.rule].context_lines > 0) {
                candidates.push_back(c);
                continue;
            }
            const size_t last = std::min(
                lines.size(), c.start_line + static_cast<size_t>(compiled[c.rule].max_lines));
            for (size_t l = c.start_line; l < last; ++l)
                if (line_has_keyword(c.rule, l)) {
                    candidates.push_back(c);
                    break;
                }
        }
    }

    // A keyword on line `hit` makes every start line whose window covers it a candidate.
    void add_starts(uint32_t rule, size_t hit, size_t start_count,
                    std::vector<Candidate>& out) const {
        const size_t span = static_cast<size_t>(compiled[rule].max_lines);
        size_t first = hit + 1 >= span ? hit + 1 - span : 0;
        for (size_t s = first; s <= hit && s < start_count; ++s)
            out.push_back({rule, static_cast<uint32_t>(s)});
    }

    // The start lines a rule last received, [first, last]; first > last when none.
    struct StartRange {
        size_t first = 1;
        size_t last = 0;
    };

    // add_starts without the start lines `previous` already added: keyword hits arrive line
    // by line, and a multi-line rule's windows of consecutive hits overlap (24-line windows:
    // up to 24 copies of each start line otherwise, all to be sorted away). Exact whatever
    // the order of hits: only starts pushed by the previous range are skipped.
    void add_new_starts(uint32_t rule, size_t hit, size_t start_count, StartRange& previous,
                        std::vector<Candidate>& out) const {
        // A context rule's keyword may also be up to context_lines lines beyond its window.
        const size_t context = static_cast<size_t>(compiled[rule].context_lines);
        const size_t span = static_cast<size_t>(compiled[rule].max_lines) + context;
        const size_t first = hit + 1 >= span ? hit + 1 - span : 0;
        const size_t last = std::min(hit + 1 + context, start_count); // exclusive
        if (first >= last)
            return;
        size_t from = first;
        if (previous.first <= previous.last && first >= previous.first &&
            first <= previous.last + 1) {
            from = std::max(first, previous.last + 1);
            previous.last = std::max(previous.last, last - 1);
        } else {
            previous = {first, last - 1};
        }
        for (size_t s = from; s < last; ++s)
            out.push_back({rule, static_cast<uint32_t>(s)});
    }

    // Sorts by (rule, start line) and removes repeats: a counting sort by rule, then each
    // rule's starts, which usually arrive in order already.
    void sort_candidates(std::vector<Candidate>& candidates) const {
        // A small file has fewer candidates than there are rules: a plain sort is cheaper
        // than the counting sort's passes over every rule.
        if (candidates.size() < rules.size()) {
            std::sort(candidates.begin(), candidates.end());
            candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
            return;
        }
        std::vector<size_t> begin(rules.size() + 1, 0);
        for (Candidate c : candidates)
            ++begin[c.rule + 1];
        for (size_t r = 0; r < rules.size(); ++r)
            begin[r + 1] += begin[r];
        std::vector<size_t> fill(begin.begin(), begin.end() - 1);
        std::vector<Candidate> sorted(candidates.size());
        for (Candidate c : candidates)
            sorted[fill[c.rule]++] = c;
        for (size_t r = 0; r < rules.size(); ++r) {
            auto from = sorted.begin() + static_cast<ptrdiff_t>(begin[r]);
            auto to = sorted.begin() + static_cast<ptrdiff_t>(begin[r + 1]);
            if (!std::is_sorted(from, to))
                std::sort(from, to);
        }
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        candidates = std::move(sorted);
    }

    static constexpr std::string_view kChecksumFails = "checksum does not validate";

    // Why the rule's own checks reject `secret`, or "" when they accept it.
    std::string_view rule_rejection(const CompiledRule& c, std::string_view secret,
                                    double entropy) const {
        const Rule& rule = *c.rule;
        if (entropy < rule.min_entropy)
            return "entropy below the rule's minimum";
        if (!rule.validator.empty() && !validate_secret(rule.validator, secret))
            return c.checksum ? kChecksumFails : "fails the rule's format check";
        for (const auto& re : c.allow)
            if (RE2::PartialMatch(secret, *re))
                return "matches an allow regex of the rule";
        if (!c.stopwords.empty()) {
            const std::string lowered = lower_copy(secret);
            for (const std::string& stopword : c.stopwords)
                if (lowered.find(stopword) != std::string::npos)
                    return "holds a stopword of the rule";
        }
        return {};
    }

    // Last line of the window of a start line (see confirm()).
    static size_t window_last_line(const Lines& lines, const CompiledRule& c, size_t start_line) {
        return std::min(lines.size() - 1, start_line + static_cast<size_t>(c.max_lines) - 1);
    }

    // Multi-line rules open max_lines windows of max_lines lines around every keyword line
    // (a "secret" line costs a 24-line rule 24 x 24 lines of RE2). One boolean pass of the
    // rule's window gate over each run of overlapping windows drops the whole run when
    // nothing can match there. `candidates` is sorted by (rule, start line).
    void drop_gated_windows(std::string_view text, const Lines& lines,
                            std::vector<Candidate>& candidates) const {
        size_t kept = 0;
        for (size_t i = 0; i < candidates.size();) {
            const CompiledRule& c = compiled[candidates[i].rule];
            size_t j = i + 1;
            bool keep = true;
            if (c.window_gate) {
                size_t last = window_last_line(lines, c, candidates[i].start_line);
                while (j < candidates.size() && candidates[j].rule == candidates[i].rule &&
                       candidates[j].start_line <= last + 1)
                    last = std::max(last, window_last_line(lines, c, candidates[j++].start_line));
                const size_t begin = lines[candidates[i].start_line].begin;
                keep = RE2::PartialMatch(text.substr(begin, lines[last].content_end - begin),
                                         *c.window_gate);
            }
            if (keep)
                for (size_t k = i; k < j; ++k)
                    candidates[kept++] = candidates[k];
            i = j;
        }
        candidates.resize(kept);
    }

    // The keyword gate of a context rule, read from the text itself (not the line table, which
    // may start or end too early): a keyword in the window widened by context_lines lines.
    bool keyword_in_context(std::string_view text, const Lines& lines, Candidate cand) const {
        const CompiledRule& c = compiled[cand.rule];
        const GateSpan span = gate_span(text, c, lines[cand.start_line].begin, 0, text.size());
        return KeywordIndex::contains_any(text.substr(span.begin, span.end - span.begin),
                                          c.keywords);
    }

    // What a rule's keyword gate reads around the start line beginning at `line_begin`: the
    // window's lines, widened by context_lines lines on each side. Newlines are looked for
    // only within [lower, upper): where the span goes on beyond, it ends there and `cut` says
    // so. `lower` must not pass the end of the start line (the walk down starts from it).
    struct GateSpan {
        size_t begin = 0, end = 0;
        bool cut = false;
    };
    static GateSpan gate_span(std::string_view text, const CompiledRule& c, size_t line_begin,
                              size_t lower, size_t upper) {
        GateSpan span{line_begin, std::max(line_begin, lower), false};
        if (span.begin < lower) {
            span.begin = lower;
            span.cut = true;
        } else {
            for (int i = 0; i < c.context_lines && span.begin > 0; ++i) { // the lines above
                const size_t newline = span.begin - 1;                    // ends the line above
                const void* before =
                    newline > lower ? memrchr(text.data() + lower, '\n', newline - lower) : nullptr;
                if (before == nullptr) {
                    span.cut = lower > 0;
                    span.begin = lower;
                    break;
                }
                span.begin =
                    static_cast<size_t>(static_cast<const char*>(before) - text.data()) + 1;
            }
        }
        for (int i = 0; i < c.max_lines + c.context_lines && span.end < text.size(); ++i) {
            const void* after =
                span.end < upper ? memchr(text.data() + span.end, '\n', upper - span.end) : nullptr;
            if (after == nullptr) {
                span.cut = span.cut || upper < text.size();
                span.end = upper;
                break;
            }
            span.end = static_cast<size_t>(static_cast<const char*>(after) - text.data()) + 1;
        }
        return span;
    }

    void drop_out_of_context(std::string_view text, const Lines& lines,
                             std::vector<Candidate>& candidates) const {
        if (max_keyword_context == 0)
            return;
        std::erase_if(candidates, [&](Candidate cand) {
            return compiled[cand.rule].context_lines > 0 && !keyword_in_context(text, lines, cand);
        });
    }

    // Runs one rule's regex on the window of one start line.
    void confirm(std::string_view text, const Lines& lines, Candidate cand, const ScanContext& ctx,
                 LineIgnores& ignores, RawResults& out) const {
        const CompiledRule& c = compiled[cand.rule];
        const Line first = lines[cand.start_line];
        // Only matches starting on the start line count: a PEM key's 200-line window is tried
        // from each of its lines, and only its BEGIN line can start one.
        if (!c.start_literal.empty() && !literal_begins_on(text, first, c.start_literal))
            return;
        const size_t last_index =
            std::min(lines.size() - 1, cand.start_line + static_cast<size_t>(c.max_lines) - 1);
        const size_t window_end = lines[last_index].content_end;
        const std::string_view window = text.substr(first.begin, window_end - first.begin);
        // Matches must start on the start line itself (see the file comment).
        const size_t start_limit = c.max_lines == 1 ? window.size() + 1 : first.next - first.begin;
        const int groups = c.groups;
        std::array<re2::StringPiece, 32> small;
        std::vector<re2::StringPiece> big;
        re2::StringPiece* match = small.data();
        if (groups > static_cast<int>(small.size())) {
            big.resize(groups);
            match = big.data();
        }
        // A boolean DFA pass first (a gate of several rules vouches only for its group as a
        // whole): asking RE2 for match bounds costs 10-30x more (its reverse DFA) on long
        // repeats, and most candidates do not match.
        const RE2& regex = c.regex->get();
        if (!c.gate_is_exact && !regex.Match(window, 0, window.size(), RE2::UNANCHORED, nullptr, 0))
            return;
        size_t pos = 0;
        // Find the bounds first (DFA only: ~10x cheaper than asking for groups, and most
        // candidates do not match), then the groups on exactly that match: anchored at both
        // ends with the same context, leftmost-first gives the same submatches.
        re2::StringPiece whole;
        while (pos <= window.size() &&
               regex.Match(window, pos, window.size(), RE2::UNANCHORED, &whole, 1)) {
            const size_t match_begin = whole.data() - window.data();
            const size_t match_end = match_begin + whole.size();
            if (match_begin >= start_limit)
                break;
            if (groups == 1)
                match[0] = whole;
            else if (!regex.Match(window, match_begin, match_end, RE2::ANCHOR_BOTH, match, groups))
                break; // cannot happen: the bounds come from a match
            if (auto v = verdict_of(c, cand.rule, first.begin, window, match[0],
                                    secret_of(c, match), ctx)) {
                if (v->rejection.empty() && !keyword_near(c, text, first.begin, v->finding.match))
                    v->rejection = kKeywordTooFar;
                if (v->rejection.empty() && options.inline_ignores &&
                    ignores.silences(cand.start_line, v->finding.match))
                    v->rejection = "an inline ignore comment";
                const DroppedMatch rejected{v->finding.secret, v->finding.match,
                                            v->finding.rule_index, v->rejection};
                if (v->rejection.empty())
                    out.findings.push_back(v->finding);
                else if (out.dropped)
                    out.dropped->push_back(rejected);
                if (v->rejection.data() == kChecksumFails.data())
                    out.vetoes.push_back(rejected);
            }
            pos = match_end > match_begin ? match_end : match_begin + 1;
        }
    }

    // The shared false-positive filters (filters.h) see the secret's own line around it, at
    // most kFilterContextBytes on each side, and the file's path and language (some filters
    // depend on the file type). The bound keeps a minified file's one long line linear: its
    // thousands of findings each handed the whole line to the filters took minutes for 5 MB.
    static constexpr size_t kFilterContextBytes = 1024;
    std::string_view filter_rejection(const CompiledRule& c, std::string_view window,
                                      size_t secret_begin, size_t secret_end,
                                      const ScanContext& ctx) const {
        const size_t reach_before =
            secret_begin > kFilterContextBytes ? secret_begin - kFilterContextBytes : 0;
        const size_t reach_after = std::min(window.size(), secret_end + kFilterContextBytes);
        size_t line_begin = secret_begin;
        while (line_begin > reach_before && window[line_begin - 1] != '\n')
            --line_begin;
        const size_t nl_after = window.substr(0, reach_after).find('\n', secret_end);
        size_t line_end = nl_after == std::string_view::npos ? reach_after : nl_after;
        if (line_end > secret_end && window[line_end - 1] == '\r')
            --line_end;
        FilterInput input;
        input.secret = window.substr(secret_begin, secret_end - secret_begin);
        input.line_before = window.substr(line_begin, secret_begin - line_begin);
        input.line_after = window.substr(secret_end, line_end - secret_end);
        input.strength = c.rule->severity == Severity::Info || c.rule->severity == Severity::Hint
                             ? FilterStrength::Generic
                             : FilterStrength::Provider;
        input.path = ctx.path;
        input.language_id = ctx.language_id;
        return not_a_secret_reason(input);
    }

    // The keyword gate vouches for a match anywhere on a keyword's line (or, for a context
    // rule, within context_lines lines of one). On a minified bundle's long lines that says
    // nothing: they hold every keyword somewhere. So the keyword must also be within
    // kKeywordReachBytes of the match, the reach the filters read. A single-line rule on a
    // line shorter than that is never affected; multi-line rules (PEM blocks) keep their gate.
    static constexpr size_t kKeywordReachBytes = kFilterContextBytes;
    static constexpr std::string_view kKeywordTooFar =
        "no keyword of the rule within 1 KiB of the match (long lines)";
    // The reach stays inside what the gate reads (the line, or the context span), so a
    // finding still depends on no text beyond max_context_lines(). The span is looked for no
    // further than the reach: a minified line of megabytes holds thousands of matches.
    static bool keyword_near(const CompiledRule& c, std::string_view text, size_t line_begin,
                             ByteRange match) {
        if (c.keywords.empty() || c.max_lines > 1)
            return true;
        const size_t lower =
            match.begin > kKeywordReachBytes ? match.begin - kKeywordReachBytes : 0;
        const size_t upper = std::min(text.size(), match.end + kKeywordReachBytes);
        const GateSpan span = gate_span(text, c, line_begin, lower, upper);
        // Not cut: all the gate read is within reach, and it vouched.
        return !span.cut || KeywordIndex::contains_any(
                                text.substr(span.begin, span.end - span.begin), c.keywords);
    }

    // The secret group; -1 means the first non-empty group (gitleaks' rule).
    static re2::StringPiece secret_of(const CompiledRule& c, const re2::StringPiece* match) {
        if (c.rule->secret_group >= 0)
            return match[c.rule->secret_group];
        for (int g = 1; g < c.groups; ++g)
            if (match[g].data() != nullptr && !match[g].empty())
                return match[g];
        return match[0];
    }

    // A match's finding, and why the rule's own checks or the shared filters reject its
    // secret ("" when they do not). Nullopt when the match holds no secret (an empty group).
    struct Verdict {
        Finding finding;
        std::string_view rejection;
    };
    std::optional<Verdict> verdict_of(const CompiledRule& c, uint32_t rule_index, size_t base,
                                      std::string_view window, re2::StringPiece whole,
                                      re2::StringPiece secret, const ScanContext& ctx) const {
        if (secret.data() == nullptr || secret.empty())
            return std::nullopt;
        const std::string_view value(secret.data(), secret.size());
        const size_t secret_begin = secret.data() - window.data();
        Verdict v;
        Finding& f = v.finding;
        f.secret.begin = base + secret_begin;
        f.secret.end = f.secret.begin + secret.size();
        f.match.begin = base + (whole.data() - window.data());
        f.match.end = f.match.begin + whole.size();
        f.rule_index = rule_index;
        f.entropy = shannon_entropy(value);
        f.checksum_verified = !c.rule->validator.empty();
        v.rejection = rule_rejection(c, value, f.entropy);
        if (v.rejection.empty() && options.filters)
            v.rejection =
                filter_rejection(c, window, secret_begin, secret_begin + secret.size(), ctx);
        return v;
    }

    // Raw findings (before overlap resolution) of the start lines beginning in [from, until).
    void scan_start_lines(std::string_view text, size_t from, size_t until, const ScanContext& ctx,
                          const std::vector<bool>& off, RawResults& out) const {
        size_t start_count = 0;
        // Context rules see keywords up to max_keyword_context lines past the last window.
        // Per thread, reused: a fresh table per file cost its growth copies and page faults.
        thread_local Scratch scratch;
        const Scratch::GiveBackWhenDone give_back(scratch);
        Lines& lines = scratch.lines;
        lines.collect(text, from, until, max_span_lines - 1 + max_keyword_context, start_count);
        std::vector<Candidate>& candidates = scratch.candidates;
        candidates.clear();
        // Rules the file's path switches off get no candidates: their gates never run.
        hyperscan_candidates(text, lines, start_count, off, candidates);
        keyword_candidates(keyword_path, text, lines, start_count, off, scratch);
        sort_candidates(candidates);
        drop_out_of_context(text, lines, candidates);
        drop_gated_windows(text, lines, candidates);
        LineIgnores ignores(text, lines);
        for (Candidate cand : candidates)
            confirm(text, lines, cand, ctx, ignores, out);
    }

    bool outranks(const Finding& a, const Finding& b) const {
        const Rule& ra = rules[a.rule_index];
        const Rule& rb = rules[b.rule_index];
        if (ra.priority != rb.priority)
            return ra.priority > rb.priority;
        if (ra.severity != rb.severity)
            return ra.severity < rb.severity; // Error is the most severe
        const size_t la = a.secret.end - a.secret.begin, lb = b.secret.end - b.secret.begin;
        if (la != lb)
            return la > lb;
        if (a.rule_index != b.rule_index)
            return a.rule_index < b.rule_index;
        return a.match.begin < b.match.begin;
    }

    // Drops the findings whose secret overlaps the value of a failed checksum of a rule of
    // higher priority (RawResults::vetoes).
    void apply_vetoes(RawResults& raw) const {
        if (raw.vetoes.empty())
            return;
        std::vector<DroppedMatch>& vetoes = raw.vetoes;
        std::sort(vetoes.begin(), vetoes.end(), [](const DroppedMatch& a, const DroppedMatch& b) {
            return a.secret.begin < b.secret.begin;
        });
        const SortedSecrets<DroppedMatch> by_secret(vetoes);
        std::erase_if(raw.findings, [&](const Finding& f) {
            if (!by_secret.any_overlapping(f.secret, [&](const DroppedMatch& v) {
                    return rules[v.rule_index].priority > rules[f.rule_index].priority;
                }))
                return false;
            if (raw.dropped)
                raw.dropped->push_back({f.secret, f.match, f.rule_index,
                                        "the value fails the checksum of a more specific rule"});
            return true;
        });
    }

    // Applies the vetoes, sorts, removes repeats of the same secret by the same rule, and
    // drops every finding that a direct neighbour with an overlapping secret outranks.
    std::vector<Finding> resolve(RawResults& results) const {
        apply_vetoes(results);
        std::vector<Finding>& raw = results.findings;
        std::sort(raw.begin(), raw.end(), [](const Finding& a, const Finding& b) {
            return std::tie(a.secret.begin, a.rule_index, a.secret.end, a.match.begin) <
                   std::tie(b.secret.begin, b.rule_index, b.secret.end, b.match.begin);
        });
        raw.erase(std::unique(raw.begin(), raw.end(),
                              [](const Finding& a, const Finding& b) {
                                  return a.rule_index == b.rule_index && a.secret == b.secret;
                              }),
                  raw.end());
        const SortedSecrets<Finding> by_secret(raw);
        std::vector<Finding> kept;
        for (size_t i = 0; i < raw.size(); ++i) {
            bool dropped = by_secret.any_before(i, raw[i].secret, [&](const Finding& earlier) {
                return outranks(earlier, raw[i]);
            });
            for (size_t j = i + 1;
                 j < raw.size() && raw[j].secret.begin < raw[i].secret.end && !dropped; ++j)
                dropped = overlaps(raw[j].secret, raw[i].secret) && outranks(raw[j], raw[i]);
            if (!dropped)
                kept.push_back(raw[i]);
        }
        return kept;
    }

    // Lines a finding's existence can depend on beyond its own (see the file comment).
    int context_lines() const { return 2 * max_span_lines + 1 + max_keyword_context; }
};

Scanner::Scanner(RuleList rules, ScannerOptions options)
    : impl_(std::make_unique<Impl>(std::move(rules), options)) {}
Scanner::~Scanner() = default;

std::vector<Finding> Scanner::scan(std::string_view text, const ScanContext& ctx) const {
    return scan_explained(text, ctx, false).findings;
}

ExplainedScan Scanner::scan_explained(std::string_view text, const ScanContext& ctx,
                                      bool with_dropped) const {
    const std::vector<bool> off = impl_->rules_off_for(ctx);
    RawResults raw;
    ExplainedScan result;
    raw.dropped = with_dropped ? &result.dropped : nullptr;
    size_t from = 0;
    while (from < text.size()) {
        const size_t until = next_line_begin(text, std::min(text.size(), from + kChunkBytes));
        impl_->scan_start_lines(text, from, until, ctx, off, raw);
        from = until;
    }
    result.findings = impl_->resolve(raw);
    if (!with_dropped)
        return result;
    // What another rule reports is not a missed key: its drops would only be noise (resolve()
    // leaves the findings sorted by where their secret begins).
    const SortedSecrets<Finding> reported(result.findings);
    std::erase_if(result.dropped, [&](const DroppedMatch& d) {
        return reported.any_overlapping(d.secret, [](const Finding&) { return true; });
    });
    // A multi-line rule's match is tried from several start lines: one entry each.
    auto key = [](const DroppedMatch& d) {
        return std::tie(d.secret.begin, d.rule_index, d.secret.end);
    };
    std::sort(result.dropped.begin(), result.dropped.end(),
              [&](const DroppedMatch& a, const DroppedMatch& b) { return key(a) < key(b); });
    result.dropped.erase(
        std::unique(result.dropped.begin(), result.dropped.end(),
                    [&](const DroppedMatch& a, const DroppedMatch& b) { return key(a) == key(b); }),
        result.dropped.end());
    return result;
}

std::vector<Finding> Scanner::scan(std::string_view text, ByteRange region,
                                   const ScanContext& ctx) const {
    if (text.empty())
        return {};
    const size_t begin = std::min(region.begin, text.size());
    const size_t end = std::clamp(region.end, begin, text.size());
    // Start lines that can produce or outrank a finding touching the region.
    size_t from = line_begin_at(text, begin);
    for (int i = 0; i < impl_->context_lines() && from > 0; ++i)
        from = line_begin_at(text, from - 1);
    size_t until = line_begin_at(text, end);
    for (int i = 0; i <= impl_->max_span_lines && until < text.size(); ++i)
        until = next_line_begin(text, until);
    const std::vector<bool> off = impl_->rules_off_for(ctx);
    RawResults raw;
    impl_->scan_start_lines(text, from, until == text.size() ? until + 1 : until, ctx, off, raw);
    std::vector<Finding> all = impl_->resolve(raw);
    std::erase_if(all, [&](const Finding& f) {
        return !overlaps_or_touches(f.match, {begin, end});
    });
    return all;
}

const RuleList& Scanner::rules() const {
    return impl_->rules;
}
const std::vector<std::string>& Scanner::errors() const {
    return impl_->errors;
}
int Scanner::max_context_lines() const {
    return impl_->context_lines() + 1;
}

ScannerStats Scanner::stats() const {
    ScannerStats s;
    s.rules = impl_->rules.size();
    s.rules_in_fast_path = impl_->rules_in_hyperscan;
    s.precompiled_database = impl_->precompiled;
    s.rules_with_prefilter =
        static_cast<size_t>(std::count_if(impl_->compiled.begin(), impl_->compiled.end(),
                                          [](const CompiledRule& c) { return c.prefilter >= 0; }));
    return s;
}

bool looks_binary(std::string_view text) {
    constexpr size_t kSniffBytes = 8192;
    return memchr(text.data(), '\0', std::min(text.size(), kSniffBytes)) != nullptr;
}

std::string mask_secret(std::string_view secret) {
    // A PEM/OpenSSH/PGP block: its armor line ("-----BEGIN RSA PRIVATE KEY-----") says what
    // leaked and holds nothing secret; the key material is not shown at all.
    if (secret.starts_with("-----BEGIN ")) {
        const size_t armor_end = secret.find("-----", 11);
        if (armor_end != std::string_view::npos)
            return std::string(secret.substr(0, armor_end + 5)) + "\u2026";
    }
    // Ignore trailing whitespace/newlines (multi-line secrets) when picking the suffix.
    while (!secret.empty() && std::isspace(static_cast<unsigned char>(secret.back())))
        secret.remove_suffix(1);
    constexpr size_t kMaxShown = 8;
    // A vendor prefix ("key-", "ghp_", "xoxb-") is not secret and tells the reader what it is.
    size_t prefix = 0;
    for (size_t i = 0; i < std::min<size_t>(5, secret.size()); ++i)
        if (secret[i] == '-' || secret[i] == '_')
            prefix = i + 1;
    // Never show more than half of a secret.
    const size_t budget = std::min(kMaxShown, secret.size() / 2);
    if (prefix > budget)
        prefix = 0;
    const size_t suffix = std::min<size_t>(4, budget - prefix);
    std::string out(secret.substr(0, prefix));
    out += "\u2026";
    out += secret.substr(secret.size() - suffix);
    return out;
}

} // namespace secretls::detectors

namespace secretls::detectors {

void export_hyperscan_databases(const Scanner& scanner, PrecompiledBundle& bundle) {
    const Scanner::Impl& impl = *scanner.impl_;
    // Only a database compiled here (not one loaded from a bundle) is exported.
    if (impl.precompiled || impl.regex_databases.size() != 1)
        return;
    for (size_t i = 0; i < impl.rules.size(); ++i) {
        bundle.verified_regexes.push_back(impl.rules[i].regex);
        bundle.verified_group_counts.push_back(impl.compiled[i].regex->capturing_groups());
    }
    bundle.regex_patterns = impl.compiled_patterns;
    bundle.regex_database = impl.regex_databases.front().db->serialize();
    if (impl.keyword_path.literals) {
        bundle.literals = impl.keyword_path.index.all();
        bundle.literal_database = impl.keyword_path.literals->serialize();
    }
    for (const auto& group : impl.prefilter_groups) {
        bundle.prefilter_patterns.push_back(group.patterns);
        bundle.prefilter_databases.push_back(group.database ? group.database->serialize() : "");
    }
}

} // namespace secretls::detectors
