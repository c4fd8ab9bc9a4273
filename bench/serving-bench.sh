#!/usr/bin/env bash
# Serving-config benchmark (issue 4): `threatlint scan` as a whole process, under /usr/bin/time -v (wall time and
# peak RSS), over generated serving repositories of 500, 2,000 and 8,000 files (bench/serving/generate.py:
# multi-document Kubernetes manifests, KServe, KubeRay, Seldon, compose with anchors, TorchServe config.properties,
# Helm templates; cross-file exposure per application). Prints files/second per size and how time grows
# (it must stay linear: time per file roughly constant from 500 to 8,000).
# Usage: bash bench/serving-bench.sh [runs=3] [sizes="500 2000 8000"]
# Needs: dotnet SDK, python3, GNU time (/usr/bin/time; apt-get install time). Writes only to a temp folder, deleted on exit.
set -euo pipefail
runs="${1:-3}"
sizes="${2:-500 2000 8000}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t threatlint-serving-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[ -x /usr/bin/time ] || { echo "serving-bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

echo "building src/ThreatLint.Cli (Release)..." >&2
if ! dotnet build "$repo/src/ThreatLint.Cli" -c Release -nologo -v:quiet >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "serving-bench: build failed" >&2
  exit 1
fi
tl_dll="$repo/src/ThreatLint.Cli/bin/Release/net10.0/ThreatLint.Cli.dll"

# One timed run: prints "wall_ms peak_rss_kb" (GNU time -v of the whole process, dotnet host included).
timed() {
  /usr/bin/time -v -o "$work/time.txt" dotnet "$tl_dll" scan "$1" --format json --output "$2" >/dev/null 2>>"$work/stderr.log" || true
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s * 1000 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%d %d\n", wall + 0.5, rss }' "$work/time.txt"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

lines=()
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
  echo "generating and scanning $n files..." >&2
  python3 "$repo/bench/serving/generate.py" "$work/c$n" --count "$n"
  timed "$work/c$n" "$work/c$n.json" >/dev/null
  walls=(); rsss=()
  for _ in $(seq "$runs"); do
    read -r w r < <(timed "$work/c$n" /dev/null)
    walls+=("$w"); rsss+=("$r")
  done
  lines+=("$n $(median "${walls[@]}") $(median "${rsss[@]}") $(IFS=,; echo "${walls[*]}") $(du -sk "$work/c$n" | cut -f1)")
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work" "$load_start" "$load_end" "$(nproc)" "$(git -C "$repo" rev-parse --short HEAD)" "${lines[@]}" <<'PY'
import collections, json, os, sys
work, load_start, load_end, cpus, commit = sys.argv[1:6]
rows = [l.split(" ") for l in sys.argv[6:]]
print("serving benchmark: commit %s, %s CPU(s), load %s at start, %s at end" % (commit, cpus, load_start, load_end))
print("  %6s %8s %10s %10s %12s %12s  %s" % ("files", "KB", "wall ms", "files/s", "ms/file", "peak RSS MB", "runs (ms)"))
first = None
for n, wall, rss, walls, kb in rows:
    n, wall, rss = int(n), int(wall), int(rss)
    report = json.load(open(os.path.join(work, "c%d.json" % n)))
    scanned = report["stats"].get("filesScanned", n)
    per = wall / n
    first = first or per
    print("  %6d %8s %10d %10.0f %12.3f %12.1f  %s" % (n, kb, wall, n * 1000.0 / wall, per, rss / 1024, walls))
    counts = collections.Counter(f["ruleId"] for f in report["findings"])
    print("         findings %d: %s; in-process scan %s ms" % (len(report["findings"]), dict(sorted(counts.items())), report["stats"].get("durationMs")))
n0, w0 = int(rows[0][0]), int(rows[0][1])
for n, wall, *_ in rows[1:]:
    print("  growth %d -> %s files (x%.1f): time x%.2f" % (n0, n, int(n) / n0, int(wall) / w0))
PY
