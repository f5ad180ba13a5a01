#!/usr/bin/env python3
"""Checks editors/helix/languages.toml for shape: Helix cannot run on this machine.

It parses the snippet with tomllib and checks that it uses only keys that Helix's
languages.toml schema has, that roadmap-ls is defined and listed for Python, and that
its config is the `roadmap` section with keys the server knows.
"""
import sys
import tomllib
from pathlib import Path

# From Helix's book, book/src/languages.md, "Language Server configuration" table.
LANGUAGE_SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
# From Helix's book, book/src/languages.md, "Language configuration" table (plus
# `comment-token`, which it names as the backwards-compatible spelling of comment-tokens).
LANGUAGE_KEYS = {
    "name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots",
    "auto-format", "diagnostic-severity", "comment-tokens", "comment-token",
    "block-comment-tokens", "indent", "language-servers", "grammar", "formatter",
    "soft-wrap", "text-width", "rulers", "path-completion", "word-completion",
    "workspace-lsp-roots", "persistent-diagnostic-sources",
}
# Entries of `language-servers` given as tables (same page, "Configuring Language Servers
# for a language").
LANGUAGE_SERVER_ENTRY_KEYS = {"name", "only-features", "except-features"}
# The server's settings (top README, Configuration).
ROADMAP_KEYS = {"roadmaps", "severity", "occurrences", "disabledConcepts", "minimumStage",
                "lessonUrlTemplate", "maxFileSize"}

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   - {what}")
    else:
        failed += 1
        print(f"FAIL - {what}" + (f"  ({detail})" if detail else ""))


path = Path(__file__).with_name("languages.toml")
data = tomllib.loads(path.read_text(encoding="utf-8"))
check(set(data) <= {"language-server", "language", "grammar", "use-grammars"},
      "top-level tables are Helix's", sorted(data))

servers = data.get("language-server", {})
check("roadmap-ls" in servers, "[language-server.roadmap-ls] is defined")
for name, server in servers.items():
    unknown = set(server) - LANGUAGE_SERVER_KEYS
    check(not unknown, f"[language-server.{name}] uses only Helix's keys", f"unknown: {sorted(unknown)}")
rls = servers.get("roadmap-ls", {})
check(rls.get("command") == "roadmap-ls", 'roadmap-ls command = "roadmap-ls"')
check(isinstance(rls.get("args", []), list), "args, if any, is a list")
config = rls.get("config", {})
check(set(config) == {"roadmap"}, "config is the roadmap section", sorted(config))
roadmap = config.get("roadmap", {})
check(set(roadmap) <= ROADMAP_KEYS, "config.roadmap uses only the server's keys",
      f"unknown: {sorted(set(roadmap) - ROADMAP_KEYS)}")
check(roadmap.get("severity") == "hint", 'config.roadmap.severity is the default "hint"')

languages = data.get("language", [])
python = [lang for lang in languages if lang.get("name") == "python"]
check(len(python) == 1, 'one [[language]] name = "python"')
for lang in languages:
    unknown = set(lang) - LANGUAGE_KEYS
    check(not unknown, f"[[language]] {lang.get('name')} uses only Helix's keys", f"unknown: {sorted(unknown)}")
if python:
    entries = python[0].get("language-servers", [])
    names = [e if isinstance(e, str) else e.get("name") for e in entries]
    for e in entries:
        if isinstance(e, dict):
            check(set(e) <= LANGUAGE_SERVER_ENTRY_KEYS, f"language-servers entry {e.get('name')} keys")
    check("roadmap-ls" in names, "python's language-servers lists roadmap-ls", names)
    check(len(names) >= 2 and names[-1] == "roadmap-ls",
          "another Python server is kept before roadmap-ls", names)
    check(all(n in servers or n in {"pylsp", "pyright", "ruff", "jedi", "pylyzer", "basedpyright"} for n in names),
          "every listed server is defined here or by Helix's defaults", names)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
