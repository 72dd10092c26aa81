//===--- parse_check.cpp - Fixed code must still parse: the real parsers decide -----------===//
//
// For one language: realistic small source files, each holding a freshly generated fake
// secret in a literal, get fix 1 (and, where offered, the secrets-manager rewrite); the
// result is written to a temp folder and handed to that language's own parser or compiler
// (python3 -m py_compile, node --check, gofmt + go vet, javac, ruby -c, php -l, rustc,
// gcc/g++ -fsyntax-only, bash -n, PyYAML, json.tool, tomllib, terraform fmt). The test
// passes when every file parses AND the secret is gone from it. A missing parser is a
// loud SKIP (exit code 77), never a silent pass.
//
// Usage: fixes_parse_check <language>
//
//===--------------------------------------------------------------------------------------===//
#include "server/fixes/edit.h"
#include "server/fixes/env_fix.h"
#include "server/fixes/fix_all.h"
#include "server/fixes/language.h"
#include "server/fixes/secrets_manager.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace fs = std::filesystem;
using namespace secretls::server::fixes;

namespace {

constexpr int kSkip = 77;
constexpr std::string_view kVar = "TESTCO_API_TOKEN";

std::string random_alnum(size_t n) {
    static std::mt19937_64 rng{std::random_device{}()};
    static constexpr std::string_view kAlnum =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::uniform_int_distribution<size_t> pick(0, kAlnum.size() - 1);
    std::string out;
    for (size_t i = 0; i < n; ++i)
        out += kAlnum[pick(rng)];
    return out;
}

// A source file with @S@ where the generated secret goes.
struct Case {
    std::string file; // file name (Java needs it to match the class)
    std::string source;
};

struct Suite {
    Language lang;
    std::vector<std::string> tools; // all must be on PATH, else SKIP
    std::string command;            // run in the folder, {} = the file
    std::vector<Case> cases;
    std::vector<std::pair<std::string, std::string>> support_files; // written beside the case
    // For the secrets-manager rewrites when their SDK cannot be there (Go modules): a
    // syntax-only check. "" = the same command.
    std::string sdk_absent_command = "";
};

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
    return s;
}

