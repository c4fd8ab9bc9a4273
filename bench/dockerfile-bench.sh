#!/usr/bin/env bash
# Dockerfile benchmark: whole-process wall time of `threatlint scan` over a generated corpus of N ML
# Dockerfiles, against dockerfilelint 1.8.0 (npm) over the same files, measured in the same sitting
# (one warm-up run each, then `runs` timed runs each, interleaved, order alternating; medians).
# Target (issue 3): ThreatLint at least 3x faster while checking more rules.
# Usage: bash bench/dockerfile-bench.sh [files=600] [runs=5]
# The timed tool is the one users install on this platform: the Native AOT executable where the tool ships one
# (linux-x64), else the framework-dependent build; where it is native, the framework-dependent build is timed too.
# BENCH_NATIVE=0 skips the Native AOT publish (then only the framework-dependent build is timed).
# Needs: dotnet SDK, python3, node + npm (npm registry reachable). Writes only to a temp folder.
set -euo pipefail
n="${1:-600}"
runs="${2:-5}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t threatlint-dockerfile-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# (a) The tool as users get it. On linux-x64 that is the Native AOT executable of the ThreatLint.Tool.linux-x64
# package (`dotnet publish -r linux-x64` builds the same binary `dotnet pack -r linux-x64` packs); on other hosts,
# and as a second figure everywhere, the framework-dependent build of ThreatLint.Tool.any (JIT-compiled).
echo "building src/ThreatLint.Cli (Release, framework-dependent)..." >&2
if ! dotnet build "$repo/src/ThreatLint.Cli" -c Release -nologo -v:quiet >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "dockerfile-bench: build failed" >&2
  exit 1
fi
jit_dll="$repo/src/ThreatLint.Cli/bin/Release/net10.0/ThreatLint.Cli.dll"
rid="$(dotnet --info | awk -F': *' '/^ *RID:/ {print $2; exit}')"
if grep -q "<ToolPackageRuntimeIdentifiers>.*$rid" "$repo/src/ThreatLint.Cli/ThreatLint.Cli.csproj" && [ "${BENCH_NATIVE:-1}" = 1 ]; then
  echo "publishing the Native AOT tool for $rid (a few minutes)..." >&2
  if ! dotnet publish "$repo/src/ThreatLint.Cli" -c Release -r "$rid" -o "$work/native" -nologo -v:quiet >"$work/native.log" 2>&1; then
    cat "$work/native.log" >&2
    echo "dockerfile-bench: Native AOT publish failed" >&2
    exit 1
  fi
  tl_kind="Native AOT ($rid, ThreatLint.Tool.$rid)"
  tl() { "$work/native/ThreatLint.Cli" "$@"; }
  jit=1
else
  tl_kind="framework-dependent (ThreatLint.Tool.any)"
  tl() { dotnet "$jit_dll" "$@"; }
  jit=0
fi

# (b) The corpus (deterministic: same N, same files).
corpus="$work/corpus"
python3 "$repo/bench/dockerfiles/generate.py" --count "$n" "$corpus" >/dev/null 2>"$work/corpus.txt"

# (c) dockerfilelint 1.8.0 in a private prefix (no global install).
echo "installing dockerfilelint@1.8.0 into a temp prefix..." >&2
npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error dockerfilelint@1.8.0 >/dev/null
dfl_pkg="$work/npm/node_modules/dockerfilelint"
dfl_bin="$work/npm/node_modules/.bin/dockerfilelint"

# dockerfilelint takes files (not folders) as arguments, many per invocation. Paths are relative to
# the corpus folder to keep the command line short; if it still does not fit in ARG_MAX (less room
# for the environment), xargs splits it into as few large batches as fit.
mapfile -t files < <(cd "$corpus" && find . -name Dockerfile -type f | sed 's#^\./##' | LC_ALL=C sort)
[ "${#files[@]}" -eq "$n" ] || { echo "dockerfile-bench: expected $n files, found ${#files[@]}" >&2; exit 1; }
arg_bytes=$(printf '%s\0' "${files[@]}" | wc -c)
room=$(($(getconf ARG_MAX) - $(env | wc -c) - 4096))
if [ "$arg_bytes" -lt "$room" ]; then
  dfl_mode="one process, all $n files as arguments ($arg_bytes bytes of arguments)"
  dfl() { (cd "$corpus" && "$dfl_bin" -o json "${files[@]}" >"$1") || true; }
