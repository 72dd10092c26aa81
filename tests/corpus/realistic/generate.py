#!/usr/bin/env python3
"""Seeded generator of realistic source and config files with planted fake secrets.

Writes N files (Python, JS/TS, Go, Java, Kotlin, C#, Ruby, PHP, Rust, Swift, C/C++, shell,
PowerShell, .env, YAML incl. docker-compose / k8s / GitHub Actions / Ansible, JSON, TOML, INI,
.properties, XML, Terraform, Dockerfile, Markdown, and since the second widening Elixir, Scala,
HOCON, Gradle, Lua, R, Perl, fish, Makefile, CMake, SQL, batch, Jenkinsfile, Dart,
Objective-C, Spring XML, systemd units, credential files and notebooks) into --out, and manifest.json beside
them: for every planted item its file, byte range [start, end), kind and label
(positive, or negative for hard negatives such as UUIDs, hashes, env lookups, placeholders,
public keys). Most files put non-ASCII text (2-, 3- and 4-byte UTF-8) before secrets on the
same and earlier lines, hold several secrets, sometimes two on one line; some use CRLF.

Secrets come from secrets_gen.py (documented formats, valid checksums), generated from
--seed: the same seed gives the same files. Nothing printed here shows a secret.

Usage: generate.py --out DIR [--seed 1] [--files 300]
"""
import argparse
import base64
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import secrets_gen as sg  # noqa: E402

# Planted values are wrapped in markers while a file is built; the markers are removed at
# the end and their positions become the manifest's byte ranges.
OPEN, SEP, CLOSE = "\ue000", "\ue003", "\ue001"

UNICODE_SNIPPETS = [
    "Größe ✓", "café déjà vu", "Überweisung fällig", "中文配置", "設定ファイル 🔑",
    "🚀 déploiement", "naïve — façade", "Ключ доступа", "✓ 完成 😀", "日本語 👍🏽",
    "Ελληνικά κλειδί", "emoji 🎉🎉 party", "€ 1.234,56", "한국어 설정", "ñandú ✔",
]
# Keys whose value is recognised only by its name: they always keep a named form.
CONTEXT_KINDS = {"aws-secret-access-key", "datadog", "generic-password", "generic-secret",
                 "twilio-api-key", "twilio-auth-token"}
# Bearer-style tokens that also travel in an Authorization header.
HEADER_KINDS = {"github-pat", "github-oauth", "github-app", "github-fine-grained", "gitlab-pat",
                "openai", "anthropic", "huggingface", "slack-bot", "slack-user", "jwt",
                "digitalocean", "linear", "notion", "doppler", "sentry", "square"}


NAME_FIELD_RE = re.compile(r"\{(?:snake|camel|pascal|scream|dotted|head|tail)\}")


def words(name):
    return [w.lower() for w in re.split(r"[_\-.]+", name) if w]


def snake(name):
    return "_".join(words(name))


def scream(name):
    return snake(name).upper()


def camel(name):
    w = words(name)
    return w[0] + "".join(x.capitalize() for x in w[1:])


def pascal(name):
    return "".join(x.capitalize() for x in words(name))


def head_tail(name):
    """DB_PASSWORD -> ("db", "password"): a section or parent key and the key under it."""
    w = words(name)
    return ("_".join(w[:-1]) or "app"), w[-1]


def fill(template, name, v):
    head, tail = head_tail(name)
    return template.format(snake=snake(name), camel=camel(name), pascal=pascal(name),
                           scream=scream(name), dotted=".".join(words(name)), v=v,
                           head=head, tail=tail)


class Item:
    def __init__(self, kind, label, value):
        self.kind, self.label, self.value = kind, label, value


class Builder:
    """Collects the items planted into one file and hands out marked values."""

    def __init__(self):
        self.items = []

    def mark(self, value, kind, label):
        self.items.append(Item(kind, label, value))
        return "%s%d%s%s%s" % (OPEN, len(self.items) - 1, SEP, value, CLOSE)


# ---------------------------------------------------------------------------------------
# Containers. Each knows how to write an assignment, a one-line record with several fields,
# a multi-line block (PEM), an environment lookup, comments and filler lines.
# A value v passed in is already marked; q(v) quotes it the container's way.
# ---------------------------------------------------------------------------------------


class Container:
    ext = ".txt"
    lang = "plaintext"
    comment_prefix = "#"
    names = None  # file names to pick from (None: random stem + ext)
    style = staticmethod(snake)
    filler_lines = []
    header = []
    footer = []
    indent = ""

    def comment(self, text):
        return "%s %s" % (self.comment_prefix, text)

    code = False  # a programming language (run-time expressions can be assigned)
    trailing_comment = False  # a comment may follow a value on its line
    forms = []  # extra idiomatic templates: {snake} {camel} {pascal} {scream} {dotted} {v}
    header_forms = []  # forms that carry a token in an HTTP header (tokens only)

    base_names_value = True  # base_assign writes the name (SQL's CREATE USER does not)

    def assign(self, name, v, named=False):
        """A line assigning v to name; named: only forms that show the name (negatives)."""
        forms = [f for f in self.forms if not named or NAME_FIELD_RE.search(f)]
        if forms and (random.random() < 0.5 or (named and not self.base_names_value)):
            return fill(random.choice(forms), name, v)
        return self.base_assign(name, v)

    def base_assign(self, name, v):
        return '%s%s = "%s"' % (self.indent, self.style(name), v)

    def header_line(self, v):
        return fill(random.choice(self.header_forms), "x", v) if self.header_forms else None

    def assign_raw(self, name, expr):
        return "%s%s = %s" % (self.indent, self.style(name), expr)

    def record(self, fields):
        """One line holding several name/value fields (first may be a unicode label)."""
        return None

    def block(self, name, v):
        """Lines for a multi-line value (v holds real newlines); None: use \\n escapes."""
        return None

    def env_lookup(self, name):
        return None

    def cli(self, rng, v, kind):
        return None

    def filler(self, rng):
        return rng.choice(self.filler_lines) if self.filler_lines else ""


class Python(Container):
    code = True
    trailing_comment = True
    forms = ['self.{snake} = "{v}"', 'client = Client({snake}="{v}", timeout=10)', 'os.environ.setdefault("{scream}", "{v}")', '{scream}: str = "{v}"', '{snake}\t= "{v}"', 'os.getenv("{scream}", "{v}")', '{head}_settings = {{"{tail}": "{v}"}}']
    header_forms = ['headers = {{"Authorization": "Bearer {v}"}}']
    ext, lang = ".py", "python"
    names = ["settings.py", "config.py", "client.py", "tasks.py", "conftest.py"]
    header = ["# -*- coding: utf-8 -*-", "import os", "import requests", ""]
    filler_lines = ["TIMEOUT = 30", "logger = logging.getLogger(__name__)",
                    'GREETING = "Grüß Gott, 世界 👋"', "def handler(event, context):",
                    "    return {'statusCode': 200}", 'DEBUG = os.getenv("DEBUG") == "1"', ""]

    def record(self, fields):
        return "CONFIG = {%s}" % ", ".join('"%s": "%s"' % (snake(k), v) for k, v in fields)

    def block(self, name, v):
        return ['%s = """%s' % (self.style(name), v), '"""']

    def env_lookup(self, name):
        return random.choice(['os.environ["%s"]', 'os.getenv("%s")',
                              'os.environ.get("%s", "")']) % scream(name)


class JavaScript(Container):
    code = True
    trailing_comment = True
    forms = ["  {camel}: '{v}',", 'process.env.{scream} = "{v}";', 'const client = new Client({{ {camel}: "{v}" }});', "let {camel} = '{v}';", '  {head}: {{ {tail}: "{v}" }},', 'const {camel} = process.env.{scream} || "{v}";']
    header_forms = ["  headers: {{ Authorization: 'Bearer {v}' }},"]
    ext, lang = ".js", "javascript"
    comment_prefix = "//"
    style = staticmethod(camel)
    names = ["config.js", "server.js", "index.js", "webpack.config.js"]
    header = ["'use strict';", "const axios = require('axios');", ""]
    filler_lines = ["const PORT = process.env.PORT || 3000;", "module.exports = { start };",
                    "const label = 'Größe ✓ 日本';", "app.use(express.json());", "",
                    "console.log(`🚀 listening on ${PORT}`);"]

    def base_assign(self, name, v):
        return 'const %s = "%s";' % (self.style(name), v)

    def assign_raw(self, name, expr):
        return "const %s = %s;" % (self.style(name), expr)

    def record(self, fields):
        return "const cfg = { %s };" % ", ".join('%s: "%s"' % (camel(k), v) for k, v in fields)

    def block(self, name, v):
        return ["const %s = `%s" % (self.style(name), v), "`;"]

    def env_lookup(self, name):
        return "process.env.%s" % scream(name)


