//===--- edit.h - Byte-offset text edits, before they become LSP TextEdits ----------------===//
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace secretls::server::fixes {

// Replace bytes [begin, end) of a document with new_text (begin == end: an insertion).
struct TextEdit {
    size_t begin = 0;
    size_t end = 0;
    std::string new_text;
    bool operator==(const TextEdit&) const = default;
};

// Sorts edits, drops exact duplicates (the same import added by two fixes), and reports
// whether any two remaining edits overlap (an insertion at the boundary of a replacement
// does not overlap it).
inline bool normalize_edits(std::vector<TextEdit>& edits) {
    std::stable_sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    edits.erase(std::unique(edits.begin(), edits.end()), edits.end());
    for (size_t i = 1; i < edits.size(); ++i)
        if (edits[i].begin < edits[i - 1].end)
            return false;
    return true;
}

// Applies non-overlapping edits (for tests and for previews).
inline std::string apply_edits(std::string text, std::vector<TextEdit> edits) {
    normalize_edits(edits);
    for (auto it = edits.rbegin(); it != edits.rend(); ++it)
        text.replace(it->begin, it->end - it->begin, it->new_text);
    return text;
}

} // namespace secretls::server::fixes
