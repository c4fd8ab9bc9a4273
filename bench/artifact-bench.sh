#!/usr/bin/env bash
# Model-artifact benchmark (issue 6): `threatlint scan` as a whole process, under /usr/bin/time -v (wall time and
# peak RSS), over (a) N small pickle-family files (scikit-learn joblib with inline arrays, zlib joblib, raw pickles,
# PyTorch zips, object .npy, .npz; one in ten poisoned) and (b) one PyTorch-style zip checkpoint of G GiB (16
# stored tensors, ZIP64, archive/data.pkl), written by bench/models/generate.py with the standard library.
# Targets: the G GiB checkpoint in under 1 s and 100 MB. Median of `runs` runs each, after one warm-up run.
# Usage: bash bench/artifact-bench.sh [files=1000] [gib=2] [runs=5]
# Needs: dotnet SDK, python3, GNU time (/usr/bin/time; apt-get install time). Writes only to a temp folder
# (about G GiB), deleted on exit.
set -euo pipefail
n="${1:-1000}"
gib="${2:-2}"
runs="${3:-5}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t threatlint-artifact-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[ -x /usr/bin/time ] || { echo "artifact-bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

echo "building src/ThreatLint.Cli (Release)..." >&2
if ! dotnet build "$repo/src/ThreatLint.Cli" -c Release -nologo -v:quiet >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "artifact-bench: build failed" >&2
  exit 1
fi
tl_dll="$repo/src/ThreatLint.Cli/bin/Release/net10.0/ThreatLint.Cli.dll"

echo "generating $n small files and a $gib GiB checkpoint..." >&2
python3 "$repo/bench/models/generate.py" small "$work/small" --count "$n"
mkdir -p "$work/big"
python3 "$repo/bench/models/generate.py" big "$work/big/pytorch_model.bin" --gib "$gib"

# One timed run: prints "wall_ms peak_rss_kb" (GNU time -v of the whole process, dotnet host included).
timed() {
  /usr/bin/time -v -o "$work/time.txt" dotnet "$tl_dll" scan "$1" --format json --output "$2" >/dev/null 2>>"$work/stderr.log" || true
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s * 1000 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%d %d\n", wall + 0.5, rss }' "$work/time.txt"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

bench() {
  local name="$1" dir="$2" walls=() rsss=() w r
  timed "$dir" "$work/$name.json" >/dev/null
  for _ in $(seq "$runs"); do
    read -r w r < <(timed "$dir" /dev/null)
    walls+=("$w"); rsss+=("$r")
  done
  local IFS=,
  printf '%s %s %s %s %s\n' "$name" "$(median "${walls[@]}")" "$(median "${rsss[@]}")" "${walls[*]}" "${rsss[*]}"
}

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
small_line="$(bench small "$work/small")"
big_line="$(bench big "$work/big")"
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work" "$n" "$gib" "$small_line" "$big_line" "$load_start" "$load_end" <<'PY'
import collections, json, os, sys
work, n, gib, small, big, load_start, load_end = sys.argv[1:8]
big_size = os.path.getsize(os.path.join(work, "big", "pytorch_model.bin"))
small_bytes = sum(os.path.getsize(os.path.join(work, "small", f)) for f in os.listdir(os.path.join(work, "small")))
print("model-artifact benchmark: %s CPU(s), load %s at start, %s at end" % (os.cpu_count(), load_start, load_end))
for line, what in ((small, "%s small files, %.1f MB" % (n, small_bytes / 1e6)), (big, "1 checkpoint, %d bytes (%s GiB)" % (big_size, gib))):
    name, wall, rss, walls, rsss = line.split(" ", 4)
    report = json.load(open(os.path.join(work, name + ".json")))
    counts = collections.Counter(f["ruleId"] for f in report["findings"])
    print("  %-5s %-38s median wall %5d ms, peak RSS %5.1f MB   (runs: %s ms; %s KB)" % (name, what, int(wall), int(rss) / 1024, walls, rsss))
    print("        findings %s; in-process scan of the warm-up run %s ms" % (dict(sorted(counts.items())), report["stats"].get("durationMs")))
PY