bool on_path(const std::string& tool) {
    return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

// SECRETLS_TSC=/path/to/tsc points at a tool that is not on PATH (npm installs it locally).
std::string tool_override(const std::string& tool) {
    std::string var = "SECRETLS_";
    for (char c : tool)
        var += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const char* path = std::getenv(var.c_str());
    return path && *path ? path : "";
}

const std::string kPy = R"("""Payment client."""
from __future__ import annotations

import json

API_KEY = "@S@"
HEADERS = {"Authorization": "Bearer @S@"}
RAW = r'@S@'
BYTES = b"@S@"


class Client:
    def __init__(self, url="https://api.example.com/{v}"):
        self.token = '''@S@'''
        self.url = f"{url}?key=@S@&x={{1}}"

    def headers(self):
        return json.dumps({"k": "tok:@S@"})
)";

const std::string kJs = R"('use strict';
const https = require('https');

const API_KEY = '@S@';
const config = { token: "@S@", header: 'Bearer @S@ ${notATemplate} `tick`' };
const url = `https://api.example.com/v1?key=@S@&user=${process.env.USER}`;

function headers() {
  return { Authorization: "Basic " + Buffer.from("api:@S@").toString('base64') };
}
module.exports = { API_KEY, config, url, headers, https };
)";

const std::string kMjs = R"(import { readFile } from 'node:fs/promises';

export const token = '@S@';
export async function load() {
  return readFile('x');
}
)";

const std::string kTs = R"(declare const process: { env: Record<string, string | undefined> };
interface Config { token: string; url: string }

export const API_KEY: string = "@S@";
export const config: Config = {
  token: '@S@',
  url: `https://u:@S@@example.com`,
};
export function auth(): string {
  return "Bearer @S@";
}
)";

const std::string kTsModule = R"(declare const process: { env: Record<string, string | undefined> };

export const token: string = '@S@';
export const header = "Bearer @S@";
export async function load(): Promise<string> {
  return token + header;
}
)";

const std::string kGo = R"(package main

import (
	"fmt"
	"net/http"
)

const apiKey = "@S@"

const (
	baseURL = "https://api.example.com"
	bearer  = "Bearer @S@"
)

var raw = `@S@`

func main() {
	req, _ := http.NewRequest("GET", baseURL, nil)
	req.Header.Set("Authorization", "Token @S@")
	fmt.Println(apiKey, bearer, raw, req != nil)
}
)";

const std::string kGoNoImport = R"(package main

func token() string {
	return "@S@"
}

func main() { _ = token() }
)";

const std::string kJava = R"(package demo;

import java.util.Map;

public class Client {
    private static final String API_KEY = "@S@";
    private final String header = "Bearer @S@";
    static final int LEN = "@S@".length();

    public Map<String, String> headers() {
        return Map.of("Authorization", "Token " + "@S@");
    }

    public static void main(String[] args) {
        System.out.println(new Client().headers().size() + API_KEY.length() + LEN);
    }
}
)";

const std::string kRuby = R"(# frozen_string_literal: true
require "net/http"

API_KEY = "@S@"
HEADER = 'Bearer @S@'

class Client
  def initialize
    @token = "tok #{1 + 1} @S@"
    @raw = '@S@'
  end

  def headers
    { "Authorization" => "Token @S@" }
  end
end
)";

const std::string kPhp = R"(<?php
declare(strict_types=1);

$apiKey = '@S@';
$header = "Bearer @S@";

function client(): array {
    return ['Authorization' => 'Token @S@', 'x' => "v=@S@&y=1"];
}

class Service {
    public function token(): string { return "@S@"; }
}
)";

const std::string kRust = R"(use std::collections::HashMap;

const API_KEY: &str = "@S@";
pub static BEARER: &str = "Bearer @S@";

fn takes(s: &str) -> usize { s.len() }

pub fn headers() -> HashMap<String, String> {
    let token = "@S@";
    let raw = r#"@S@"#;
    let owned = "@S@".to_string();
    let header = format!("{} {}", "Token", "x");
    let mut h = HashMap::new();
    h.insert("Authorization".to_string(), format!("Bearer {}", token));
    h.insert("x".to_string(), owned);
    let _ = takes("key=@S@;{}");
    let _ = (takes(raw), header, API_KEY, BEARER);
    h
}
)";

const std::string kC = R"(#include <stdio.h>
#include <string.h>

int main(void) {
    const char *api_key = "@S@";
    char header_key[] = "@S@";
    printf("%s %zu\n", api_key, strlen(header_key));
    return 0;
}
)";

const std::string kCpp = R"(#include <iostream>
#include <string>

static const char* kApiKey = "@S@";
constexpr const char* kOther = "@S@";

int main() {
    std::string header = "Bearer @S@";
    const std::string token{"@S@"};
    std::cout << kApiKey << kOther << header << token << "\n";
}
)";

const std::string kSh = R"(#!/usr/bin/env bash
set -euo pipefail
export API_KEY=@S@
TOKEN="@S@"
curl -H "Authorization: Bearer @S@" https://api.example.com
curl -u 'api:@S@' https://api.example.com
echo "$TOKEN"
)";

const std::string kYaml = R"(api:
  token: @S@
  header: "Bearer @S@"
  single: 'x @S@'
  list: [a, '@S@']
  url: https://user:@S@@db.example.com/x
)";

const std::string kComposeList = R"(services:
  web:
    image: example/web
    environment:
      - API_KEY=@S@
      - HEADER=Bearer @S@
)";

const std::string kActions = R"(name: ci
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      API_KEY: @S@
    steps:
      - run: |
          curl -H "Authorization: Bearer @S@" https://api.example.com
      - run: echo '@S@'
)";

const std::string kJson = R"({
  "token": "@S@",
  "nested": {"header": "Bearer @S@"}
}
)";

const std::string kToml = R"([api]
token = "@S@"
header = 'Bearer @S@'
multi = """
x @S@
"""
)";

const std::string kTf = R"(provider "testco" {
  token = "@S@"
  header = "Bearer @S@"
}

resource "x_y" "z" {
  password = "${var.prefix}@S@"
}

variable "prefix" {
  type = string
}
)";

// The forms beyond plain quotes: implicit concatenation, triple quotes, heredocs, several
// secrets in one literal, text before the secret that is not ASCII (LSP positions count
// UTF-16 units; the fixes work on bytes).
const std::string kPyForms = R"(# -*- coding: utf-8 -*-
"""Module doc."""
import logging

GREETING = "héllo ✓ 🔑"
KEY = ("prefix-" "@S@")
PAIR = "user:@S@@db.example.com/@S@"
DOC = """
token: @S@ {not a field}
"""
TRIPLE = '''x {braces} @S@'''


def f():
    logging.info("é ✓ 🔑 %s", GREETING)
    return f"{GREETING} é ✓ 🔑 @S@", token


token = @S@
)";

const std::string kJsForms = R"(const host = 'héllo-✓.example.com';
const u = `${host}/@S@/${1 + 1}/é 🔑 @S@`;
const pair = "user:@S@@db/@S@";
const multi = `line1
line2 @S@`;
module.exports = { u, pair, multi };
)";

const std::string kGoForms = R"(package main

import "fmt"

var doc = `
token: @S@
other: é ✓ 🔑 @S@
`

func main() {
	msg := "é ✓ 🔑 @S@"
	pair := "u:@S@@h/@S@"
	fmt.Println(doc, msg, pair)
}
)";

const std::string kJavaForms = R"(package demo;

public class Forms {
    @SuppressWarnings(value = "tok @S@")
    static final String ANNOTATED = "x";
    static final String BODY = """
        {"token": "@S@", "n": "%d", "name": "é ✓ 🔑"}
        """;
    static final String PAIR = "u:@S@@h/@S@";

    public static void main(String[] args) {
        String s = "é ✓ 🔑 @S@";
        System.out.println(BODY + PAIR + s);
    }
}
)";

const std::string kRubyForms = R"(# frozen_string_literal: true
A = %q(tok @S@)
B = %Q{Bearer #{1 + 1} @S@}
C = <<~EOS
  token: @S@
  name: é ✓ 🔑
EOS
D = <<~'EOS'
  raw: @S@
EOS
E = %w[a @S@ b]
F = %q(@S@)
G = "é ✓ 🔑 @S@ and @S@"
puts [A, B, C, D, E, F, G].inspect
)";

const std::string kPhpForms = R"(<?php
$a = <<<EOT
Bearer @S@ é ✓ 🔑
EOT;
$b = <<<'EOT'
key=@S@
EOT;
$c = <<<EOT
    indented @S@
    EOT;
$d = "é ✓ 🔑 @S@ / @S@";
echo $a, $b, $c, $d;
define('K', '@S@');
)";

const std::string kRustForms = R"(pub fn f() -> String {
    let j = r#"{"k": "@S@", "n": "é ✓ 🔑"}"#;
    let pair = "u:@S@@h/@S@";
    let r = r"@S@";
    format!("{}{}{}", j, pair, r)
}
)";

const std::string kShForms = R"(#!/bin/sh
export TOKEN2=@S@
TOKEN3="é ✓ 🔑 @S@"
cat <<EOF > /dev/null
token=@S@
EOF
cat <<'EOF' > /dev/null
raw=@S@
EOF
cat <<-"END" > /dev/null
	tabbed=@S@
	END
curl -u "u:@S@" -H "X-Key: @S@" https://api.example.com
echo "$TOKEN2$TOKEN3"
)";

const std::string kYamlForms = R"(name: é ✓ 🔑
script: |
  curl -H "X-Key: @S@" https://x
key: >
  @S@
plain: @S@
pair: "u:@S@@h/@S@"
)";

// The shape of the AWS SDK for Java v2 calls the secrets-manager fix makes (the SDK itself is
// not packaged in Debian), so that javac checks the rewrite's types and syntax.
const std::vector<std::pair<std::string, std::string>> kAwsJavaSdkShape = {
    {"sdk/software/amazon/awssdk/services/secretsmanager/SecretsManagerClient.java",
     "package software.amazon.awssdk.services.secretsmanager;\n"
     "import software.amazon.awssdk.services.secretsmanager.model.*;\n"
     "public interface SecretsManagerClient {\n"
     "  static SecretsManagerClient create() { return null; }\n"
     "  GetSecretValueResponse getSecretValue(\n"
     "      java.util.function.Consumer<GetSecretValueRequest.Builder> r);\n"
     "}\n"},
    {"sdk/software/amazon/awssdk/services/secretsmanager/model/GetSecretValueRequest.java",
     "package software.amazon.awssdk.services.secretsmanager.model;\n"
     "public interface GetSecretValueRequest {\n"
     "  interface Builder { Builder secretId(String id); }\n"
     "}\n"},
    {"sdk/software/amazon/awssdk/services/secretsmanager/model/GetSecretValueResponse.java",
     "package software.amazon.awssdk.services.secretsmanager.model;\n"
     "public interface GetSecretValueResponse { String secretString(); }\n"},
};

// Spring Vault and conjur-api-java, the same way.
const std::vector<std::pair<std::string, std::string>> kVaultConjurJavaShape = {
    {"sdk/org/springframework/vault/core/VaultTemplate.java",
     "package org.springframework.vault.core;\n"
     "public class VaultTemplate {\n"
     "  public VaultTemplate(org.springframework.vault.client.VaultEndpoint e,\n"
     "      org.springframework.vault.authentication.ClientAuthentication a) {}\n"
     "  public VaultKeyValueOperations opsForKeyValue(String path,\n"
     "      VaultKeyValueOperationsSupport.KeyValueBackend b) { return null; }\n"
     "}\n"},
    {"sdk/org/springframework/vault/core/VaultKeyValueOperations.java",
     "package org.springframework.vault.core;\n"
     "public interface VaultKeyValueOperations {\n"
     "  org.springframework.vault.support.VaultResponse get(String path);\n"
     "}\n"},
    {"sdk/org/springframework/vault/core/VaultKeyValueOperationsSupport.java",
     "package org.springframework.vault.core;\n"
     "public interface VaultKeyValueOperationsSupport {\n"
     "  enum KeyValueBackend { KV_1, KV_2 }\n"
     "}\n"},
    {"sdk/org/springframework/vault/support/VaultResponse.java",
     "package org.springframework.vault.support;\n"
     "public class VaultResponse {\n"
     "  public java.util.Map<String, Object> getData() { return null; }\n"
     "}\n"},
    {"sdk/org/springframework/vault/client/VaultEndpoint.java",
     "package org.springframework.vault.client;\n"
     "public class VaultEndpoint {\n"
     "  public static VaultEndpoint from(java.net.URI uri) { return null; }\n"
     "}\n"},
    {"sdk/org/springframework/vault/authentication/ClientAuthentication.java",
     "package org.springframework.vault.authentication;\n"
     "public interface ClientAuthentication {}\n"},
    {"sdk/org/springframework/vault/authentication/TokenAuthentication.java",
     "package org.springframework.vault.authentication;\n"
     "public class TokenAuthentication implements ClientAuthentication {\n"
     "  public TokenAuthentication(String token) {}\n"
     "}\n"},
    {"sdk/com/cyberark/conjur/api/Conjur.java", "package com.cyberark.conjur.api;\n"
                                                "public class Conjur {\n"
                                                "  public Variables variables() { return null; }\n"
                                                "}\n"},
    {"sdk/com/cyberark/conjur/api/Variables.java",
     "package com.cyberark.conjur.api;\n"
     "public class Variables {\n"
     "  public String retrieveSecret(String id) { return null; }\n"
     "}\n"},
};

std::vector<std::pair<std::string, std::string>> java_sdk_shapes() {
    auto all = kAwsJavaSdkShape;
    all.insert(all.end(), kVaultConjurJavaShape.begin(), kVaultConjurJavaShape.end());
    return all;
}

// The same for the AWS SDK for JavaScript v3 (an npm package) as a TypeScript declaration.
const std::vector<std::pair<std::string, std::string>> kAwsJsSdkShape = {
    {"aws-sdk.d.ts",
     "declare module \"@aws-sdk/client-secrets-manager\" {\n"
     "  export class GetSecretValueCommand { constructor(input: { SecretId: string }); }\n"
     "  export class SecretsManagerClient {\n"
     "    constructor(config: object);\n"
     "    send(command: GetSecretValueCommand): Promise<{ SecretString?: string }>;\n"
     "  }\n"
     "}\n"
     "declare module \"node-vault\" {\n"
     "  export default function nodeVault(options?: object): {\n"
     "    read(path: string): Promise<{ data: { data: Record<string, string> } }>;\n"
     "  };\n"
     "}\n"},
};

std::vector<Suite> suites() {
    std::string c_flags = "-fsyntax-only -Werror=implicit-function-declaration "
                          "-Werror=int-conversion -Werror=incompatible-pointer-types";
    return {
        {Language::Python,
         {"python3"},
         "python3 -m py_compile {}",
         {{"client.py", kPy}, {"forms.py", kPyForms}},
         {}},
        {Language::JavaScript,
         {"node"},
         "node --check {}",
         {{"client.js", kJs}, {"module.mjs", kMjs}, {"forms.js", kJsForms}},
         {}},
        {Language::TypeScript,
         {"tsc"},
         "tsc --noEmit --strict --target es2022 --module es2022 --skipLibCheck {} aws-sdk.d.ts",
         {{"client.ts", kTs}, {"module.ts", kTsModule}},
         kAwsJsSdkShape},
        {Language::Go,
         {"gofmt", "go"},
         "gofmt -e {} >/dev/null && GOFLAGS=-mod=mod GOCACHE=$PWD/.gocache go vet {}",
         {{"main.go", kGo}, {"noimport.go", kGoNoImport}, {"forms.go", kGoForms}},
         {},
         "gofmt -e {} >/dev/null"},
        {Language::Java,
         {"javac"},
         "javac -d out {} $(find sdk -name '*.java')",
         {{"Client.java", kJava}, {"Forms.java", kJavaForms}},
         java_sdk_shapes()},
        {Language::Ruby,
         {"ruby"},
         "ruby -c {} >/dev/null",
         {{"client.rb", kRuby}, {"forms.rb", kRubyForms}},
         {}},
        {Language::Php,
         {"php"},
         "php -l {} >/dev/null",
         {{"client.php", kPhp}, {"forms.php", kPhpForms}},
         {}},
        {Language::Rust,
         {"rustc"},
         "for n in '' _2 _3 _4 _5 _6 _7 _8 _9; do export TESTCO_API_TOKEN$n=set-at-build-time; "
         "done; rustc --edition 2021 --crate-type lib "
         "--emit=metadata -A warnings -o out.rmeta {}",
         {{"lib.rs", kRust}, {"forms.rs", kRustForms}},
         {}},
        {Language::C, {"gcc"}, "gcc -std=c11 " + c_flags + " {}", {{"client.c", kC}}, {}},
        {Language::Cpp, {"g++"}, "g++ -std=c++17 -fsyntax-only {}", {{"client.cpp", kCpp}}, {}},
        {Language::Shell, {"bash"}, "bash -n {}", {{"deploy.sh", kSh}, {"forms.sh", kShForms}}, {}},
        {Language::Yaml,
         {"python3"},
         "python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' {}",
         {{"config.yaml", kYaml}, {"forms.yaml", kYamlForms}},
         {}},
        {Language::DockerCompose,
         {"python3"},
         "python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' {}",
         {{"docker-compose.yml", kComposeList}},
         {}},
        {Language::GithubActions,
         {"python3"},
         "python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' {}",
         {{"ci.yml", kActions}},
         {}},
        {Language::Json,
         {"python3"},
         "python3 -m json.tool {} >/dev/null",
         {{"c.json", kJson}},
         {}},
        {Language::Toml,
         {"python3"},
         "python3 -c 'import sys, tomllib; tomllib.load(open(sys.argv[1], \"rb\"))' {}",
         {{"c.toml", kToml}},
         {}},
        {Language::Terraform,
         {"terraform"},
         "terraform fmt -no-color -list=false -write=false {} >/dev/null",
         {{"main.tf", kTf}},
         {}},
    };
}

// Applies fix 1 to every occurrence of the secret, one after another (as a user would).
// Returns false when some occurrence got no fix.
bool fix_all(std::string& text, Language lang, const std::string& secret, std::string& why) {
    for (int guard = 0; guard < 50; ++guard) {
        auto at = text.find(secret);
        if (at == std::string::npos)
            return true;
        auto fix = build_env_fix(text, lang, {at, at + secret.size()}, kVar);
        if (!fix) {
            auto ls = text.rfind('\n', at);
            auto le = text.find('\n', at);
            ls = ls == std::string::npos ? 0 : ls + 1;
            why = "no fix offered on line: " +
                  replace_all(text.substr(ls, le - ls), secret, "<secret>");
            return false;
        }
        text = apply_edits(text, fix->edits);
    }
    why = "fix loop did not converge";
    return false;
}

int run_parser(const Suite& suite, const fs::path& dir, const std::string& file) {
    // A script file: no quoting of the command through sh -c.
    std::ofstream(dir / "run-parser.sh")
        << "cd '" << dir.string() << "' || exit 2\n"
        << replace_all(suite.command, "{}", file) << " 2>&1 | sed 's/^/    /'\n"
        << "exit ${PIPESTATUS[0]}\n";
    int status = std::system(("bash '" + (dir / "run-parser.sh").string() + "'").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

// source.fixAll on a file whose every @S@ holds a DIFFERENT secret: one merged edit must
// remove them all. Returns the fixed text, or "" (with `why`) when some secret got no fix.
std::string fix_all_distinct(const std::string& source, Language lang,
                             std::vector<std::string>& secrets, std::string& why) {
    std::string text;
    std::vector<FixAllItem> items;
    size_t from = 0;
    for (size_t at; (at = source.find("@S@", from)) != std::string::npos; from = at + 3) {
        text += source.substr(from, at - from);
        secrets.push_back("tok_" + random_alnum(28));
        items.push_back({{text.size(), text.size() + secrets.back().size()}, std::string(kVar)});
        text += secrets.back();
    }
    text += source.substr(from);
    auto merged = build_fix_all(text, lang, items);
    if (merged.fixed.size() != items.size()) {
        why = std::to_string(items.size() - merged.fixed.size()) + " of " +
              std::to_string(items.size()) + " secrets got no fix";
        return "";
    }
    return apply_edits(text, merged.edits);
}

std::optional<Language> language_named(std::string_view name) {
    for (const auto& s : suites())
        if (language_name(s.lang) == name)
            return s.lang;
    return std::nullopt;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2 || !language_named(argv[1])) {
        std::cerr << "usage: fixes_parse_check <language>\n";
        return 2;
    }
    Language lang = *language_named(argv[1]);
    Suite suite;
    for (auto& s : suites())
        if (s.lang == lang)
            suite = s;
    for (const auto& tool : suite.tools) {
        if (auto path = tool_override(tool); !path.empty()) {
            suite.command = replace_all(suite.command, tool + " ", "'" + path + "' ");
            continue;
        }
        if (!on_path(tool)) {
            std::cout << "SKIPPED: " << tool << " is not installed; " << argv[1]
                      << " fixes were not checked by a real parser\n";
            return kSkip;
        }
    }
    fs::path dir = fs::temp_directory_path() / ("secretls-parse-" + random_alnum(10));
    fs::create_directories(dir);
    for (const auto& [name, content] : suite.support_files) {
        fs::create_directories((dir / name).parent_path());
        std::ofstream(dir / name) << content;
    }
    int failures = 0, checked = 0;
    for (const auto& c : suite.cases) {
        // A fresh fake secret per file; the provider-like prefix keeps it realistic.
        std::string secret = "tok_" + random_alnum(28);
        std::string original = replace_all(c.source, "@S@", secret);
        // The original must parse, or the test says nothing about the fix.
        std::vector<std::pair<std::string, std::string>> variants;
        std::string env_fixed = original, why;
        if (!fix_all(env_fixed, lang, secret, why)) {
            std::cout << "FAIL " << c.file << ": " << why << "\n";
            ++failures;
            continue;
        }
        variants.push_back({"env", env_fixed});
        std::vector<std::string> distinct;
        std::string all_fixed = fix_all_distinct(c.source, lang, distinct, why);
        if (all_fixed.empty()) {
            std::cout << "FAIL " << c.file << " [fixAll]: " << why << "\n";
            ++failures;
        } else if (std::any_of(distinct.begin(), distinct.end(), [&](const std::string& d) {
                       return all_fixed.find(d) != std::string::npos;
                   })) {
            std::cout << "FAIL " << c.file << " [fixAll]: a secret is still there\n";
            ++failures;
        } else {
            variants.push_back({"fixAll", all_fixed});
        }
        // The secrets-manager rewrite of the first occurrence, where one is offered.
        auto at = original.find(secret);
        for (const auto& sm :
             build_secrets_manager_fixes(original, lang, {at, at + secret.size()}, kVar)) {
            std::string t = apply_edits(original, sm.edits);
            std::string rest = t, why2;
            if (fix_all(rest, lang, secret, why2))
                variants.push_back({sm.title, rest});
        }
        std::ofstream(dir / c.file) << original;
        if (run_parser(suite, dir, c.file) != 0) {
            std::cout << "FAIL " << c.file << ": the ORIGINAL does not parse (test bug)\n";
            ++failures;
            continue;
        }
        for (const auto& [name, text] : variants) {
            ++checked;
            Suite run = suite;
            if (name.starts_with("Load from ") && !suite.sdk_absent_command.empty())
                run.command = suite.sdk_absent_command;
            if (text.find(secret) != std::string::npos) {
                std::cout << "FAIL " << c.file << " [" << name << "]: the secret is still there\n";
                ++failures;
                continue;
            }
            std::ofstream(dir / c.file) << text;
            if (run_parser(run, dir, c.file) != 0) {
                std::cout << "FAIL " << c.file << " [" << name << "]: does not parse:\n"
                          << text << "\n";
                ++failures;
            } else {
                std::cout << "ok   " << c.file << " [" << name << "]\n";
                if (std::getenv("SECRETLS_SHOW_FIXED")) // for reviewing the rewrites by eye
                    std::cout << text << "\n";
            }
        }
    }
    fs::remove_all(dir);
    std::cout << language_name(lang) << ": " << checked << " fixed files checked, " << failures
              << " failures\n";
    return failures == 0 ? 0 : 1;
}
