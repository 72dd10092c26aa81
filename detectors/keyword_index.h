//===--- keyword_index.h - Finds many lower-case literals in one pass ---------------------===//
//
// The keyword prefilter: which keywords occur in which lines. One pass over the
// (lower-cased) text with a table of the keywords' first two bytes, so the cost hardly
// grows with the number of keywords (hundreds), unlike one search per keyword.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::detectors {

class KeywordIndex {
public:
    // keywords must be lower-case and non-empty; their index is their id.
    explicit KeywordIndex(std::vector<std::string> keywords = {});

    bool empty() const { return keywords_.empty(); }
    size_t size() const { return keywords_.size(); }
    const std::string& keyword(uint32_t id) const { return keywords_[id]; }
    const std::vector<std::string>& all() const { return keywords_; }

    // Calls on_hit(id, offset) for every occurrence of every keyword in `lowered` (text that
    // is already lower-case ASCII), in increasing offset order.
    void find_all(std::string_view lowered,
                  const std::function<void(uint32_t id, size_t offset)>& on_hit) const;

    // True when any of the given keyword ids occurs in text (any case).
    static bool contains_any(std::string_view text,
                             const std::vector<std::string>& lowered_keywords);

private:
    std::vector<std::string> keywords_;
    std::vector<uint8_t> has_pair_;          // 65536 entries: some keyword starts with this pair
    std::vector<uint32_t> pair_begin_;       // 65537 offsets into pair_ids_
    std::vector<uint32_t> pair_ids_;         // keyword ids grouped by first pair
    std::vector<uint32_t> single_char_[256]; // one-byte keywords
    bool any_single_ = false;
};

// ASCII lower-casing (keywords and text are compared this way).
inline char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

} // namespace secretls::detectors