else
  dfl_mode="xargs batches of up to $room bytes of arguments (command line too long for one process)"
  dfl() { (cd "$corpus" && printf '%s\0' "${files[@]}" | xargs -0 -s "$room" "$dfl_bin" -o json >"$1") || true; }
fi
# dockerfilelint exits with its issue count (mod 256), so its exit code says nothing; its JSON is checked below.

# The median of integers.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Wall and CPU (user + sys of the process and its children) milliseconds of one run, from bash's `time`.
ms() {
  local TIMEFORMAT='%3R %3U %3S'
  { time "$@" 2>>"$work/stderr.log"; } 2>"$work/time.txt"
  awk '{printf "%d %d\n", $1 * 1000 + 0.5, ($2 + $3) * 1000 + 0.5}' "$work/time.txt"
}
tl_run() { tl scan "$corpus" --format json --output "$1" >/dev/null; }
jit_run() { dotnet "$jit_dll" scan "$corpus" --format json --output "$1" >/dev/null; }

# Load average just before timing (it lags: it still counts the build above) and just after.
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
# Warm-up (also the sanity runs: their reports give the findings counts).
tl_run "$work/threatlint.json"
dfl "$work/dockerfilelint.json"
[ "$jit" = 1 ] && jit_run "$work/jit.json"

