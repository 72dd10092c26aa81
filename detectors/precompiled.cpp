//===--- precompiled.cpp - Built-in rules and Hyperscan databases prepared at build time --===//
#include "detectors/precompiled.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace secretls::detectors {
namespace {

// Little format: u32 lengths/counts, then bytes. A magic and a version guard against a
// bundle from another build of this code.
constexpr std::string_view kMagic = "SECRETLS-BUNDLE-4";

class Writer {
public:
    void u32(uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
    void f64(double v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void str(std::string_view s) {
        u32(static_cast<uint32_t>(s.size()));
        out_.append(s);
    }
    void strs(const std::vector<std::string>& v) {
        u32(static_cast<uint32_t>(v.size()));
        for (const auto& s : v)
            str(s);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    uint32_t u32() {
        uint32_t v = 0;
        take(&v, sizeof v);
        return v;
    }
    int32_t i32() { return static_cast<int32_t>(u32()); }
    double f64() {
        double v = 0;
        take(&v, sizeof v);
        return v;
    }
    std::string str() {
        const uint32_t n = u32();
        if (!ok_ || n > in_.size()) {
            ok_ = false;
            return {};
        }
        std::string s(in_.substr(0, n));
        in_.remove_prefix(n);
        return s;
    }
    std::vector<std::string> strs() {
        std::vector<std::string> v(ok_ ? std::min<uint32_t>(u32(), 1u << 20) : 0);
        for (auto& s : v)
            s = str();
        return v;
    }

private:
    void take(void* out, size_t n) {
        if (in_.size() < n) {
            ok_ = false;
            return;
        }
        std::memcpy(out, in_.data(), n);
        in_.remove_prefix(n);
    }
    std::string_view in_;
    bool ok_ = true;
};

// The string and string-list fields of a rule in the bundle's order: one list for
// write_rule and read_rule, so that a new field cannot reach one and miss the other.
// (`R` is Rule or const Rule.)
template <typename R> auto string_fields(R& r) {
    return std::array{&r.id,          &r.provider, &r.title,    &r.description, &r.regex,
                      &r.validator,   &r.env_var,  &r.link,     &r.grants,      &r.risk,
                      &r.check_usage, &r.origin,   &r.prefilter};
}
template <typename R> auto string_list_fields(R& r) {
    return std::array{&r.keywords,           &r.revoke,       &r.allow_regexes, &r.stopwords,
                      &r.path_allow_regexes, &r.path_regexes, &r.test_positive, &r.test_negative};
}

void write_rule(Writer& w, const Rule& r) {
    for (const std::string* s : string_fields(r))
        w.str(*s);
    for (const auto* v : string_list_fields(r))
        w.strs(*v);
    w.i32(r.secret_group);
    w.f64(r.min_entropy);
    w.i32(static_cast<int32_t>(r.severity));
    w.i32(r.max_lines);
    w.i32(r.priority);
    w.i32(r.context_lines);
}

Rule read_rule(Reader& in) {
    Rule r;
    for (std::string* s : string_fields(r))
        *s = in.str();
    for (auto* v : string_list_fields(r))
        *v = in.strs();
    r.secret_group = in.i32();
    r.min_entropy = in.f64();
    r.severity = static_cast<Severity>(in.i32());
    r.max_lines = in.i32();
    r.priority = in.i32();
    r.context_lines = in.i32();
    return r;
}

} // namespace

std::string serialize_bundle(const PrecompiledBundle& b) {
    Writer w;
    w.str(kMagic);
    w.u32(static_cast<uint32_t>(b.rules.size()));
    for (const Rule& r : b.rules)
        write_rule(w, r);
    w.strs(b.rule_errors);
    w.strs(b.regex_patterns);
    w.str(b.regex_database);
    w.strs(b.literals);
    w.str(b.literal_database);
    w.u32(static_cast<uint32_t>(b.prefilter_patterns.size()));
    for (size_t g = 0; g < b.prefilter_patterns.size(); ++g) {
        w.strs(b.prefilter_patterns[g]);
        w.str(b.prefilter_databases[g]);
    }
    w.strs(b.verified_regexes);
    for (int32_t groups : b.verified_group_counts)
        w.i32(groups);
    return w.take();
}

std::optional<PrecompiledBundle> deserialize_bundle(std::string_view bytes) {
    Reader in(bytes);
    if (in.str() != kMagic)
        return std::nullopt;
    PrecompiledBundle b;
    const uint32_t count = in.u32();
    for (uint32_t i = 0; i < count && in.ok(); ++i)
        b.rules.push_back(read_rule(in));
    b.rule_errors = in.strs();
    b.regex_patterns = in.strs();
    b.regex_database = in.str();
    b.literals = in.strs();
    b.literal_database = in.str();
    for (uint32_t g = 0, n = in.u32(); g < n && in.ok(); ++g) {
        b.prefilter_patterns.push_back(in.strs());
        b.prefilter_databases.push_back(in.str());
    }
    b.verified_regexes = in.strs();
    for (size_t i = 0; i < b.verified_regexes.size() && in.ok(); ++i)
        b.verified_group_counts.push_back(in.i32());
    if (!in.ok())
        return std::nullopt;
    return b;
}

const PrecompiledBundle* linked_bundle() {
    static const std::optional<PrecompiledBundle> bundle = [] {
        const std::string_view bytes = linked_bundle_bytes();
        return bytes.empty() ? std::nullopt : deserialize_bundle(bytes);
    }();
    return bundle ? &*bundle : nullptr;
}

} // namespace secretls::detectors
