//===--- fix_all.cpp - One consistent edit that fixes every finding of a document -----------===//
#include "server/fixes/fix_all.h"

#include "server/fixes/env_fix.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace secretls::server::fixes {
namespace {

// Findings whose values overlap (two rules on one key, a generic rule around a specific one)
// are one secret: the union of their ranges, under the first one's variable.
struct Group {
    ByteRange secret;
    std::string var;
    std::vector<size_t> items;
};

std::vector<Group> merge_overlapping(const std::vector<FixAllItem>& items) {
    std::vector<size_t> order(items.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return items[a].secret.begin < items[b].secret.begin;
    });
    std::vector<Group> out;
    for (size_t i : order) {
        const auto& it = items[i];
        if (it.secret.begin >= it.secret.end)
            continue;
        if (!out.empty() && it.secret.begin < out.back().secret.end) {
            auto& g = out.back();
            if (it.secret.end - it.secret.begin > g.secret.end - g.secret.begin)
                g.var = it.var; // the larger value names the union
            g.secret.end = std::max(g.secret.end, it.secret.end);
            g.items.push_back(i);
            continue;
        }
        out.push_back({it.secret, it.var, {i}});
    }
    return out;
}

// The same value keeps one name; a different value never reuses a name already taken.
void assign_unique_names(std::string_view text, std::vector<Group>& groups) {
    std::map<std::string, std::string, std::less<>> name_of_value, value_of_name;
    for (auto& g : groups) {
        std::string value(text.substr(g.secret.begin, g.secret.end - g.secret.begin));
        if (auto it = name_of_value.find(value); it != name_of_value.end()) {
            g.var = it->second;
            continue;
        }
        std::string name = g.var;
        for (int n = 2; value_of_name.count(name); ++n)
            name = g.var + "_" + std::to_string(n);
        g.var = name;
        name_of_value[value] = name;
        value_of_name[name] = value;
    }
}

// Adds `edits` to `all` when they do not collide with what is there; true when added.
bool try_merge(std::vector<TextEdit>& all, const std::vector<TextEdit>& edits) {
    auto candidate = all;
    candidate.insert(candidate.end(), edits.begin(), edits.end());
    if (!normalize_edits(candidate))
        return false;
    all = std::move(candidate);
    return true;
}

// The same value elsewhere in the document, where no finding was reported (scanners report
// a value once per line or window): it is the same secret, so it goes too.
void add_unreported_copies(std::string_view text, std::vector<Group>& groups) {
    std::vector<Group> extra;
    std::map<std::string, std::string, std::less<>> seen;
    for (const auto& g : groups)
        seen.emplace(std::string(text.substr(g.secret.begin, g.secret.end - g.secret.begin)),
                     g.var);
    auto covered = [&](size_t b, size_t e) {
        for (const auto& g : groups)
            if (g.secret.begin < e && b < g.secret.end)
                return true;
        return false;
    };
    for (const auto& [value, var] : seen) {
        if (value.size() < 8)
            continue; // short values may be ordinary words
        for (size_t at = text.find(value); at != std::string_view::npos;
             at = text.find(value, at + value.size()))
            if (!covered(at, at + value.size()))
                extra.push_back({{at, at + value.size()}, var, {}});
    }
    groups.insert(groups.end(), extra.begin(), extra.end());
    std::sort(groups.begin(), groups.end(),
              [](const Group& a, const Group& b) { return a.secret.begin < b.secret.begin; });
}

void mark_fixed(FixAllResult& r, const Group& g) {
    r.fixed.insert(r.fixed.end(), g.items.begin(), g.items.end());
}

} // namespace

FixAllResult build_fix_all(std::string_view text, Language lang,
                           const std::vector<FixAllItem>& items) {
    auto groups = merge_overlapping(items);
    assign_unique_names(text, groups);
    add_unreported_copies(text, groups);
    auto spans = lex(text, lang);
    // Groups in one literal are rewritten together.
    std::map<size_t, std::vector<const Group*>> by_literal;
    std::vector<const Group*> alone;
    for (const auto& g : groups) {
        auto enc = find_enclosing_literal(text, spans, g.secret, lang);
        if (enc)
            by_literal[enc->literal.begin].push_back(&g);
        else
            alone.push_back(&g);
    }
    FixAllResult r;
    auto fix_one = [&](const Group& g) {
        auto fix = build_env_fix(text, lang, g.secret, g.var);
        if (fix && try_merge(r.edits, fix->edits))
            mark_fixed(r, g);
    };
    for (const auto& [begin, members] : by_literal) {
        std::vector<SecretVar> secrets;
        for (const auto* g : members)
            secrets.push_back({g->secret, g->var});
        auto fix = build_env_fix(text, lang, secrets);
        if (fix && try_merge(r.edits, fix->edits)) {
            for (const auto* g : members)
                mark_fixed(r, *g);
            continue;
        }
        for (const auto* g : members) // one by one: as many as possible
            fix_one(*g);
    }
    for (const auto* g : alone)
        fix_one(*g);
    std::sort(r.fixed.begin(), r.fixed.end());
    return r;
}

} // namespace secretls::server::fixes
