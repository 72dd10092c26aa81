//===--- ignore.h - Fix 4: an inline `secretls:ignore` comment in the file's syntax --------===//
#pragma once

#include "server/fixes/edit.h"
#include "server/fixes/language.h"
#include "server/fixes/literal.h"

#include <optional>
#include <string_view>

namespace secretls::server::fixes {

struct IgnoreComment {
    TextEdit edit;
    std::string marker; // what the title shows: "secretls:ignore"
};

// The comment that makes the engine skip the finding: `// secretls:ignore` (or #, --, ;,
// /* */, <!-- -->) at the end of the finding's line; for formats whose comments must start
// a line (.properties, .ini, .env, Dockerfile) `# secretls:ignore-next-line` on the
// line before. nullopt when no comment is possible (JSON, a line that ends inside a string
// or a YAML block scalar, a line continued with a backslash): use the ignore file instead.
std::optional<IgnoreComment> ignore_comment(std::string_view text, Language lang, ByteRange secret);

} // namespace secretls::server::fixes
