//===--- apply_fixes.cpp - Apply fix 1 to every finding of a file (for measurements) -------===//
//
// Usage: fixes_apply <input> <output>
// Scans <input> with the built-in rules, applies fix 1 to every finding it can (the same
// merge as source.fixAll.secretls), writes the result to <output> and prints one line:
//   findings=<n> fixed=<m> language=<name> remaining_secrets=<k>
// where remaining_secrets counts fixed findings whose value still occurs in the output.
// tests/fixes/corpus_coverage.py drives it over held-out files; never prints a secret.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/rule_loader.h"
#include "detectors/scanner.h"
#include "server/fixes/edit.h"
#include "server/fixes/env_fix.h"
#include "server/fixes/language.h"
#include "server/fixes/workspace_files.h"

#include <fstream>
#include <iostream>

using namespace secretls;
using namespace secretls::server::fixes;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: fixes_apply <input> <output>\n";
        return 2;
    }
    auto text = read_text_file(argv[1]);
    if (!text) {
        std::cerr << "cannot read " << argv[1] << "\n";
        return 2;
    }
    static const detectors::Scanner scanner(detectors::builtin_rules());
    Language lang = detect_language("", argv[1]);
    auto findings = scanner.scan(*text, {argv[1], ""});
    std::vector<TextEdit> all;
    std::vector<std::string> fixed_secrets;
    for (const auto& f : findings) {
        const auto& rule = scanner.rules()[f.rule_index];
        auto var = env_var_name(rule, *text, f.secret);
        auto fix = build_env_fix(*text, lang, f.secret, var);
        if (!fix)
            continue;
        auto candidate = all;
        candidate.insert(candidate.end(), fix->edits.begin(), fix->edits.end());
        if (!normalize_edits(candidate))
            continue;
        all = std::move(candidate);
        fixed_secrets.push_back(text->substr(f.secret.begin, f.secret.end - f.secret.begin));
    }
    std::string out = apply_edits(*text, all);
    std::ofstream(argv[2], std::ios::binary) << out;
    size_t remaining = 0;
    for (const auto& s : fixed_secrets)
        remaining += out.find(s) != std::string::npos;
    std::cout << "findings=" << findings.size() << " fixed=" << fixed_secrets.size()
              << " language=" << language_name(lang) << " remaining_secrets=" << remaining << "\n";
    return 0;
}
