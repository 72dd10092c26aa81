//===--- fix_all.h - source.fixAll: fix 1 on every finding of a document, as one edit -------===//
//
// Every finding gets its environment lookup: findings sharing a literal ("user:pw@host?key=…")
// are rewritten together, findings whose values overlap count as one, and the same value
// always gets the same variable while different values never share one. Copies of a reported
// value that no finding covers are replaced too (the secret must be gone from the document).
// The result is one sorted, non-overlapping list of edits (imports added once).
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "server/fixes/edit.h"
#include "server/fixes/language.h"
#include "server/fixes/literal.h"

#include <string>
#include <string_view>
#include <vector>

namespace secretls::server::fixes {

struct FixAllItem {
    ByteRange secret;
    std::string var; // the suggested variable name (env_var_name)
};

struct FixAllResult {
    std::vector<TextEdit> edits; // sorted, non-overlapping
    std::vector<size_t> fixed;   // indexes into the items whose value the edits remove
};

FixAllResult build_fix_all(std::string_view text, Language lang,
                           const std::vector<FixAllItem>& items);

} // namespace secretls::server::fixes