tl_ms=(); dfl_ms=(); tl_cpu=(); dfl_cpu=(); jit_ms=(); jit_cpu=()
time_tl() { local w c; read -r w c < <(ms tl_run /dev/null); tl_ms+=("$w"); tl_cpu+=("$c"); }
time_dfl() { local w c; read -r w c < <(ms dfl /dev/null); dfl_ms+=("$w"); dfl_cpu+=("$c"); }
time_jit() { local w c; [ "$jit" = 1 ] || return 0; read -r w c < <(ms jit_run /dev/null); jit_ms+=("$w"); jit_cpu+=("$c"); }
for i in $(seq "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then time_tl; time_dfl; time_jit; else time_jit; time_dfl; time_tl; fi
done
# One more ThreatLint report after timing, for its in-process scan time (stats.durationMs).
tl_run "$work/threatlint-after.json"
# Start-up floors: threatlint scan of an empty folder (runtime start, CLI, discovery, an empty report) and
# dockerfilelint of one file (node start, module loading, one small file), `runs` times each, interleaved.
mkdir -p "$work/empty"
dfl_one() { (cd "$corpus" && "$dfl_bin" -o json "${files[0]}" >/dev/null) || true; }
tl_empty() { tl scan "$work/empty" --format json --output /dev/null >/dev/null; }
tl0_ms=(); tl0_cpu=(); dfl1_ms=(); dfl1_cpu=()
for i in $(seq "$runs"); do
  read -r w c < <(ms tl_empty); tl0_ms+=("$w"); tl0_cpu+=("$c")
  read -r w c < <(ms dfl_one); dfl1_ms+=("$w"); dfl1_cpu+=("$c")
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

tl rules --format json >"$work/rules.json"
# Runtime settings the tool ships in its runtimeconfig.json (they apply to the installed tool as well).
runtime_settings="$(python3 -c '
import json,sys; p=json.load(open(sys.argv[1]))["runtimeOptions"].get("configProperties", {})
print(", ".join(f"{k}={str(v).lower()}" for k, v in sorted(p.items()) if k.startswith(("System.Runtime.", "System.GC.")) ) or "defaults")' "${jit_dll%.dll}.runtimeconfig.json")"

python3 - "$work" "$n" "$dfl_pkg" "${tl_ms[*]}" "${dfl_ms[*]}" "${tl_cpu[*]}" "${dfl_cpu[*]}" "$repo" <<'PY'
import json, os, subprocess, sys
work, n, dfl_pkg = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tl_ms, dfl_ms, tl_cpu, dfl_cpu = ([int(x) for x in a.split()] for a in sys.argv[4:8])
repo = sys.argv[8]

def median(xs):
    s = sorted(xs); k = len(s)
    return s[k // 2] if k % 2 else (s[k // 2 - 1] + s[k // 2]) / 2

# ThreatLint rules that apply to Dockerfiles: implemented TL4xxx, plus the cross-kind rules when implemented.
cross = {"TL1010", "TL1011", "TL1012", "TL2002", "TL2010", "TL3008"}
rules = json.load(open(os.path.join(work, "rules.json")))["rules"]
tl_rules = [r["id"] for r in rules if r["status"] == "implemented" and (r["id"].startswith("TL4") or r["id"] in cross)]

# dockerfilelint rules: the keys of lib/reference.js (every message it can report).
out = subprocess.run(["node", "-e", "console.log(JSON.stringify(Object.keys(require(process.argv[1]))))",
                      os.path.join(dfl_pkg, "lib", "reference.js")], capture_output=True, text=True, check=True)
dfl_rules = json.loads(out.stdout)

# Positive Dockerfile cases per ThreatLint rule, counted from the test sources (see rule_cases.py).
out = subprocess.run([sys.executable, os.path.join(repo, "bench", "dockerfiles", "rule_cases.py"), repo] + tl_rules,
                     capture_output=True, text=True, check=True)
tl_cases = json.loads(out.stdout)

tl_report = json.load(open(os.path.join(work, "threatlint.json")))
tl_after = json.load(open(os.path.join(work, "threatlint-after.json")))
tl_files = tl_report["stats"]["filesScanned"]
tl_findings = len(tl_report["findings"])
by_rule = {}
for f in tl_report["findings"]:
    by_rule[f["ruleId"]] = by_rule.get(f["ruleId"], 0) + 1

dfl_files = dfl_issues = 0
dfl_by = {}
with open(os.path.join(work, "dockerfilelint.json")) as fh:
    for line in fh:  # one JSON document per dockerfilelint process
        if line.strip():
            try:
                d = json.loads(line)
            except ValueError:
                print("SANITY FAILURE: dockerfilelint output is not JSON (did it crash?)"); d = {"files": []}
            dfl_files += len(d["files"])
            for f in d["files"]:
                dfl_issues += len(f["issues"])
                for i in f["issues"]:
                    dfl_by[i["title"]] = dfl_by.get(i["title"], 0) + 1

ok = True
if tl_files != n:
    print(f"SANITY FAILURE: threatlint scanned {tl_files} files, expected {n}"); ok = False
if dfl_files != n:
    print(f"SANITY FAILURE: dockerfilelint reported {dfl_files} files, expected {n}"); ok = False

tm, dm = median(tl_ms), median(dfl_ms)
speedup = dm / tm
json.dump({"tl_ms": tl_ms, "dfl_ms": dfl_ms, "tl_median_ms": tm, "dfl_median_ms": dm, "speedup": speedup,
           "tl_cpu_median_ms": median(tl_cpu), "dfl_cpu_median_ms": median(dfl_cpu),
           "tl_rules": tl_rules, "dfl_rules": dfl_rules, "tl_findings": tl_findings, "dfl_issues": dfl_issues,
           "tl_scan_ms": tl_after["stats"]["durationMs"], "tl_by_rule": by_rule, "dfl_by_title": dfl_by, "ok": ok,
           "tl_cases": tl_cases},
          open(os.path.join(work, "summary.json"), "w"))
PY

read -r tl_med dfl_med speedup tl_nrules dfl_nrules tl_findings dfl_issues tl_scan ok tl_cpu_med dfl_cpu_med < <(python3 -c '
import json,sys; s=json.load(open(sys.argv[1]))
print(s["tl_median_ms"], s["dfl_median_ms"], "%.3f" % s["speedup"], len(s["tl_rules"]), len(s["dfl_rules"]),
      s["tl_findings"], s["dfl_issues"], s["tl_scan_ms"], int(s["ok"]), s["tl_cpu_median_ms"], s["dfl_cpu_median_ms"])' "$work/summary.json")

runtime="$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}')"
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$repo" status --porcelain -- src 2>/dev/null | wc -l)"

echo "== Dockerfile benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "machine:   $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), CPU $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "load avg:  before timing $load_start, after timing $load_end (1/5/15 min; includes this benchmark's own build and runs)"
echo "versions:  dotnet SDK $(dotnet --version) (runtime $runtime), threatlint $(tl --version) at $commit$([ "$dirty" -gt 0 ] && echo " + uncommitted changes in $dirty path(s) under src/"), node $(node --version), dockerfilelint $(node -p "require('$dfl_pkg/package.json').version")"
echo "threatlint: $tl_kind; runtime settings: $runtime_settings"
echo "corpus:    $(tr '\n' ' ' <"$work/corpus.txt")"
echo "dockerfilelint invocation: $dfl_mode"
echo "runs:      1 warm-up + $runs timed each, interleaved"
echo "threatlint scan (one process, whole corpus): ${tl_ms[*]} ms -> median ${tl_med} ms; in-process scan time ${tl_scan} ms (stats.durationMs)"
echo "dockerfilelint (same files):                 ${dfl_ms[*]} ms -> median ${dfl_med} ms"
awk -v n="$n" -v t="$tl_med" -v d="$dfl_med" 'BEGIN {
  printf "files/second: threatlint %.0f, dockerfilelint %.0f\n", n / (t / 1000), n / (d / 1000) }'
awk -v s="$speedup" 'BEGIN { printf "ratio (dockerfilelint time / threatlint time): %.2fx  (target >= 3): %s\n", s, (s >= 3) ? "MET" : "NOT MET" }'
echo "CPU time (user+sys, informative; less sensitive to load than wall time): threatlint ${tl_cpu[*]} ms -> median ${tl_cpu_med} ms, dockerfilelint ${dfl_cpu[*]} ms -> median ${dfl_cpu_med} ms, ratio $(awk -v t="$tl_cpu_med" -v d="$dfl_cpu_med" 'BEGIN {printf "%.2fx", d / t}')"
echo "rules checked on Dockerfiles: threatlint $tl_nrules ($(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["tl_rules"]))' "$work/summary.json")), dockerfilelint $dfl_nrules (keys of lib/reference.js)  (threatlint more): $([ "$tl_nrules" -gt "$dfl_nrules" ] && echo MET || echo "NOT MET")"
python3 -c '
import json,sys; s=json.load(open(sys.argv[1])); c=s["tl_cases"]
print("checks:    positive Dockerfile cases in the tests of each ThreatLint rule (TestCase rows / fixture findings; bench/dockerfiles/rule_cases.py):")
print("           " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(c.items())) + f"; total {sum(v[0] for v in c.values())}/{sum(v[1] for v in c.values())}")
print("           dockerfilelint: %d message kinds (one check each)" % len(s["dfl_rules"]))' "$work/summary.json"
echo "start-up:  threatlint scan of an empty folder ${tl0_ms[*]} ms -> median $(median "${tl0_ms[@]}") ms wall, CPU median $(median "${tl0_cpu[@]}") ms; dockerfilelint of one file ${dfl1_ms[*]} ms -> median $(median "${dfl1_ms[@]}") ms wall, CPU median $(median "${dfl1_cpu[@]}") ms"
if [ "$jit" = 1 ]; then
  jit_med="$(median "${jit_ms[@]}")"
  same="$(python3 -c 'import json,sys; a,b=(json.load(open(p))["findings"] for p in sys.argv[1:3]); print("same findings" if a==b else "DIFFERENT findings")' "$work/threatlint.json" "$work/jit.json")"
  echo "framework-dependent build (ThreatLint.Tool.any, JIT; what platforms without a native package get): ${jit_ms[*]} ms -> median $jit_med ms wall, CPU median $(median "${jit_cpu[@]}") ms; ratio $(awk -v t="$jit_med" -v d="$dfl_med" 'BEGIN {printf "%.2fx", d / t}') against dockerfilelint; $same"
fi
echo "findings:  threatlint $tl_findings ($(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["tl_by_rule"]; print(", ".join(f"{k} {v}" for k,v in sorted(d.items())))' "$work/summary.json")); dockerfilelint $dfl_issues issues"
[ "$ok" = 1 ] || { echo "dockerfile-bench: sanity check failed (see above)" >&2; exit 1; }