class TypeScript(JavaScript):
    forms = ['export const {camel}: string = "{v}";', '  private readonly {camel} = "{v}";', 'const {camel} = "{v}" as const;', 'const {camel}: string = `{v}`;']
    ext, lang = ".ts", "typescript"
    names = ["config.ts", "env.ts", "client.ts", "app.module.ts"]
    header = ["import { Injectable } from '@nestjs/common';", ""]

    def base_assign(self, name, v):
        return 'export const %s: string = "%s";' % (self.style(name), v)


class Go(Container):
    code = True
    trailing_comment = True
    forms = ['var {camel} string = "{v}"', '\t{camel} := "{v}"', '\tos.Setenv("{scream}", "{v}")', '\t{pascal}: "{v}",', '\tcfg.{pascal} = "{v}"', '\t{camel} := `{v}`']
    header_forms = ['\treq.Header.Set("Authorization", "Bearer {v}")']
    ext, lang = ".go", "go"
    comment_prefix = "//"
    style = staticmethod(pascal)
    names = ["main.go", "config.go", "client.go"]
    header = ["package main", "", 'import (', '\t"fmt"', '\t"os"', ')', ""]
    filler_lines = ["func init() {", "}", '\tfmt.Println("héllo, 世界 ✓")', "var timeout = 30",
                    ""]

    def base_assign(self, name, v):
        return 'const %s = "%s"' % (self.style(name), v)

    def assign_raw(self, name, expr):
        return "var %s = %s" % (self.style(name), expr)

    def record(self, fields):
        return "var cfg = Config{%s}" % ", ".join('%s: "%s"' % (pascal(k), v) for k, v in fields)

    def block(self, name, v):
        return ["var %s = `%s" % (self.style(name), v), "`"]

    def env_lookup(self, name):
        return 'os.Getenv("%s")' % scream(name)


class Java(Container):
    code = True
    trailing_comment = True
    forms = ['        String {camel} = "{v}";', '        props.setProperty("{dotted}", "{v}");', '    private String {camel} = "{v}";', '        System.setProperty("{dotted}", "{v}");', '        map.put("{snake}", "{v}");']
    header_forms = ['        request.header("Authorization", "Bearer {v}");']
    ext, lang = ".java", "java"
    comment_prefix = "//"
    style = staticmethod(camel)
    names = ["AppConfig.java", "PaymentClient.java", "Application.java"]
    header = ["package com.example.app;", "", "public class AppConfig {"]
    footer = ["}"]
    indent = "    "
    filler_lines = ["    private static final int TIMEOUT = 30;",
                    '    private static final String TITLE = "Zürich ✓ 北京";',
                    "    @Autowired private RestTemplate rest;", ""]

    def base_assign(self, name, v):
        return '    private static final String %s = "%s";' % (scream(name), v)

    def assign_raw(self, name, expr):
        return "    private final String %s = %s;" % (camel(name), expr)

    def record(self, fields):
        return "    Client c = new Client(%s);" % ", ".join('"%s"' % v for _, v in fields)

    def block(self, name, v):
        return ['    String %s = """' % camel(name), v, '        """;']

    def env_lookup(self, name):
        if random.random() < 0.5:
            return 'System.getenv("%s")' % scream(name)
        return None  # annotation form, see annotation()


class Kotlin(Container):
    code = True
    trailing_comment = True
    forms = ['val {camel}: String = "{v}"', 'const val {scream} = "{v}"', '    private val {camel} = "{v}"', '    {camel} = "{v}",']
    ext, lang = ".kt", "kotlin"
    comment_prefix = "//"
    style = staticmethod(camel)
    names = ["Config.kt", "ApiClient.kt"]
    header = ["package com.example", ""]
    filler_lines = ['val title = "Ärger — 問題 😀"', "fun main() {", "}", ""]

    def base_assign(self, name, v):
        return 'val %s = "%s"' % (self.style(name), v)

    def assign_raw(self, name, expr):
        return "val %s = %s" % (self.style(name), expr)

    def record(self, fields):
        return "val cfg = Config(%s)" % ", ".join('%s = "%s"' % (camel(k), v) for k, v in fields)

    def block(self, name, v):
        return ['val %s = """%s' % (camel(name), v), '""".trimIndent()']

    def env_lookup(self, name):
        return 'System.getenv("%s")' % scream(name)


class CSharp(Container):
    code = True
    trailing_comment = True
    forms = ['            var {camel} = "{v}";', '            Environment.SetEnvironmentVariable("{scream}", "{v}");', '        private static readonly string {pascal} = "{v}";', '            ["{pascal}"] = "{v}",', '        public string {pascal} {{ get; set; }} = "{v}";']
    header_forms = ['            client.DefaultRequestHeaders.Add("Authorization", "Bearer {v}");']
    ext, lang = ".cs", "csharp"
    comment_prefix = "//"
    style = staticmethod(pascal)
    names = ["Settings.cs", "Program.cs", "Startup.cs"]
    header = ["namespace Contoso.Api", "{", "    public static class Settings", "    {"]
    footer = ["    }", "}"]
    filler_lines = ['        public const string Title = "Straße ✓ 東京";',
                    "        public const int Retries = 3;", ""]

    def base_assign(self, name, v):
        return '        public const string %s = "%s";' % (pascal(name), v)

    def assign_raw(self, name, expr):
        return "        public static readonly string %s = %s;" % (pascal(name), expr)

    def record(self, fields):
        return "        var s = new Settings { %s };" % ", ".join(
            '%s = "%s"' % (pascal(k), v) for k, v in fields)

    def block(self, name, v):
        return ['        public const string %s = @"%s' % (pascal(name), v), '";']

    def env_lookup(self, name):
        return 'Environment.GetEnvironmentVariable("%s")' % scream(name)


class Ruby(Container):
    code = True
    trailing_comment = True
    forms = ['config.{snake} = "{v}"', "ENV['{scream}'] ||= '{v}'", '  {snake}: "{v}",', '  {snake}: ENV.fetch("{scream}", "{v}"),']
    header_forms = ['req["Authorization"] = "Bearer {v}"']
    ext, lang = ".rb", "ruby"
    names = ["config.rb", "secrets.rb", "deploy.rb"]
    header = ["# frozen_string_literal: true", ""]
    filler_lines = ["require 'net/http'", 'TITLE = "Grüße ✓ 你好"', "def call(env)", "end", ""]

    def record(self, fields):
        return "CONFIG = { %s }" % ", ".join('%s: "%s"' % (snake(k), v) for k, v in fields)

    def block(self, name, v):
        return ["%s = <<~PEM" % scream(name), v, "PEM"]

    def env_lookup(self, name):
        return random.choice(['ENV["%s"]', "ENV.fetch('%s')"]) % scream(name)


class Php(Container):
    code = True
    trailing_comment = True
    forms = ["    '{snake}' => '{v}',", 'putenv("{scream}={v}");', '$this->{camel} = "{v}";', "$_ENV['{scream}'] = '{v}';", '$_SERVER[\'{scream}\'] = "{v}";']
    ext, lang = ".php", "php"
    comment_prefix = "//"
    names = ["config.php", "wp-config.php", "services.php"]
    header = ["<?php", ""]
    filler_lines = ["$title = 'Größe ✓ 日本';", "require_once __DIR__ . '/vendor/autoload.php';",
                    ""]

    def base_assign(self, name, v):
        if random.random() < 0.5:
            return "define('%s', '%s');" % (scream(name), v)
        return "$%s = '%s';" % (camel(name), v)

    def assign_raw(self, name, expr):
        return "$%s = %s;" % (camel(name), expr)

    def record(self, fields):
        return "$config = [%s];" % ", ".join("'%s' => '%s'" % (snake(k), v) for k, v in fields)

    def block(self, name, v):
        return ["$%s = <<<PEM" % camel(name), v, "PEM;"]

    def env_lookup(self, name):
        return random.choice(["getenv('%s')", "$_ENV['%s']"]) % scream(name)


class Rust(Container):
    code = True
    trailing_comment = True
    forms = ['    let {snake} = "{v}";', '    let {snake}: &str = "{v}";', '    std::env::set_var("{scream}", "{v}");', 'static {scream}: &str = "{v}";']
    ext, lang = ".rs", "rust"
    comment_prefix = "//"
    names = ["main.rs", "config.rs"]
    header = ["use std::env;", ""]
    filler_lines = ['const TITLE: &str = "Größe ✓ 世界 🦀";', "fn main() {", "}", ""]

    def base_assign(self, name, v):
        return 'const %s: &str = "%s";' % (scream(name), v)

    def assign_raw(self, name, expr):
        return "let %s = %s;" % (snake(name), expr)

    def record(self, fields):
        return "let cfg = Config { %s };" % ", ".join(
            '%s: "%s".into()' % (snake(k), v) for k, v in fields)

    def block(self, name, v):
        return ['const %s: &str = r#"%s' % (scream(name), v), '"#;']

    def env_lookup(self, name):
        return 'env::var("%s").unwrap_or_default()' % scream(name)


