#!/usr/bin/env python3
"""Differential accuracy test: roadmap-ls against the reference implementation (reference.py).

Both are run over the same Python files (by default the CPython standard library of the
`python3` running this script, without site-packages, and the repository's `examples/`), and the
sets of (file, concept, line) they report are compared; columns are not compared. Files that
CPython cannot parse (or that are not UTF-8) are left out of the comparison.

The script prints, per concept, the reference's count, roadmap-ls's count, TP/FP/FN, precision
and recall, then the overall micro precision and recall, and exits 1 when a target is missed:
- overall micro precision and recall >= 99.5%;
- precision and recall >= 98% for every concept with at least 20 reference occurrences;
- at least one reference occurrence in the corpus for every concept of the catalog;
- roadmap-ls neither crashes nor leaves out a file that CPython parses.

Usage: python3 tests/accuracy/differential.py [--binary PATH] [--paths PATH...] [--jobs N]
                                              [--examples N] [--markdown FILE]
"""

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import sysconfig
import time
import tomllib
from collections import defaultdict
from pathlib import Path

import reference

ROOT = Path(__file__).resolve().parents[2]
CATALOG_TOML = ROOT / "data" / "concepts.toml"
CATALOG_TSV = Path(__file__).resolve().parents[1] / "fixtures" / "spec" / "concepts.tsv"

OVERALL_TARGET = 0.995
CONCEPT_TARGET = 0.98
CONCEPT_TARGET_MINIMUM = 20

# The binary is given the files in batches so that a command line never gets too long.
BATCH = 400


def catalog_ids():
    """The catalog's concept ids: from the repository's data/concepts.toml if it exists, else
    from the spec's concepts.tsv, else the concepts that the reference implements."""
    if CATALOG_TOML.exists():
        with CATALOG_TOML.open("rb") as file:
            return [concept["id"] for concept in tomllib.load(file)["concept"]]
    if CATALOG_TSV.exists():
        return [row.split("\t")[0] for row in CATALOG_TSV.read_text().splitlines()[1:] if row]
    return list(reference.CONCEPTS)


def default_paths():
    paths = [sysconfig.get_paths()["stdlib"]]
    if (ROOT / "examples").is_dir():
        paths.append(str(ROOT / "examples"))
    return paths


def key(path):
    """Paths are compared absolute and normalized, whatever form each side prints them in."""
    return os.path.normpath(os.path.abspath(path))


def occurrence_lines(result):
    """(concept, 0-based line) of every occurrence in one JSON object of either side."""
    return {(item["concept"], item["start"]["line"]) for item in result["occurrences"]}


def run_reference(files, jobs):
    """file key -> set of (concept, line), for the files that CPython parses."""
    parsed = {}
    with multiprocessing.Pool(jobs) as pool:
        for result in pool.imap(reference.report, files, chunksize=8):
            if "error" not in result:
                parsed[key(result["path"])] = occurrence_lines(result)
    return parsed


def run_binary(binary, files):
    """file key -> set of (concept, line), for the files that roadmap-ls reports on, and the list
    of problems (crashes, unparsable output) met on the way."""
    reported, problems = {}, []
    for start in range(0, len(files), BATCH):
        batch = files[start : start + BATCH]
        command = [binary, "check", "--format", "json", *batch]
        run = subprocess.run(command, capture_output=True, text=True, errors="replace")
        # Exit status 1 reports unreadable files; anything else (a panic, a signal) is a crash.
        if run.returncode not in (0, 1):
            problems.append(f"{binary} exited with {run.returncode} on files {start}..: {run.stderr[-2000:]}")
        for line in run.stdout.splitlines():
            try:
                result = json.loads(line)
            except json.JSONDecodeError:
                problems.append(f"unparsable output line: {line[:200]}")
                continue
            if "occurrences" in result:
                reported[key(result["path"])] = occurrence_lines(result)
    return reported, problems


def ratio(numerator, denominator):
    """A precision or recall; None when nothing was there to measure."""
    return numerator / denominator if denominator else None


def percent(value):
    return "n/a" if value is None else f"{100 * value:.2f}%"


