//===--- fixes_workspace_test.cpp - .env, .gitignore, .secretls.toml logic ----------------===//
#include "fixes_support.h"
#include "server/fixes/workspace_files.h"

#include <filesystem>
#include <fstream>

using namespace secretls::server::fixes;
using secretls::server::testing::fake_token;
using secretls::server::testing::random_alnum;

namespace {

// A fresh folder under the system temp dir, removed at the end of the test.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() / ("secretls-fixes-" + random_alnum(12));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& content) const {
        std::filesystem::create_directories((path / name).parent_path());
        std::ofstream(path / name, std::ios::binary) << content;
    }
};

} // namespace

TEST_CASE(".env values are read as dotenv loaders read them", "[fixes][workspace]") {
    std::string env =
        "# comment\nA=plain # trailing\nexport B='single'\nC=\"dq \\\"x\\\"\"\nA=last\n";
    CHECK(dotenv_value(env, "A") == "last");
    CHECK(dotenv_value(env, "B") == "single");
    CHECK(dotenv_value(env, "C") == "dq \"x\"");
    CHECK_FALSE(dotenv_value(env, "D"));
}

TEST_CASE(".env entries: reuse the same value, never overwrite another", "[fixes][workspace]") {
    auto mine = fake_token(), other = fake_token(), third = fake_token();
    auto e = plan_dotenv_entry(std::nullopt, "K", mine);
    CHECK(e.name == "K");
    CHECK(e.append);
    std::string env = "K=" + mine + "\n";
    e = plan_dotenv_entry(env, "K", mine);
    CHECK(e.name == "K");
    CHECK_FALSE(e.append);
    env = "K=" + other + "\nK_2=" + third + "\n";
    e = plan_dotenv_entry(env, "K", mine);
    CHECK(e.name == "K_3");
    CHECK(e.append);
    env += "K_3=" + mine + "\n";
    CHECK(plan_dotenv_entry(env, "K", mine).name == "K_3");
    CHECK_FALSE(plan_dotenv_entry(env, "K", mine).append);
}

TEST_CASE(".env lines are quoted so that they read back the same", "[fixes][workspace]") {
    CHECK(dotenv_line("K", "abc/+=") == "K=abc/+=");
    CHECK(dotenv_line("K", "a b#c") == "K='a b#c'");
    CHECK(dotenv_line("K", "it's\nx") == "K=\"it's\\nx\"");
    for (std::string v : {std::string("a b#c"), std::string("it's \"q\""), fake_token()})
        CHECK(dotenv_value(dotenv_line("K", v), "K") == v);
    CHECK(appended_line("A=1", "B=2") == "\nB=2\n");
    CHECK(appended_line("A=1\n", "B=2") == "B=2\n");
    CHECK(appended_line("", "B=2") == "B=2\n");
}

TEST_CASE(".gitignore patterns", "[fixes][workspace]") {
    CHECK(gitignore_decides(".env\n", ".env") == true);
    CHECK(gitignore_decides(".env\n", "sub/.env") == true);
    CHECK(gitignore_decides("/.env\n", "sub/.env") == std::nullopt);
    CHECK(gitignore_decides(".env*\n!.env.example\n", ".env.example") == false);
    CHECK(gitignore_decides("*.env\n", ".env") == true);
    CHECK(gitignore_decides("**/.env\n", "a/b/.env") == true);
    CHECK(gitignore_decides("config/\n", "config/.env") == true);
    CHECK(gitignore_decides("# .env\n", ".env") == std::nullopt);
    CHECK(gitignore_decides("node_modules\n", ".env") == std::nullopt);
}

TEST_CASE("dotenv_is_gitignored reads the workspace's ignore files", "[fixes][workspace]") {
    TempDir dir;
    std::string root = dir.path.string();
    CHECK_FALSE(dotenv_is_gitignored(root, root + "/.env"));
    dir.write(".gitignore", "build/\n");
    CHECK_FALSE(dotenv_is_gitignored(root, root + "/.env"));
    dir.write(".gitignore", "build/\n.env\n");
    CHECK(dotenv_is_gitignored(root, root + "/.env"));
    CHECK(dotenv_is_gitignored(root, root + "/app/.env"));
    dir.write("app/.gitignore", "!.env\n");
    CHECK_FALSE(dotenv_is_gitignored(root, root + "/app/.env"));
    CHECK_FALSE(dotenv_is_gitignored(root, "/elsewhere/.env"));
}

TEST_CASE(".secretls.toml: add a rule to disabled", "[fixes][workspace]") {
    CHECK(apply_edits("", disable_rule_edits("", "a-b")) == "disabled = [\"a-b\"]\n");
    CHECK(apply_edits("disabled = [\"x\"]\n", disable_rule_edits("disabled = [\"x\"]\n", "a-b")) ==
          "disabled = [\"a-b\", \"x\"]\n");
    CHECK(disable_rule_edits("disabled = [\n  \"a-b\",\n]\n", "a-b").empty());
    std::string with_table = "[[rule]]\nid = \"x\"\n";
    CHECK(apply_edits(with_table, disable_rule_edits(with_table, "a-b")) ==
          "disabled = [\"a-b\"]\n[[rule]]\nid = \"x\"\n");
}

TEST_CASE("paths and URIs", "[fixes][workspace]") {
    CHECK(path_to_uri("/w/a b/.env") == "file:///w/a%20b/.env");
    CHECK(uri_to_path("file:///w/a%20b/.env") == "/w/a b/.env");
    CHECK_FALSE(uri_to_path("untitled:1"));
    CHECK(join_path("/w/", ".env") == "/w/.env");
    CHECK(unescape_literal("a\\nb\\\"c\\\\") == "a\nb\"c\\");
}