class Swift(Container):
    code = True
    trailing_comment = True
    forms = ['let {camel}: String = "{v}"', '    static let {camel} = "{v}"', 'private let {camel} = "{v}"']
    ext, lang = ".swift", "swift"
    comment_prefix = "//"
    style = staticmethod(camel)
    names = ["Config.swift", "APIClient.swift"]
    header = ["import Foundation", ""]
    filler_lines = ['let title = "Café ✓ 東京 🍎"', "struct Config {", "}", ""]

    def base_assign(self, name, v):
        return 'let %s = "%s"' % (camel(name), v)

    def assign_raw(self, name, expr):
        return "let %s = %s" % (camel(name), expr)

    def record(self, fields):
        return "let cfg = Config(%s)" % ", ".join('%s: "%s"' % (camel(k), v) for k, v in fields)

    def block(self, name, v):
        return ['let %s = """' % camel(name), v, '"""']

    def env_lookup(self, name):
        return 'ProcessInfo.processInfo.environment["%s"]' % scream(name)


class C(Container):
    code = True
    trailing_comment = True
    forms = ['static const char {snake}[] = "{v}";', '    setenv("{scream}", "{v}", 1);', 'const std::string {snake} = "{v}";']
    ext, lang = ".c", "c"
    comment_prefix = "//"
    names = ["config.c", "client.c", "secrets.h", "main.cpp", "auth.hpp"]
    header = ["#include <stdio.h>", "#include <stdlib.h>", ""]
    filler_lines = ['static const char *title = "Größe ✓ 中文";', "int main(void) {", "}", ""]

    def base_assign(self, name, v):
        if random.random() < 0.5:
            return '#define %s "%s"' % (scream(name), v)
        return 'static const char *%s = "%s";' % (snake(name), v)

    def assign_raw(self, name, expr):
        return "const char *%s = %s;" % (snake(name), expr)

    def record(self, fields):
        return " ".join('const char *%s = "%s";' % (snake(k), v) for k, v in fields)

    def env_lookup(self, name):
        return 'getenv("%s")' % scream(name)


class Shell(Container):
    trailing_comment = True
    forms = ['{scream}="{v}" ./run.sh', 'export {scream}={v}', 'docker run -e {scream}={v} example/app:latest', 'docker run --rm --env {scream}={v} example/app', 'docker run -e "{scream}={v}" example/app']
    header_forms = ['curl -H "Authorization: Bearer {v}" https://api.example.com/v1/me']
    ext, lang = ".sh", "shellscript"
    names = ["deploy.sh", "setup.sh", "ci.sh", "bootstrap.bash"]
    header = ["#!/usr/bin/env bash", "set -euo pipefail", ""]
    filler_lines = ['echo "Déploiement en cours ✓ 🚀"', "cd \"$(dirname \"$0\")\"",
                    "make build", ""]

    def base_assign(self, name, v):
        return random.choice(['export %s="%s"', "%s='%s'"]) % (scream(name), v)

    def assign_raw(self, name, expr):
        return "export %s=%s" % (scream(name), expr)

    def record(self, fields):
        return "; ".join('echo "%s"' % v if k == "label" else 'export %s="%s"' % (scream(k), v)
                         for k, v in fields)

    def block(self, name, v):
        return ["cat > /tmp/%s.pem <<'EOF'" % snake(name), v, "EOF"]

    def env_lookup(self, name):
        return '"${%s}"' % scream(name)

    def cli(self, rng, v, kind):
        if kind in ("url-credentials",):
            return 'psql "%s" -c "select 1"' % v
        if kind in CONTEXT_KINDS or kind in sg.MULTILINE_KINDS or kind == "slack-webhook":
            return None
        return rng.choice([
            'curl -sS -H "Authorization: Bearer %s" https://api.example.com/v1/me',
            "docker login -u ci --password %s registry.example.com",
            'curl -u "api:%s" https://api.example.net/v3/messages']) % v


class PowerShell(Container):
    trailing_comment = True
    forms = ['[Environment]::SetEnvironmentVariable("{scream}", "{v}", "User")', '${camel} = ConvertTo-SecureString "{v}" -AsPlainText -Force', "$env:{scream} = '{v}'"]
    header_forms = ['$headers = @{{ Authorization = "Bearer {v}" }}']
    ext, lang = ".ps1", "powershell"
    names = ["deploy.ps1", "setup.ps1"]
    header = ["$ErrorActionPreference = 'Stop'", ""]
    filler_lines = ['Write-Host "Größe ✓ 完成 🎉"', "Import-Module Az", ""]

    def base_assign(self, name, v):
        return random.choice(['$env:%s = "%s"' % (scream(name), v),
                              "$%s = '%s'" % (camel(name), v)])

    def assign_raw(self, name, expr):
        return "$%s = %s" % (camel(name), expr)

    def record(self, fields):
        return "; ".join('Write-Host "%s"' % v if k == "label" else '$%s = "%s"' % (camel(k), v)
                         for k, v in fields)

    def block(self, name, v):
        return ['$%s = @"' % camel(name), v, '"@']

    def env_lookup(self, name):
        return "$env:%s" % scream(name)


class DotEnv(Container):
    forms = ['export {scream}={v}', "{scream}='{v}'", '{scream} = {v}']
    ext, lang = ".env", "dotenv"
    names = [".env", ".env.production", ".env.local", "app.env"]
    style = staticmethod(scream)
    filler_lines = ["NODE_ENV=production", "PORT=8080", "APP_NAME=\"Bäckerei Müller ✓\"",
                    "LOG_LEVEL=info", ""]

    def base_assign(self, name, v):
        return random.choice(['%s=%s', '%s="%s"']) % (scream(name), v)

    def assign_raw(self, name, expr):
        return "%s=%s" % (scream(name), expr)

    def block(self, name, v):
        return ['%s="%s' % (scream(name), v), '"']

    def env_lookup(self, name):
        return "${%s_FROM_VAULT}" % scream(name)


class Yaml(Container):
    trailing_comment = True
    forms = ['  {snake}: "{v}"', '    {camel}: {v}', '- {scream}={v}', '{head}:\n  {tail}: "{v}"', '{head}:\n  {tail}: {v}']
    ext, lang = ".yaml", "yaml"
    names = ["config.yaml", "application.yml", "values.yaml", "secrets.yml"]
    filler_lines = ["replicas: 3", "image: nginx:1.25", "title: \"Größe ✓ 日本語\"",
                    "log_level: info", ""]

    def base_assign(self, name, v):
        return random.choice(['%s: "%s"', "%s: %s", "%s: '%s'"]) % (snake(name), v)

    def assign_raw(self, name, expr):
        return "%s: %s" % (snake(name), expr)

    def record(self, fields):
        return "creds_%d: {%s}" % (random.randrange(100), ", ".join(
            '%s: "%s"' % (snake(k), v) for k, v in fields))

    def block(self, name, v):
        return ["%s: |" % snake(name)] + ["  " + line for line in [v]]

    def env_lookup(self, name):
        return random.choice(['"${%s}"' % scream(name), '"{{ .Values.%s }}"' % camel(name),
                              "\"{{ lookup('env', '%s') }}\"" % scream(name),
                              "\"{{ vault_%s }}\"" % snake(name)])


class Compose(Yaml):
    names = ["docker-compose.yml", "compose.yaml"]
    header = ["services:", "  api:", "    image: ghcr.io/example/api:1.4", "    environment:"]
    filler_lines = ["      TZ: Europe/Zürich", "      LANG: \"de_DE.UTF-8 ✓\"", ""]

    def base_assign(self, name, v):
        return random.choice(['      %s: "%s"', "      - %s=%s"]) % (scream(name), v)

    def assign_raw(self, name, expr):
        return "      %s: %s" % (scream(name), expr)

    def record(self, fields):
        return None

    def block(self, name, v):
        return None

    def env_lookup(self, name):
        return '"${%s:?missing}"' % scream(name)


class K8s(Yaml):
    names = ["secret.yaml", "deployment.yaml"]
    header = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: app-secrets",
              "  annotations:", "    description: \"Geheimnisse für die Produktion 🔐\"",
              "type: Opaque", "stringData:"]
    filler_lines = ["  region: eu-central-1", ""]

    def base_assign(self, name, v):
        return '  %s: "%s"' % (snake(name), v)

    def assign_raw(self, name, expr):
        return "  %s: %s" % (snake(name), expr)

    def record(self, fields):
        return None

    def block(self, name, v):
        return ["  %s: |" % snake(name)] + ["    " + line for line in [v]]

    def env_lookup(self, name):
        return '"{{ .Values.%s }}"' % camel(name)


class Actions(Yaml):
    forms = ['      - uses: docker/login-action@v3\n        with:\n          username: ci\n'
             '          password: {v}',
             '      - uses: example/deploy-action@v2\n        with:\n          {snake}: {v}',
             '      {scream}: "{v}"']
    names = [".github/workflows/ci.yml", ".github/workflows/release.yaml"]
    header = ["name: CI ✓", "on: [push]", "jobs:", "  build:", "    runs-on: ubuntu-latest",
              "    env:"]
    filler_lines = ["      CI: true", "      GREETING: \"こんにちは 👋\"", ""]

    def base_assign(self, name, v):
        return '      %s: %s' % (scream(name), v)

    def assign_raw(self, name, expr):
        return "      %s: %s" % (scream(name), expr)

    def record(self, fields):
        return None

    def block(self, name, v):
        return None

    def env_lookup(self, name):
        return "${{ secrets.%s }}" % scream(name)


