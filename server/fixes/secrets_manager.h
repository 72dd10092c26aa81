//===--- secrets_manager.h - Fix 3: load the secret from a secrets manager -----------------===//
//
// The other remedy security guides give: read the value at run time from AWS Secrets
// Manager or HashiCorp Vault through the official SDK (boto3 / hvac, aws-sdk-secretsmanager /
// vault gem, AWS SDK for Java v2, AWS SDK for JavaScript v3 in ES modules). The secret's
// name in the manager is derived from the variable name (MAILGUN_API_KEY -> mailgun-api-key).
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

struct SecretsManagerFix {
    std::string title;           // "Load from AWS Secrets Manager (mailgun-api-key)"
    std::vector<TextEdit> edits; // sorted, non-overlapping
};

std::vector<SecretsManagerFix> build_secrets_manager_fixes(std::string_view text, Language lang,
                                                           ByteRange secret,
                                                           std::string_view var_name);

// MAILGUN_API_KEY -> mailgun-api-key
std::string secret_id_for(std::string_view var_name);

} // namespace secretls::server::fixes
