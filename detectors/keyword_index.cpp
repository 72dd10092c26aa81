//===--- keyword_index.cpp - Finds many lower-case literals in one pass -------------------===//
#include "detectors/keyword_index.h"

#include <cstring>

namespace secretls::detectors {
namespace {

uint16_t pair_of(const char* p) {
    return static_cast<uint16_t>(static_cast<unsigned char>(p[0]) << 8 |
                                 static_cast<unsigned char>(p[1]));
}

} // namespace

KeywordIndex::KeywordIndex(std::vector<std::string> keywords)
    : keywords_(std::move(keywords)), has_pair_(65536, 0), pair_begin_(65537, 0) {
    std::vector<uint32_t> counts(65536, 0);
    for (uint32_t id = 0; id < keywords_.size(); ++id) {
        const std::string& k = keywords_[id];
        if (k.size() == 1) {
            single_char_[static_cast<unsigned char>(k[0])].push_back(id);
            any_single_ = true;
        } else if (k.size() >= 2) {
            ++counts[pair_of(k.data())];
        }
    }
    for (size_t p = 0; p < 65536; ++p) {
        pair_begin_[p + 1] = pair_begin_[p] + counts[p];
        has_pair_[p] = counts[p] != 0;
    }
    pair_ids_.resize(pair_begin_[65536]);
    std::vector<uint32_t> fill(pair_begin_.begin(), pair_begin_.end() - 1);
    for (uint32_t id = 0; id < keywords_.size(); ++id)
        if (keywords_[id].size() >= 2)
            pair_ids_[fill[pair_of(keywords_[id].data())]++] = id;
}

void KeywordIndex::find_all(std::string_view lowered,
                            const std::function<void(uint32_t, size_t)>& on_hit) const {
    const char* data = lowered.data();
    const size_t n = lowered.size();
    for (size_t i = 0; i < n; ++i) {
        if (any_single_)
            for (uint32_t id : single_char_[static_cast<unsigned char>(data[i])])
                on_hit(id, i);
        if (i + 1 >= n)
            break;
        const uint16_t pair = pair_of(data + i);
        if (!has_pair_[pair])
            continue;
        for (uint32_t j = pair_begin_[pair]; j < pair_begin_[pair + 1]; ++j) {
            const std::string& k = keywords_[pair_ids_[j]];
            if (k.size() <= n - i && std::memcmp(data + i + 2, k.data() + 2, k.size() - 2) == 0)
                on_hit(pair_ids_[j], i);
        }
    }
}

bool KeywordIndex::contains_any(std::string_view text,
                                const std::vector<std::string>& lowered_keywords) {
    for (const std::string& k : lowered_keywords) {
        if (k.empty() || k.size() > text.size())
            continue;
        for (size_t i = 0; i + k.size() <= text.size(); ++i) {
            size_t j = 0;
            while (j < k.size() && ascii_lower(text[i + j]) == k[j])
                ++j;
            if (j == k.size())
                return true;
        }
    }
    return false;
}

} // namespace secretls::detectors