class Json(Container):
    forms = ['  "{head}": {{\n    "{tail}": "{v}"\n  }},', '  "{camel}":\t"{v}",']
    ext, lang = ".json", "json"
    names = ["config.json", "appsettings.json", "credentials.json", "settings.json"]
    filler_lines = ['  "name": "Größe ✓ 日本",', '  "port": 8080,', '  "debug": false,']
    header = ["{"]
    footer = ['  "_end": true', "}"]

    def base_assign(self, name, v):
        return '  "%s": "%s",' % (random.choice([snake, camel])(name), v)

    def assign_raw(self, name, expr):
        return '  "%s": %s,' % (camel(name), expr)

    def record(self, fields):
        return '  "creds_%d": {%s},' % (random.randrange(100), ", ".join(
            '"%s": "%s"' % (camel(k), v) for k, v in fields))

    def env_lookup(self, name):
        return '"${%s}"' % scream(name)


class Toml(Container):
    trailing_comment = True
    forms = ["{snake} = '{v}'", '  {snake} = "{v}"', '[{head}]\n{tail} = "{v}"']
    ext, lang = ".toml", "toml"
    names = ["config.toml", "Settings.toml", "netlify.toml"]
    filler_lines = ['[server]', 'port = 8080', 'title = "Größe ✓ 東京"', ""]

    def record(self, fields):
        return "creds = { %s }" % ", ".join('%s = "%s"' % (snake(k), v) for k, v in fields)

    def block(self, name, v):
        return ['%s = """' % snake(name), v + '"""']

    def env_lookup(self, name):
        return '"${%s}"' % scream(name)


class Ini(Container):
    forms = ['{snake}={v}', '{camel} = {v}', '[{head}]\n{tail} = {v}', '{snake}\t=\t{v}']
    ext, lang = ".ini", "ini"
    comment_prefix = ";"
    names = ["config.ini", "setup.cfg", "app.conf", "php.ini"]
    filler_lines = ["[database]", "host = db.internal", "; Größe ✓ 中文", ""]

    def base_assign(self, name, v):
        return "%s = %s" % (snake(name), v)

    def env_lookup(self, name):
        return "%%(%s)s" % scream(name)


class Properties(Container):
    forms = ['{dotted} = {v}', '{dotted}: {v}', '{camel}={v}', 'spring.{dotted}={v}', '{dotted}\t= {v}']
    ext, lang = ".properties", "properties"
    names = ["application.properties", "gradle.properties", "config.properties"]
    filler_lines = ["server.port=8080", "# Größe ✓ 中文", "spring.profiles.active=prod", ""]

    def base_assign(self, name, v):
        return "%s=%s" % (".".join(words(name)), v)

    def assign_raw(self, name, expr):
        return "%s=%s" % (".".join(words(name)), expr)

    def env_lookup(self, name):
        return random.choice(["${%s}" % scream(name), "${%s:}" % scream(name)])


