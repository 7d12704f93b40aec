#!/usr/bin/env python3
"""What chartcheck finds on public charts, per chart and per rule, for judging its precision.

Usage: bench/corpus_findings.py CHARTS_DIR [RENDERS_DIR] [--ci-values] [--chartcheck BIN] [--out DIR]

CHARTS_DIR holds chart sources (each a directory with a Chart.yaml): each is linted as a user
would, `chartcheck lint --no-config DIR` (its defaults, its crds/, rendered by helm for the
newest Kubernetes version), with the `--set`s its README's install line needs (SETS below);
with --ci-values, also with each of its `ci/*.yaml` values files (`-f`).
RENDERS_DIR holds `helm template` outputs, each linted as a manifest file. helm must be on PATH
(`make setup` puts the project's shim in ci/bin).

Each finding gets the hand verdict of bench/corpus_verdicts.tsv (real, taste or wrong) that
matches it; one that none matches is `unjudged`, to be read and judged. Writes
OUT/findings.jsonl (one finding per line, with where it came from and its verdict) and
OUT/table.md (findings per input and rule, then per rule: severity and verdicts), and prints
the table. Exit 1 when a finding is judged wrong or not judged yet. Nothing here runs in
`make test`: the folders are not part of the repository.
"""

import argparse
import collections
import fnmatch
import json
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent

# Charts that do not render with their defaults alone: the sets their README installs with.
SETS = {
    "opentelemetry-collector": [
        "mode=deployment",
        "image.repository=ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s",
        "command.name=otelcol-k8s",
    ],
}


def read_verdicts(path: pathlib.Path) -> list[list[str]]:
    rows = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def verdict(rows: list[list[str]], name: str, finding: dict) -> str:
    found = finding.get("object") or {}
    what = f"{found.get('kind', '')}/{found.get('name', '')}"
    for rule, inputs, objects, judged, _why in rows:
        if rule == finding["rule"] and fnmatch.fnmatch(name, inputs) and fnmatch.fnmatch(what, objects):
            return judged
    return "unjudged"


def lint(chartcheck: str, target: pathlib.Path, extra: list[str]) -> dict:
    command = [chartcheck, "lint", "--no-config", "--format", "json", str(target), *extra]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    if done.returncode not in (0, 1, 2) or not done.stdout.strip():
        sys.exit(f"chartcheck failed on {target} ({done.returncode}):\n{done.stderr}")
    report = json.loads(done.stdout)
    report["status"] = done.returncode
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("charts", type=pathlib.Path)
    parser.add_argument("renders", type=pathlib.Path, nargs="?")
    parser.add_argument("--chartcheck", default=str(REPO / "target/release/chartcheck"))
    parser.add_argument("--out", type=pathlib.Path, default=REPO / "target/corpus-findings")
    parser.add_argument("--ci-values", action="store_true")
    parser.add_argument("--verdicts", type=pathlib.Path, default=REPO / "bench/corpus_verdicts.tsv")
    args = parser.parse_args()
    verdicts = read_verdicts(args.verdicts)

    runs = []
    for chart in sorted(p for p in args.charts.iterdir() if (p / "Chart.yaml").is_file()):
        extra = [a for s in SETS.get(chart.name, []) for a in ("--set", s)]
        runs.append((f"chart {chart.name}", lint(args.chartcheck, chart.resolve(), extra)))
        for values in sorted(chart.glob("ci/*.yaml")) if args.ci_values else []:
            # A ci file sets what the chart needs itself (and the README's sets would win over it).
            with_values = ["-f", str(values.resolve())]
            name = f"chart {chart.name} -f {values.name}"
            runs.append((name, lint(args.chartcheck, chart.resolve(), with_values)))
    if args.renders:
        for render in sorted(args.renders.glob("*.yaml")):
            runs.append((f"render {render.stem}", lint(args.chartcheck, render.resolve(), [])))

    args.out.mkdir(parents=True, exist_ok=True)
    per_run = collections.OrderedDict()
    per_rule = collections.Counter()
    judged = collections.defaultdict(collections.Counter)
    severity = {}
    with open(args.out / "findings.jsonl", "w") as out:
        for name, report in runs:
            counts = collections.Counter()
            for finding in report["findings"]:
                counts[finding["rule"]] += 1
                per_rule[finding["rule"]] += 1
                severity[finding["rule"]] = finding["severity"]
                finding_verdict = verdict(verdicts, name, finding)
                judged[finding["rule"]][finding_verdict] += 1
                out.write(json.dumps({"input": name, "verdict": finding_verdict, **finding}) + "\n")
            per_run[name] = (report["summary"], report["status"], counts)

    lines = ["| input | objects | exit | findings (rule × count) |", "|---|---:|---:|---|"]
    for name, (summary, status, counts) in per_run.items():
        found = ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items())) or "none"
        lines.append(f"| {name} | {summary.get('objects', 0)} | {status} | {found} |")
    kinds = ["real", "taste", "wrong", "unjudged"]
    lines += ["", "| rule | severity | findings | " + " | ".join(kinds) + " |",
              "|---|---|---:|" + "---:|" * len(kinds)]
    for rule, n in sorted(per_rule.items(), key=lambda item: (-item[1], item[0])):
        counts = " | ".join(str(judged[rule][k]) for k in kinds)
        lines.append(f"| `{rule}` | {severity[rule]} | {n} | {counts} |")
    total = collections.Counter()
    for counts in judged.values():
        total.update(counts)
    lines.append(f"| **total** | | **{sum(per_rule.values())}** | "
                 + " | ".join(f"**{total[k]}**" for k in kinds) + " |")
    table = "\n".join(lines) + "\n"
    (args.out / "table.md").write_text(table)
    print(table, end="")
    print(f"\nfindings: {args.out / 'findings.jsonl'}", file=sys.stderr)
    if total["wrong"] or total["unjudged"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
