//===--- finding_title_test.cpp - The title shown for a finding (diagnostics, CLI, SARIF) -===//
#include "detectors/rule_loader.h"
#include "server/engine.h"

#include <catch2/catch.hpp>

using secretls::detectors::Rule;
using secretls::server::finding_title;

namespace {

Rule rule_named(std::string provider, std::string title) {
    Rule rule;
    rule.id = "some-rule";
    rule.provider = std::move(provider);
    rule.title = std::move(title);
    return rule;
}

} // namespace

TEST_CASE("the provider is named once in a finding's title", "[engine][title]") {
    // Provider + title when the title does not name it.
    CHECK(finding_title(rule_named("Mailgun", "private API key")) == "Mailgun private API key");
    // A title that starts with the provider is shown as it is.
    CHECK(finding_title(rule_named("Stripe", "Stripe live secret key")) ==
          "Stripe live secret key");
    // A title that starts with the provider's last words shares them.
    CHECK(finding_title(rule_named("HashiCorp Vault", "Vault batch token")) ==
          "HashiCorp Vault batch token");
    CHECK(finding_title(rule_named("HashiCorp Terraform Cloud", "Terraform Cloud API token")) ==
          "HashiCorp Terraform Cloud API token");
    // A title naming every word of the provider stands alone.
    CHECK(finding_title(rule_named("Twitter / X", "X (Twitter) app bearer token")) ==
          "X (Twitter) app bearer token");
    // Words are whole words: "Vaulted" is not "Vault".
    CHECK(finding_title(rule_named("HashiCorp Vault", "Vaulted token")) ==
          "HashiCorp Vault Vaulted token");
    // The generic rules name no provider.
    CHECK(finding_title(rule_named("Generic", "Hard-coded password")) == "Hard-coded password");
    // Missing parts.
    CHECK(finding_title(rule_named("", "Generic secret")) == "Generic secret");
    CHECK(finding_title(rule_named("Acme", "")) == "Acme");
    CHECK(finding_title(rule_named("", "")) == "some-rule");
}

TEST_CASE("no built-in rule's title repeats its provider's words", "[engine][title][builtin]") {
    for (const Rule& rule : secretls::detectors::builtin_rules()) {
        const std::string title = finding_title(rule);
        INFO(rule.id << ": " << title);
        // No word twice in a row ("Vault Vault").
        std::string previous, word;
        for (size_t i = 0; i <= title.size(); ++i) {
            const char c = i < title.size() ? title[i] : ' ';
            if (c != ' ') {
                word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                continue;
            }
            if (!word.empty())
                CHECK(word != previous);
            previous = word;
            word.clear();
        }
    }
}