class Comparison:
    """The per-concept comparison of the two sides over the files that both cover."""

    def __init__(self, expected, reported, concepts):
        self.concepts = concepts
        self.true, self.false_positives, self.false_negatives = (defaultdict(set) for _ in range(3))
        for path, truth in expected.items():
            found = reported.get(path, set())
            for concept, line in truth & found:
                self.true[concept].add((path, line))
            for concept, line in found - truth:
                self.false_positives[concept].add((path, line))
            for concept, line in truth - found:
                self.false_negatives[concept].add((path, line))

    def counts(self, concept):
        """(reference count, roadmap-ls count, TP, FP, FN, precision, recall)."""
        tp = len(self.true[concept])
        fp = len(self.false_positives[concept])
        fn = len(self.false_negatives[concept])
        return tp + fn, tp + fp, tp, fp, fn, ratio(tp, tp + fp), ratio(tp, tp + fn)

    def micro(self):
        """The overall (micro) precision and recall, over all concepts."""
        tp = sum(len(self.true[c]) for c in self.concepts)
        fp = sum(len(self.false_positives[c]) for c in self.concepts)
        fn = sum(len(self.false_negatives[c]) for c in self.concepts)
        return ratio(tp, tp + fp), ratio(tp, tp + fn)

    def rows(self):
        """The table: a header and one row per concept, as lists of strings."""
        rows = [["concept", "reference", "roadmap-ls", "TP", "FP", "FN", "precision", "recall"]]
        for concept in self.concepts:
            expected, found, tp, fp, fn, precision, recall = self.counts(concept)
            rows.append([concept, *map(str, (expected, found, tp, fp, fn)), percent(precision), percent(recall)])
        return rows

    def missed_targets(self, catalog):
        """A sentence for every accuracy target that is missed."""
        missed = []
        precision, recall = self.micro()
        for name, value in (("precision", precision), ("recall", recall)):
            if value is not None and value < OVERALL_TARGET:
                missed.append(f"overall {name} {percent(value)} < {percent(OVERALL_TARGET)}")
        for concept in self.concepts:
            expected, _, _, _, _, precision, recall = self.counts(concept)
            if concept in catalog and expected == 0:
                missed.append(f"{concept}: no reference occurrence in the corpus")
            if expected >= CONCEPT_TARGET_MINIMUM:
                for name, value in (("precision", precision), ("recall", recall)):
                    if value is not None and value < CONCEPT_TARGET:
                        missed.append(f"{concept}: {name} {percent(value)} < {percent(CONCEPT_TARGET)}")
        return missed


def print_table(rows):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        print("  ".join(cells))


def write_markdown(path, rows, comparison, file_count):
    precision, recall = comparison.micro()
    lines = [
        f"Compared over {file_count} files: overall micro precision {percent(precision)}, "
        f"recall {percent(recall)}.",
        "",
        "| " + " | ".join(rows[0]) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(rows[0]) - 1)) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    Path(path).write_text("\n".join(lines) + "\n")


def source_line(path, line):
    with open(path, "rb") as file:
        text = file.read().decode("utf-8", errors="replace")
    parts = reference.NEWLINE.split(text.encode())
    return parts[line].decode().strip() if line < len(parts) else ""


def print_examples(comparison, limit):
    """Up to `limit` false positives and false negatives per concept, as `path:line: source`
    with 1-based lines, so that editors and terminals can jump to them."""
    for concept in comparison.concepts:
        for title, found in (("false positives", comparison.false_positives), ("false negatives", comparison.false_negatives)):
            if found[concept]:
                print(f"\n{concept}: {title} ({len(found[concept])})")
                for path, line in sorted(found[concept])[:limit]:
                    print(f"  {path}:{line + 1}: {source_line(path, line)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "roadmap-ls"))
    parser.add_argument("--paths", nargs="+", help="files and folders to compare over (default: the stdlib and examples/)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="reference processes to run in parallel")
    parser.add_argument("--examples", type=int, default=0, metavar="N", help="print up to N false positives and negatives per concept")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table as markdown to FILE")
    arguments = parser.parse_args()
    if not os.access(arguments.binary, os.X_OK):
        parser.error(f"no executable at {arguments.binary} (build it with `cargo build --release`)")

    files = list(reference.python_files(arguments.paths or default_paths()))
    started = time.monotonic()
    expected = run_reference(files, arguments.jobs)
    reference_seconds = time.monotonic() - started
    started = time.monotonic()
    reported, problems = run_binary(arguments.binary, files)
    binary_seconds = time.monotonic() - started
    print(
        f"{len(files)} files, {len(expected)} parsed by CPython; reference {reference_seconds:.1f}s "
        f"({arguments.jobs} jobs), roadmap-ls {binary_seconds:.1f}s\n"
    )

    missing = sorted(path for path in expected if path not in reported)
    problems += [f"no output from roadmap-ls for {path}" for path in missing]
    catalog = catalog_ids()
    seen = {concept for result in (*expected.values(), *reported.values()) for concept, _ in result}
    concepts = catalog + sorted(seen - set(catalog))
    comparison = Comparison(expected, reported, concepts)
    rows = comparison.rows()
    print_table(rows)
    precision, recall = comparison.micro()
    print(f"\noverall micro precision {percent(precision)}, recall {percent(recall)}")
    if arguments.markdown:
        write_markdown(arguments.markdown, rows, comparison, len(expected))
    if arguments.examples:
        print_examples(comparison, arguments.examples)

    unknown = {concept for result in reported.values() for concept, _ in result} - set(catalog)
    unknown = [f"{concept}: reported by roadmap-ls but not in the catalog" for concept in sorted(unknown)]
    failures = problems + unknown + comparison.missed_targets(set(catalog))
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