class Xml(Container):
    forms = ['    <server id="{head}" {tail}="{v}" />', '    <{head} {tail}="{v}"/>']
    ext, lang = ".xml", "xml"
    names = ["app.config", "web.config", "pom.xml", "settings.xml"]
    header = ['<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <appSettings>"]
    footer = ["  </appSettings>", "</configuration>"]
    filler_lines = ['    <add key="Title" value="Größe ✓ 東京" />',
                    '    <add key="Retries" value="3" />', ""]

    def comment(self, text):
        return "    <!-- %s -->" % text

    def base_assign(self, name, v):
        if random.random() < 0.5:
            return '    <add key="%s" value="%s" />' % (pascal(name), v)
        return "    <%s>%s</%s>" % (camel(name), v, camel(name))

    def assign_raw(self, name, expr):
        return '    <add key="%s" value="%s" />' % (pascal(name), expr)

    def record(self, fields):
        return "    <add %s />" % " ".join('%s="%s"' % (camel(k), v) for k, v in fields)

    def block(self, name, v):
        return ["    <%s>%s" % (pascal(name), v), "    </%s>" % pascal(name)]

    def env_lookup(self, name):
        return "${env.%s}" % scream(name)


class Terraform(Container):
    trailing_comment = True
    forms = ['variable "{snake}" {{ default = "{v}" }}', '  {snake}    = "{v}"', '  {snake} = <<-EOT\n    {v}\n  EOT']
    ext, lang = ".tf", "terraform"
    names = ["main.tf", "providers.tf", "variables.tf"]
    header = ['resource "aws_instance" "web" {', '  ami = "ami-0c55b159cbfafe1f0"', "}",
              'provider "example" {']
    footer = ["}"]
    indent = "  "
    filler_lines = ['  region = "eu-central-1"', '  # Größe ✓ 東京', ""]

    def block(self, name, v):
        return ["  %s = <<EOT" % snake(name), v, "EOT"]

    def env_lookup(self, name):
        return random.choice(["var.%s" % snake(name), "random_password.%s.result" % snake(name),
                              "data.aws_secretsmanager_secret_version.%s.secret_string"
                              % snake(name)])


class Dockerfile(Container):
    forms = ['ENV {scream} {v}', 'RUN echo "{scream}={v}" >> /app/.env', 'ENV {scream}={v} \\\n    LANG=C.UTF-8']
    ext, lang = "", "dockerfile"
    names = ["Dockerfile", "Dockerfile.prod"]
    header = ["FROM python:3.12-slim", "WORKDIR /app"]
    filler_lines = ["COPY . .", "RUN pip install -r requirements.txt",
                    '# Größe ✓ 東京 🐳', 'LABEL description="Bäckerei ✓"', ""]

    def base_assign(self, name, v):
        return random.choice(['ENV %s="%s"', "ARG %s=%s"]) % (scream(name), v)

    def assign_raw(self, name, expr):
        return "ENV %s=%s" % (scream(name), expr)

    def record(self, fields):
        return "ENV " + " ".join('%s="%s"' % ("TITLE" if k == "label" else scream(k), v)
                                 for k, v in fields)

    def env_lookup(self, name):
        return "${%s}" % scream(name)

    def cli(self, rng, v, kind):
        if kind in CONTEXT_KINDS or kind in sg.MULTILINE_KINDS or kind == "url-credentials":
            return None
        return 'RUN curl -fsSL -H "Authorization: token %s" https://api.example.com/x' % v

# ---- Containers added for the second widening: more languages and config formats. ----


class Elixir(Container):
    code = True
    trailing_comment = True
    forms = ['  {snake}: "{v}",', '@{snake} "{v}"', 'System.put_env("{scream}", "{v}")',
             'config :my_app, MyApp.Repo, {snake}: "{v}"']
    ext, lang = ".exs", "elixir"
    names = ["runtime.exs", "prod.exs", "config.exs"]
    header = ["import Config", ""]
    filler_lines = ['config :logger, level: :info', '# Größe ✓ 東京', 'config :my_app, port: 4000',
                    ""]

    def base_assign(self, name, v):
        return 'config :my_app, %s: "%s"' % (snake(name), v)

    def assign_raw(self, name, expr):
        return "config :my_app, %s: %s" % (snake(name), expr)

    def record(self, fields):
        return "config :my_app, " + ", ".join('%s: "%s"' % (snake(k), v) for k, v in fields)

    def env_lookup(self, name):
        return random.choice(['System.get_env("%s")', 'System.fetch_env!("%s")']) % scream(name)


class Scala(Container):
    code = True
    trailing_comment = True
    forms = ['  val {camel}: String = "{v}"', '  private val {camel} = "{v}"',
             '  System.setProperty("{dotted}", "{v}")']
    ext, lang = ".scala", "scala"
    comment_prefix = "//"
    names = ["Config.scala", "Main.scala"]
    header = ["package example", "", "object Config {"]
    footer = ["}"]
    filler_lines = ['  val title = "Größe ✓ 東京"', "  val retries = 3", ""]

    def base_assign(self, name, v):
        return '  val %s = "%s"' % (camel(name), v)

    def assign_raw(self, name, expr):
        return "  val %s = %s" % (camel(name), expr)

    def record(self, fields):
        return "  val cfg = Settings(%s)" % ", ".join('%s = "%s"' % (camel(k), v)
                                                      for k, v in fields)

    def env_lookup(self, name):
        return random.choice(['sys.env("%s")', 'sys.env.getOrElse("%s", "")']) % scream(name)


class Hocon(Container):
    trailing_comment = True
    forms = ['  {camel}: "{v}"', '{dotted} = "{v}"', '{head} {{\n  {tail} = "{v}"\n}}']
    ext, lang = ".conf", "hocon"
    names = ["application.conf", "reference.conf"]
    filler_lines = ['akka.loglevel = "INFO"', '# Größe ✓ 東京', "http.port = 9000", ""]

    def base_assign(self, name, v):
        return '%s = "%s"' % (camel(name), v)

    def assign_raw(self, name, expr):
        return "%s = %s" % (camel(name), expr)

    def env_lookup(self, name):
        return "${?%s}" % scream(name)


class Gradle(Container):
    code = True
    trailing_comment = True
    forms = ['        buildConfigField "String", "{scream}", "\\"{v}\\""',
             "ext.{camel} = '{v}'", '            password = "{v}"',
             '        manifestPlaceholders = [{camel}: "{v}"]']
    ext, lang = ".gradle", "groovy"
    comment_prefix = "//"
    names = ["build.gradle"]
    header = ["plugins { id 'java' }", ""]
    filler_lines = ["repositories { mavenCentral() }", "// Größe ✓ 東京",
                    "version = '1.0.0'", ""]

    def base_assign(self, name, v):
        return "def %s = '%s'" % (camel(name), v)

    def assign_raw(self, name, expr):
        return "def %s = %s" % (camel(name), expr)

    def env_lookup(self, name):
        return random.choice(['System.getenv("%s")', "project.findProperty('%s')"]) % \
            scream(name)


class Lua(Container):
    code = True
    trailing_comment = True
    forms = ['  {snake} = "{v}",', "config.{snake} = '{v}'", 'local {snake} = [[{v}]]']
    ext, lang = ".lua", "lua"
    comment_prefix = "--"
    names = ["config.lua", "init.lua"]
    filler_lines = ['local title = "Größe ✓ 東京"', "local M = {}", "return M", ""]

    def base_assign(self, name, v):
        return 'local %s = "%s"' % (snake(name), v)

    def assign_raw(self, name, expr):
        return "local %s = %s" % (snake(name), expr)

    def record(self, fields):
        return "local cfg = { %s }" % ", ".join('%s = "%s"' % (snake(k), v) for k, v in fields)

    def env_lookup(self, name):
        return 'os.getenv("%s")' % scream(name)


class RLang(Container):
    code = True
    trailing_comment = True
    forms = ['Sys.setenv({scream} = "{v}")', '{snake} = "{v}"', "options({dotted} = '{v}')"]
    ext, lang = ".R", "r"
    names = ["setup.R", "analysis.R"]
    filler_lines = ['library(httr)', 'titel <- "Größe ✓ 東京"', ""]

    def base_assign(self, name, v):
        return '%s <- "%s"' % (snake(name), v)

    def assign_raw(self, name, expr):
        return "%s <- %s" % (snake(name), expr)

    def record(self, fields):
        return "cfg <- list(%s)" % ", ".join('%s = "%s"' % (snake(k), v) for k, v in fields)

    def env_lookup(self, name):
        return 'Sys.getenv("%s")' % scream(name)


class Perl(Container):
    code = True
    trailing_comment = True
    forms = ["$ENV{{{scream}}} = '{v}';", "    {snake} => '{v}',", 'our ${scream} = "{v}";']
    ext, lang = ".pl", "perl"
    names = ["deploy.pl", "Config.pm"]
    header = ["use strict;", "use warnings;", ""]
    filler_lines = ['my $title = "Größe ✓ 東京";', "1;", ""]

    def base_assign(self, name, v):
        return "my $%s = '%s';" % (snake(name), v)

    def assign_raw(self, name, expr):
        return "my $%s = %s;" % (snake(name), expr)

    def record(self, fields):
        return "my %%cfg = (%s);" % ", ".join("%s => '%s'" % (snake(k), v) for k, v in fields)

    def env_lookup(self, name):
        return "$ENV{%s}" % scream(name)


class Fish(Container):
    trailing_comment = True
    forms = ['set -gx {scream} "{v}"', "set -Ux {scream} '{v}'"]
    ext, lang = ".fish", "fish"
    names = ["config.fish", "env.fish"]
    filler_lines = ['set -gx LANG de_DE.UTF-8', 'echo "Größe ✓ 東京"', ""]

    def base_assign(self, name, v):
        return "set -x %s %s" % (scream(name), v)

    def assign_raw(self, name, expr):
        return "set -x %s %s" % (scream(name), expr)

    def env_lookup(self, name):
        return "(cat ~/.secrets/%s)" % snake(name)


class Makefile(Container):
    trailing_comment = True
    forms = ['{scream} ?= {v}', 'export {scream} = {v}', '\t@{scream}={v} ./scripts/deploy.sh',
             '{scream} = {v}']
    ext, lang = "", "makefile"
    names = ["Makefile", "deploy.mk"]
    header = [".PHONY: deploy", ""]
    filler_lines = ["deploy:", "\t@echo 'Größe ✓ 東京'", "IMAGE := example/app", ""]

    def base_assign(self, name, v):
        return "%s := %s" % (scream(name), v)

    def assign_raw(self, name, expr):
        return "%s := %s" % (scream(name), expr)

    def env_lookup(self, name):
        return random.choice(["$(%s)", "$(shell vault kv get -field=value secret/%s)"]) % \
            scream(name)


class CMake(Container):
    trailing_comment = True
    forms = ['set(ENV{{{scream}}} "{v}")', 'set({scream} "{v}" CACHE STRING "")',
             'add_compile_definitions({scream}="{v}")']
    ext, lang = ".txt", "cmake"
    names = ["CMakeLists.txt"]
    header = ["cmake_minimum_required(VERSION 3.20)", "project(app CXX)", ""]
    filler_lines = ['message(STATUS "Größe ✓ 東京")', "add_executable(app main.cpp)", ""]

    def base_assign(self, name, v):
        return 'set(%s "%s")' % (scream(name), v)

    def assign_raw(self, name, expr):
        return "set(%s %s)" % (scream(name), expr)

    def env_lookup(self, name):
        return '"$ENV{%s}"' % scream(name)


class Sql(Container):
    trailing_comment = True
    forms = ["ALTER ROLE app_user WITH LOGIN PASSWORD '{v}';",
             "CREATE USER reporting WITH PASSWORD '{v}';",
             "ALTER USER 'app'@'%' IDENTIFIED BY '{v}';",
             "INSERT INTO settings (name, value) VALUES ('{snake}', '{v}');"]
    ext, lang = ".sql", "sql"
    comment_prefix = "--"
    names = ["init.sql", "seed.sql", "migrate.sql"]
    filler_lines = ["CREATE DATABASE app;", "-- Größe ✓ 東京",
                    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;", ""]

    base_names_value = False

    def base_assign(self, name, v):
        return "CREATE USER app_user IDENTIFIED BY '%s';" % v

    def assign_raw(self, name, expr):
        return "SET @%s = %s;" % (snake(name), expr)

    def env_lookup(self, name):
        return "current_setting('app.%s')" % snake(name)


class K8sDeployment(Yaml):
    names = ["deployment.yaml", "statefulset.yaml"]
    header = ["apiVersion: apps/v1", "kind: Deployment", "spec:", "  template:", "    spec:",
              "      containers:", "        - name: api", "          env:"]
    filler_lines = ["            - name: TZ", "              value: Europe/Zürich", ""]
    forms = ['            - name: {scream}\n              value: {v}']

    def base_assign(self, name, v):
        return '            - name: %s\n              value: "%s"' % (scream(name), v)

    def assign_raw(self, name, expr):
        return "            - name: %s\n              %s" % (scream(name), expr)

    def record(self, fields):
        return None

    def block(self, name, v):
        return None

    def env_lookup(self, name):
        return random.choice([
            "valueFrom:\n                secretKeyRef: {name: app, key: %s}" % snake(name),
            'value: "$(%s)"' % scream(name)])


class Ansible(Yaml):
    names = ["group_vars/all.yml", "host_vars/db01.yml", "inventory.yml"]
    header = ["---"]
    filler_lines = ["ansible_user: deploy", "ansible_port: 22", "# Größe ✓ 東京", ""]
    forms = ['ansible_password: "{v}"', "ansible_become_pass: '{v}'", 'vault_{snake}: {v}']

    def env_lookup(self, name):
        return random.choice(['"{{ vault_%s }}"' % snake(name),
                              "\"{{ lookup('env', '%s') }}\"" % scream(name)])



class Batch(Container):
    forms = ['set "{scream}={v}"', 'setx {scream} "{v}"', 'SET {scream}={v}']
    ext, lang = ".bat", "bat"
    comment_prefix = "REM"
    names = ["deploy.bat", "setup.cmd"]
    header = ["@echo off", "chcp 65001 > nul"]
    filler_lines = ["echo Größe ✓ 東京", "cd /d %~dp0", ""]

    def base_assign(self, name, v):
        return "set %s=%s" % (scream(name), v)

    def assign_raw(self, name, expr):
        return "set %s=%s" % (scream(name), expr)

    def env_lookup(self, name):
        return "%%%s%%" % scream(name)


class Jenkinsfile(Container):
    code = True
    trailing_comment = True
    forms = ["        {scream} = '{v}'", '        {scream} = "{v}"',
             "    sh 'curl -H \"Authorization: Bearer {v}\" https://api.example.com'"]
    ext, lang = "", "groovy"
    comment_prefix = "//"
    names = ["Jenkinsfile"]
    header = ["pipeline {", "    agent any", "    environment {"]
    footer = ["    }", "}"]
    filler_lines = ["        LANG = 'de_DE.UTF-8'", "        // Größe ✓ 東京", ""]

    def base_assign(self, name, v):
        return "        %s = '%s'" % (scream(name), v)

    def assign_raw(self, name, expr):
        return "        %s = %s" % (scream(name), expr)

    def env_lookup(self, name):
        return "credentials('%s')" % snake(name).replace("_", "-")


class Dart(Container):
    code = True
    trailing_comment = True
    forms = ["  static const {camel} = '{v}';", "final String {camel} = \"{v}\";",
             "const String {camel} = String.fromEnvironment('{scream}', defaultValue: '{v}');"]
    ext, lang = ".dart", "dart"
    comment_prefix = "//"
    names = ["config.dart", "env.dart"]
    header = ["import 'package:flutter/material.dart';", ""]
    filler_lines = ["const title = 'Größe ✓ 東京';", "void main() {}", ""]

    def base_assign(self, name, v):
        return "const %s = '%s';" % (camel(name), v)

    def assign_raw(self, name, expr):
        return "final %s = %s;" % (camel(name), expr)

    def env_lookup(self, name):
        return "Platform.environment['%s']" % scream(name)


class ObjC(Container):
    code = True
    trailing_comment = True
    forms = ['static NSString * const k{pascal} = @"{v}";',
             '[request setValue:@"Bearer {v}" forHTTPHeaderField:@"Authorization"];']
    ext, lang = ".m", "objective-c"
    comment_prefix = "//"
    names = ["AppDelegate.m", "APIClient.m"]
    header = ["#import <Foundation/Foundation.h>", ""]
    filler_lines = ['NSString *title = @"Größe ✓ 東京";', "@end", ""]

    def base_assign(self, name, v):
        return 'NSString *%s = @"%s";' % (camel(name), v)

    def assign_raw(self, name, expr):
        return "NSString *%s = %s;" % (camel(name), expr)

    def env_lookup(self, name):
        return '[[NSProcessInfo processInfo] environment][@"%s"]' % scream(name)


class SpringXml(Container):
    forms = ['        <property name="{camel}" value="{v}"/>', '    <entry key="{dotted}">{v}</entry>',
             '    <constructor-arg name="{camel}" value="{v}"/>']
    ext, lang = ".xml", "xml"
    names = ["applicationContext.xml", "beans.xml"]
    header = ['<?xml version="1.0" encoding="UTF-8"?>', "<beans>",
              '    <bean id="dataSource" class="org.apache.commons.dbcp2.BasicDataSource">']
    footer = ["    </bean>", "</beans>"]
    filler_lines = ['        <property name="url" value="jdbc:postgresql://db:5432/app"/>',
                    "    <!-- Größe ✓ 東京 -->", ""]

    def comment(self, text):
        return "    <!-- %s -->" % text

    def base_assign(self, name, v):
        return '        <property name="%s" value="%s"/>' % (camel(name), v)

    def assign_raw(self, name, expr):
        return '        <property name="%s" value="%s"/>' % (camel(name), expr)

    def env_lookup(self, name):
        return "${%s}" % ".".join(words(name))


class Systemd(Container):
    forms = ['Environment="{scream}={v}"', 'Environment={scream}={v}']
    ext, lang = ".service", "systemd"
    names = ["app.service"]
    header = ["[Unit]", "Description=Bäckerei API ✓", "", "[Service]"]
    filler_lines = ["Restart=always", "User=app", "# Größe ✓ 東京", ""]

    def base_assign(self, name, v):
        return 'Environment="%s=%s"' % (scream(name), v)

    def assign_raw(self, name, expr):
        return "Environment=%s=%s" % (scream(name), expr)

    def env_lookup(self, name):
        return "EnvironmentFile=/etc/app/%s" % snake(name)


CONTAINERS = [Python, JavaScript, TypeScript, Go, Java, Kotlin, CSharp, Ruby, Php, Rust, Swift,
              C, Shell, PowerShell, DotEnv, Yaml, Compose, K8s, Actions, Json, Toml, Ini,
              Properties, Xml, Terraform, Dockerfile, Elixir, Scala, Hocon, Gradle, Lua, RLang,
              Perl, Fish, Makefile, CMake, Sql, K8sDeployment, Ansible, Batch, Jenkinsfile, Dart,
              ObjC, SpringXml, Systemd]
BOM_LANGS = {"csharp", "json", "xml", "powershell", "ini", "dotenv", "properties"}
LANG_BY_EXT = {".h": "c", ".cpp": "cpp", ".hpp": "cpp", ".bash": "shellscript",
               ".yml": "yaml", ".config": "xml", ".cfg": "ini", ".conf": "ini"}


# ---------------------------------------------------------------------------------------
# Planting
# ---------------------------------------------------------------------------------------


def value_line_forms(c, rng, b, kind, name, v):
    """Lines carrying one (marked) value v in container c."""
    if "\n" in v:
        lines = c.block(name, v)
        if lines:
            return lines
        v = v.replace("\n", "\\n")
    if kind not in CONTEXT_KINDS and rng.random() < 0.25:
        line = c.cli(rng, v, kind)
        if line:
            return [line]
    if kind in HEADER_KINDS and rng.random() < 0.2:
        line = c.header_line(v)
        if line:
            return [line]
    return [c.assign(name, v)]


def fix_multiline_block(c, lines):
    """Indentation-sensitive containers (YAML) indent every line of a block value."""
    if isinstance(c, Yaml) and len(lines) > 1:
        pad = re.match(r"\s*", lines[1]).group(0)
        return [lines[0]] + [lines[1].replace("\n", "\n" + pad)]
    return lines


def plant_secret(c, rng, b, kind):
    gen, names = sg.KINDS[kind]
    name = rng.choice(names)
    value = gen(rng)
    if "\n" in value and c.block(name, "x") is None:
        value = value.replace("\n", "\\n")
    v = b.mark(value, kind, "positive")
    return fix_multiline_block(c, value_line_forms(c, rng, b, kind, name, v))


def plant_aws_pair(c, rng, b):
    kid = b.mark(sg.aws_key_id(rng), "aws-access-key-id", "positive")
    sec = b.mark(sg.aws_secret(rng), "aws-secret-access-key", "positive")
    upper = rng.random() < 0.5
    return [c.assign("AWS_ACCESS_KEY_ID" if upper else "aws_access_key_id", kid),
            c.assign("AWS_SECRET_ACCESS_KEY" if upper else "aws_secret_access_key", sec)]


def plant_negative(c, rng, b, kind):
    if kind == "env-lookup":
        name = rng.choice(["STRIPE_SECRET_KEY", "DB_PASSWORD", "GITHUB_TOKEN", "API_KEY",
                           "client_secret"])
        expr = c.env_lookup(name)
        if expr is None and isinstance(c, Java):
            return ['    @Value("%s")' % b.mark("${%s}" % ".".join(words(name)),
                                                  "negative:env-lookup", "negative"),
                    "    private String %s;" % camel(name)]
        if expr is None:
            return []
        return [c.assign_raw(name, b.mark(expr, "negative:env-lookup", "negative"))]
    if kind == "code-expr":
        if not c.code:
            return []
        name = rng.choice(["password", "api_key", "GITHUB_TOKEN", "client_secret", "secret",
                           "auth_token", "DB_PASSWORD"])
        expr = rng.choice(sg.CODE_EXPRESSIONS)
        return [c.assign_raw(name, b.mark(expr, "negative:code-expr", "negative"))]
    gen, names = sg.NEGATIVES[kind]
    name = rng.choice(names)
    value = gen(rng)
    if "\n" in value and c.block(name, "x") is None:
        value = value.replace("\n", "\\n")
    v = b.mark(value, "negative:" + kind, "negative")
    if "\n" in value:
        return fix_multiline_block(c, c.block(name, v))
    return [c.assign(name, v, named=True)]


def plant_record(c, rng, b, kinds, with_label):
    """One line with a unicode label and/or two secrets: None if the container has none."""
    if c.record([("label", "x"), ("k", "y")]) is None:
        return None
    fields = []
    for kind in kinds:
        gen, names = sg.KINDS[kind]
        fields.append((rng.choice(names), b.mark(gen(rng), kind, "positive")))
    if with_label:
        # Usually before the secrets; between two of them sometimes (unicode between).
        at = 1 if len(fields) > 1 and rng.random() < 0.3 else 0
        fields.insert(at, ("label", rng.choice(UNICODE_SNIPPETS)))
    return [c.record(fields)]


def single_line_kinds():
    return [k for k in sg.KINDS if k not in sg.MULTILINE_KINDS and k != "gcp-service-account"
            and not k.startswith("aws-")]


def unicode_comment(c, rng):
    return c.comment("%s — %s" % (rng.choice(UNICODE_SNIPPETS), rng.choice(UNICODE_SNIPPETS)))


def decorate(c, rng, chunk):
    """Unicode on the value's own line: a trailing comment, or a C-style comment before it."""
    if len(chunk) != 1 or "\n" in chunk[0] or OPEN not in chunk[0]:
        return chunk
    line = chunk[0]
    roll = rng.random()
    if c.trailing_comment and roll < 0.2:
        line += rng.choice(["  ", " ", "\t"]) + c.comment(rng.choice(UNICODE_SNIPPETS))
    elif c.code and c.comment_prefix == "//" and roll < 0.3:
        indent = re.match(r"[ \t]*", line).group(0)
        line = "%s/* %s */ %s" % (indent, rng.choice(UNICODE_SNIPPETS), line[len(indent):])
    return [line]


def body_lines(c, rng, b, n_secrets, n_negatives):
    """The planted and filler lines of one file, in a random order of chunks."""
    chunks = []
    kinds = single_line_kinds()
    for _ in range(n_secrets):
        roll = rng.random()
        if roll < 0.08:
            chunks.append(plant_aws_pair(c, rng, b))
            continue
        if roll < 0.16:
            kind = rng.choice(sorted(sg.MULTILINE_KINDS))
            chunks.append(plant_secret(c, rng, b, kind))
            continue
        if roll < 0.40:
            want = [rng.choice(kinds)] + ([rng.choice(kinds)] if rng.random() < 0.5 else [])
            rec = plant_record(c, rng, b, [k for k in want if k not in CONTEXT_KINDS] or
                               ["github-pat"], with_label=rng.random() < 0.8)
            if rec:
                chunks.append(rec)
                continue
        chunks.append(plant_secret(c, rng, b, rng.choice(kinds)))
    neg_kinds = sorted(sg.NEGATIVES) + ["env-lookup", "env-lookup", "code-expr", "code-expr"]
    for _ in range(n_negatives):
        lines = plant_negative(c, rng, b, rng.choice(neg_kinds))
        if lines:
            chunks.append(lines)
    rng.shuffle(chunks)
    chunks = [decorate(c, rng, chunk) for chunk in chunks]
    out = []
    for chunk in chunks:
        if rng.random() < 0.6:
            out.append(unicode_comment(c, rng))
        for _ in range(rng.randrange(0, 3)):
            out.append(c.filler(rng))
        out.extend(chunk)
    return out


def gcp_service_account_json(rng, b):
    key = b.mark(sg.gcp_private_key(rng), "gcp-service-account", "positive")
    project = "proj-" + sg.pick(rng, sg.LOWER, 6)
    kid = b.mark(sg.pick(rng, sg.HEX, 40), "negative:private-key-id", "negative")
    return ["{", '  "type": "service_account",', '  "project_id": "%s",' % project,
            '  "private_key_id": "%s",' % kid, '  "private_key": "%s",' % key,
            '  "client_email": "deployer@%s.iam.gserviceaccount.com",' % project,
            '  "client_id": "%s",' % sg.pick(rng, sg.DIGITS, 21),
            '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",',
            '  "description": "Dienstkonto für Lädt ✓ 部署"', "}"]


def markdown_file(rng, b):
    inner_cls = rng.choice([Shell, Yaml, Python, DotEnv, Json, JavaScript])
    inner = inner_cls()
    fence = {"shellscript": "bash", "dotenv": "ini"}.get(inner.lang, inner.lang)
    lines = ["# Einrichtung / セットアップ ✓", "",
             "Dieser Leitfaden erklärt die Konfiguration. 🚀 Bitte die Schlüssel rotieren.", "",
             "```" + fence]
    lines += inner.header + body_lines(inner, rng, b, rng.randrange(1, 4),
                                       rng.randrange(0, 3)) + inner.footer
    lines += ["```", "", "Weitere Infos: siehe Wiki — 詳細はこちら 😀", ""]
    return lines


def minified_js(rng, b):
    """One long line: a bundle with unicode strings and secrets deep inside it."""
    parts = []
    for _ in range(rng.randrange(40, 120)):
        parts.append('%s:"%s"' % (sg.pick(rng, sg.LOWER, 2), rng.choice(UNICODE_SNIPPETS)))
        parts.append("%s:function(e){return e*%d}" % (sg.pick(rng, sg.LOWER, 2),
                                                        rng.randrange(99)))
    for _ in range(rng.randrange(1, 4)):
        kind = rng.choice([k for k in single_line_kinds() if k not in CONTEXT_KINDS])
        gen, names = sg.KINDS[kind]
        parts.insert(rng.randrange(len(parts)), '%s:"%s"' % (
            camel(rng.choice(names)), b.mark(gen(rng), kind, "positive")))
    return ["/*! bundle.min.js — © 2024 Ünïcödé GmbH 🚀 */",
            "!function(){var n={%s};window.__cfg=n}();" % ",".join(parts)]


def npmrc(rng, b):
    token = b.mark(sg.npm_token(rng), "npm", "positive")
    return ["; Größe ✓ — registre privé 📦", "registry=https://registry.npmjs.org/",
            "//registry.npmjs.org/:_authToken=%s" % token, "always-auth=true"]


def markdown_table(rng, b):
    rows = ["# Zugangsdaten (nur Staging!) — 認証情報 🔑", "",
            "| Dienst | Schlüssel | Hinweis |", "|---|---|---|"]
    for _ in range(rng.randrange(2, 5)):
        kind = rng.choice([k for k in single_line_kinds() if k not in CONTEXT_KINDS])
        gen, _ = sg.KINDS[kind]
        rows.append("| %s ✓ | `%s` | %s |" % (kind, b.mark(gen(rng), kind, "positive"),
                                              rng.choice(UNICODE_SNIPPETS)))
    rows.append("| Farbe | `%s` | 🎨 |" % b.mark("#" + sg.pick(rng, sg.HEX, 6),
                                                  "negative:css-colour", "negative"))
    return rows + [""]

# ---- Credential files and notebooks with a fixed layout (second widening). ----


def token_kind(rng):
    """A prefixed token kind (recognisable without its variable name)."""
    return rng.choice([k for k in single_line_kinds() if k not in CONTEXT_KINDS and
                       k not in ("url-credentials", "slack-webhook", "azure-storage",
                                 "discord-webhook")])


def positive(rng, b, kind):
    return b.mark(sg.KINDS[kind][0](rng), kind, "positive")


def password(rng, b):
    return b.mark(sg.generic_secret(rng), "generic-password", "positive")


def pgpass(rng, b):
    """~/.pgpass: hostname:port:database:username:password, one entry a line."""
    lines = ["# Größe ✓ — Zugänge 🐘"]
    for host in rng.sample(["db.internal", "localhost", "10.0.3.17", "*"], rng.randrange(1, 4)):
        lines.append("%s:5432:%s:%s:%s" % (host, rng.choice(["app", "*", "orders"]),
                                           rng.choice(["postgres", "app_rw", "report"]),
                                           password(rng, b)))
    return ".pgpass", "plaintext", lines


def git_credentials(rng, b):
    """~/.git-credentials: https://user:TOKEN@host, as git's store helper writes it."""
    lines = []
    for _ in range(rng.randrange(1, 3)):
        kind = rng.choice(["github-pat", "github-fine-grained", "gitlab-pat", "github-oauth"])
        host = "gitlab.com" if kind == "gitlab-pat" else "github.com"
        lines.append("https://%s:%s@%s" % (rng.choice(["ci-bot", "oauth2", "jörg"]),
                                           positive(rng, b, kind), host))
    return ".git-credentials", "plaintext", lines


def pypirc(rng, b):
    lines = ["[distutils]", "index-servers =", "    pypi", "    private", "",
             "[pypi]", "username = __token__", "password = %s" % positive(rng, b, "pypi"), "",
             "[private]", "repository = https://pypi.example.com/simple/",
             "username = déploiement", "password = %s" % password(rng, b)]
    return ".pypirc", "ini", lines


def pip_conf(rng, b):
    user = rng.choice(["ci", "build"])
    url = "https://%s:%s@pypi.example.com/simple/" % (user, b.mark(
        sg.pick(rng, sg.ALNUM, 20), "url-credentials", "positive"))
    return "pip.conf", "ini", ["[global]", "# Größe ✓ 東京", "index-url = " + url,
                               "trusted-host = pypi.example.com"]


def maven_settings(rng, b):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<settings>", "  <servers>"]
    for sid in rng.sample(["nexus", "github", "central", "ossrh"], rng.randrange(1, 3)):
        value = positive(rng, b, "github-pat") if sid == "github" else password(rng, b)
        lines += ["    <server>", "      <id>%s</id>" % sid,
                  "      <username>déployeur</username>",
                  "      <password>%s</password>" % value, "    </server>"]
    return "settings.xml", "xml", lines + ["  </servers>", "</settings>"]


def appsettings_connection_strings(rng, b):
    pw = password(rng, b)
    server = rng.choice(["tcp:sql-prod.database.windows.net,1433", "localhost\\\\SQLEXPRESS",
                         "db.internal"])
    conn = "Server=%s;Initial Catalog=Shop;User ID=app;Password=%s;Encrypt=True;" % (server, pw)
    if rng.random() < 0.5:
        conn = "Host=db.internal;Port=5432;Database=shop;Username=app;Password=%s" % pw
    return "appsettings.json", "json", [
        "{", '  "Logging": { "LogLevel": { "Default": "Information" } },',
        '  "Title": "Größe ✓ 東京",', '  "ConnectionStrings": {',
        '    "DefaultConnection": "%s"' % conn, "  },",
        '  "Stripe": { "SecretKey": "%s" }' % positive(rng, b, "stripe-secret"), "}"]


def notebook(rng, b):
    """A Jupyter notebook: code lines are JSON strings with escaped quotes and a \\n."""
    py = Python()
    src = []
    for _ in range(rng.randrange(1, 4)):
        kind = rng.choice(single_line_kinds())
        name = rng.choice(sg.KINDS[kind][1])
        src.append(py.assign(name, positive(rng, b, kind)))
    src.append('print("Größe ✓ 東京 🚀")')
    cell = ",\n".join("    " + json.dumps(line + "\n", ensure_ascii=False) for line in src)
    return "analysis.ipynb", "json", [
        "{", ' "cells": [', "  {", '   "cell_type": "markdown",',
        '   "source": ["# Auswertung ✓ 分析"]', "  },", "  {", '   "cell_type": "code",',
        '   "execution_count": 1,', '   "source": [', cell, "   ]", "  }", " ],",
        ' "nbformat": 4', "}"]


def sops_file(rng, b):
    """A SOPS-encrypted YAML file: every value is ENC[AES256_GCM,...] (a hard negative)."""
    lines = ["# Größe ✓ — verschlüsselt mit sops 🔐"]
    for name in rng.sample(["db_password", "api_key", "stripe_secret_key", "github_token"], 3):
        enc = "ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]" % (
            base64.b64encode(bytes(rng.getrandbits(8) for _ in range(rng.randrange(12, 40))))
            .decode(), base64.b64encode(bytes(rng.getrandbits(8) for _ in range(32))).decode(),
            base64.b64encode(bytes(rng.getrandbits(8) for _ in range(16))).decode())
        lines.append("%s: %s" % (name, b.mark(enc, "negative:sops-encrypted", "negative")))
    lines += ["sops:", "    age:", "        - recipient: age1%s" % sg.pick(rng, sg.BECH32, 58),
              "    lastmodified: \"2024-05-01T10:00:00Z\"", "    version: 3.8.1"]
    return "secrets.enc.yaml", "yaml", lines


def sealed_secret(rng, b):
    """A Bitnami SealedSecret: encryptedData values are ciphertext for the controller."""
    lines = ["apiVersion: bitnami.com/v1alpha1", "kind: SealedSecret", "metadata:",
             "  name: app  # Größe ✓", "spec:", "  encryptedData:"]
    for name in rng.sample(["DB_PASSWORD", "API_KEY", "STRIPE_SECRET_KEY"], 2):
        # kubeseal: 2-byte length of the RSA-OAEP session key (512 for RSA-4096), the key,
        # then the AES-GCM ciphertext; base64 of it starts "AgA".."AgD".
        raw = b"\x02\x00" + bytes(rng.getrandbits(8) for _ in range(512 + rng.randrange(20, 90)))
        blob = base64.b64encode(raw).decode()
        lines.append("    %s: %s" % (name, b.mark(blob, "negative:sealed-secret", "negative")))
    return "sealed-secret.yaml", "yaml", lines


def ansible_vault_vars(rng, b):
    """Ansible vars with an inline !vault value (ciphertext, a hard negative) and a secret."""
    hexlines = [sg.pick(rng, sg.HEX, 80) for _ in range(rng.randrange(3, 6))]
    blob = "\n          ".join(["$ANSIBLE_VAULT;1.1;AES256"] + hexlines)
    return "group_vars/prod.yml", "yaml", [
        "---", "# Größe ✓ 東京", "db_user: app",
        "db_password: !vault |", "          " + b.mark(blob, "negative:ansible-vault",
                                                        "negative"),
        "ansible_become_pass: '%s'" % password(rng, b)]


SPECIAL_FILES = [pgpass, git_credentials, pypirc, pip_conf, maven_settings,
                 appsettings_connection_strings, notebook, sops_file, sealed_secret,
                 ansible_vault_vars]



def make_file(rng, index):
    """(relative path, languageId, text with markers, builder) of one generated file."""
    b = Builder()
    roll = rng.random()
    if roll < 0.04:
        return "f%03d/service-account.json" % index, "json", \
            "\n".join(gcp_service_account_json(rng, b)) + "\n", b
    if roll < 0.10:
        return "f%03d/README.md" % index, "markdown", "\n".join(markdown_file(rng, b)), b
    if roll < 0.12:
        return "f%03d/dist/app.min.js" % index, "javascript", \
            "\n".join(minified_js(rng, b)) + "\n", b
    if roll < 0.14:
        return "f%03d/.npmrc" % index, "ini", "\n".join(npmrc(rng, b)) + "\n", b
    if roll < 0.16:
        return "f%03d/CREDENTIALS.md" % index, "markdown", "\n".join(markdown_table(rng, b)), b
    if roll < 0.26:
        name, lang, lines = rng.choice(SPECIAL_FILES)(rng, b)
        return "f%03d/%s" % (index, name), lang, "\n".join(lines) + "\n", b
    cls = rng.choice(CONTAINERS)
    c = cls()
    n_secrets = rng.choice([1, 2, 2, 3, 3, 4, 5])
    n_negatives = rng.choice([0, 1, 2, 3, 4])
    lines = [unicode_comment(c, rng)] if rng.random() < 0.7 and cls is not Json else []
    if not lines and not c.header and rng.random() < 0.6:
        # First line of the file is a secret (behind a BOM in some files).
        lines = plant_secret(c, rng, b, rng.choice(single_line_kinds()))
    lines += c.header + body_lines(c, rng, b, n_secrets, n_negatives) + c.footer
    name = rng.choice(c.names) if c.names else "file" + c.ext
    ext = os.path.splitext(name)[1]
    lang = LANG_BY_EXT.get(ext, c.lang)
    return "f%03d/%s" % (index, name), lang, "\n".join(lines) + "\n", b


MARK_RE = re.compile("%s(\\d+)%s(.*?)%s" % (OPEN, SEP, CLOSE), re.S)


def unmark(text, items, crlf):
    """Removes markers; returns (bytes, [(item, start_byte, end_byte)])."""
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    out, placed, pos, nbytes = [], [], 0, 0
    for m in MARK_RE.finditer(text):
        before = text[pos:m.start()]
        out.append(before)
        nbytes += len(before.encode("utf-8"))
        value = m.group(2)
        start = nbytes
        out.append(value)
        nbytes += len(value.encode("utf-8"))
        placed.append((items[int(m.group(1))], start, nbytes))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out).encode("utf-8"), placed


def clear_previous_set(out_dir):
    """Removes the files a previous run listed, so that stale files are not scanned."""
    manifest = os.path.join(out_dir, "manifest.json")
    if not os.path.exists(manifest):
        return
    with open(manifest) as fh:
        for f in json.load(fh)["files"]:
            path = os.path.join(out_dir, f["path"])
            if os.path.exists(path):
                os.remove(path)


def generate(seed, out_dir, n_files):
    clear_previous_set(out_dir)
    rng = random.Random(seed)
    random.seed(seed + 1)  # containers pick minor stylistic variants with the module rng
    manifest = {"seed": seed, "files": []}
    for i in range(n_files):
        rel, lang, text, b = make_file(rng, i)
        crlf = rng.random() < 0.2
        if rng.random() < 0.15:  # no newline at the end of the file
            text = text.rstrip("\n")
        # A UTF-8 byte-order mark, as Windows editors write it (C#, JSON, XML, PowerShell...).
        bom = rng.random() < (0.4 if lang in BOM_LANGS else 0.03)
        data, placed = unmark(("\ufeff" if bom else "") + text, b.items, crlf)
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        manifest["files"].append({
            "path": rel, "languageId": lang, "crlf": crlf, "bom": bom,
            "items": [{"start": s, "end": e, "kind": it.kind, "label": it.label}
                      for it, s, e in placed]})
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--files", type=int, default=300)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    m = generate(args.seed, args.out, args.files)
    items = [it for f in m["files"] for it in f["items"]]
    pos = sum(1 for it in items if it["label"] == "positive")
    print("%d files, %d positives, %d negatives -> %s" % (
        len(m["files"]), pos, len(items) - pos, args.out))


if __name__ == "__main__":
    main()
