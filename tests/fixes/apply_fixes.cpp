//===--- apply_fixes.cpp - Apply fix 1 to every finding of a file (for measurements) -------===//
//
// Usage: fixes_apply <input> <output>
//        fixes_apply --batch      (reads "<input>\t<output>" lines on stdin, one answer each)
// Scans <input> with the built-in rules, applies fix 1 to every finding (the same merge as
// source.fixAll.secretls), writes the result to <output> and prints one line:
//   findings=<n> fixed=<m> language=<name> remaining_secrets=<k>
// where remaining_secrets counts fixed findings whose value still occurs in the output.
// For each finding without a fix, a line `miss rule=<id> line=<text>` follows, the line
// with EVERY finding's value replaced by <secret> (so no secret is ever printed).
// The batch mode loads the rules once; tests/fixes/corpus_coverage.py drives it.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/rule_loader.h"
#include "detectors/scanner.h"
#include "server/fixes/edit.h"
#include "server/fixes/env_fix.h"
#include "server/fixes/fix_all.h"
#include "server/fixes/language.h"
#include "server/fixes/workspace_files.h"

#include <algorithm>
#include <fstream>
#include <iostream>

using namespace secretls;
using namespace secretls::server::fixes;

namespace {

const detectors::Scanner& scanner() {
    static const detectors::Scanner s(detectors::builtin_rules());
    return s;
}

// The line around `at` with every finding's value masked.
std::string masked_line(const std::string& text, const std::vector<detectors::Finding>& findings,
                        size_t at) {
    size_t b = text.rfind('\n', at);
    b = b == std::string::npos ? 0 : b + 1;
    size_t e = text.find('\n', at);
    e = e == std::string::npos ? text.size() : e;
    std::string line = text.substr(b, e - b);
    for (const auto& f : findings) {
        std::string s = text.substr(f.secret.begin, f.secret.end - f.secret.begin);
        for (size_t p; !s.empty() && (p = line.find(s)) != std::string::npos;)
            line.replace(p, s.size(), "<secret>");
    }
    return line.size() > 200 ? line.substr(0, 200) + "…" : line;
}

int run_one(const std::string& in, const std::string& out_path) {
    auto text = read_text_file(in);
    if (!text) {
        std::cout << "error cannot read input\n";
        return 2;
    }
    Language lang = detect_language("", in);
    auto findings = scanner().scan(*text, {in, ""});
    std::vector<FixAllItem> items;
    for (const auto& f : findings)
        items.push_back({f.secret, env_var_name(scanner().rules()[f.rule_index], *text, f.secret)});
    auto merged = build_fix_all(*text, lang, items);
    std::string out = apply_edits(*text, merged.edits);
    std::ofstream(out_path, std::ios::binary) << out;
    size_t remaining = 0;
    for (size_t i : merged.fixed) {
        const auto& f = findings[i];
        remaining += out.find(text->substr(f.secret.begin, f.secret.end - f.secret.begin)) !=
                     std::string::npos;
    }
    std::cout << "findings=" << findings.size() << " fixed=" << merged.fixed.size()
              << " language=" << language_name(lang) << " remaining_secrets=" << remaining << "\n";
    for (size_t i = 0; i < findings.size(); ++i)
        if (std::find(merged.fixed.begin(), merged.fixed.end(), i) == merged.fixed.end())
            std::cout << "miss rule=" << scanner().rules()[findings[i].rule_index].id
                      << " line=" << masked_line(*text, findings, findings[i].secret.begin) << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string_view(argv[1]) == "--batch") {
        std::string line;
        while (std::getline(std::cin, line)) {
            auto tab = line.find('\t');
            if (tab == std::string::npos)
                continue;
            run_one(line.substr(0, tab), line.substr(tab + 1));
            std::cout << "end\n" << std::flush;
        }
        return 0;
    }
    if (argc != 3) {
        std::cerr << "usage: fixes_apply <input> <output> | fixes_apply --batch\n";
        return 2;
    }
    return run_one(argv[1], argv[2]);
}
