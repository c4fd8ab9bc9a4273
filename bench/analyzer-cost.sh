#!/usr/bin/env bash
# Analyzer cost (issue 7): what ThreatLint's Roslyn analyzers add to the compiler, from the compiler's own
# report (-p:ReportAnalyzer=true at -v:d) against the Csc task's time (-clp:PerformanceSummary), on
#   - the samples' C# projects (restored with their real packages, the ThreatLint package reference removed), and
#   - a generated 500-file ASP.NET Core + ML project (bench/csharp/generate.py: minimal APIs, controllers,
#     Semantic Kernel and OpenAI calls, ML.NET predictions, and the plain code around them).
# Each project is rebuilt (--no-incremental) `runs` times; the figures are medians, the share is the median of
# the runs' shares (both times stretch alike when the machine is loaded). Target: under 5%.
# The analyzers are passed as <Analyzer> items straight from src/ThreatLint.Analyzers' Release output.
# Usage: bash bench/analyzer-cost.sh [runs=3] [files=500]
# Needs: dotnet SDK, python3, the NuGet source for the packages. Writes only to a temp folder.
set -euo pipefail
runs="${1:-3}"
files="${2:-500}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t threatlint-analyzer-cost.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "building src/ThreatLint.Analyzers (Release)..." >&2
dotnet build "$repo/src/ThreatLint.Analyzers" -c Release -nologo -v:quiet >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
analyzers="$repo/src/ThreatLint.Analyzers/bin/Release/netstandard2.0"
item="<ItemGroup><Analyzer Include=\"$analyzers/ThreatLint.Analyzers.dll\" /><Analyzer Include=\"$analyzers/ThreatLint.Catalog.dll\" /></ItemGroup>"

# The samples: a copy without the ThreatLint package (the analyzers come from the Analyzer items instead).
projects=()
for csproj in "$repo"/samples/*/*.csproj; do
  sample="$(basename "$(dirname "$csproj")")"
  cp -r "$(dirname "$csproj")" "$work/$sample"
  rm -rf "$work/$sample/bin" "$work/$sample/obj" "$work/$sample/nuget.config"
  copy="$work/$sample/$(basename "$csproj")"
  sed -i '/Include="ThreatLint"/d' "$copy"
  sed -i "s#</Project>#$item</Project>#" "$copy"
  projects+=("$copy")
done

python3 "$repo/bench/csharp/generate.py" "$work/generated" --files "$files" --analyzers "$analyzers" >&2
projects+=("$work/generated/Bench.csproj")

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "commit $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src && echo '' || echo ' (src modified)'), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "per-analyzer lines: median ms over the runs of csc's ReportAnalyzer time of each ThreatLint analyzer" >&2
printf '%-28s %6s %12s %12s %10s %8s\n' project files csc_ms analyzers_ms threatlint_ms share
for project in "${projects[@]}"; do
  dotnet restore "$project" -nologo -v:quiet >/dev/null
  csc=(); tl=(); all=(); share=()
  for _ in $(seq "$runs"); do
    log="$work/build.log"
    dotnet build "$project" --no-restore --no-incremental -nologo -v:d -p:ReportAnalyzer=true -clp:PerformanceSummary >"$log" 2>&1 || { grep -E 'error' "$log" >&2; exit 1; }
    # "    51511 ms  Csc    1 calls" in the task summary; "  2.514   27   ThreatLint.Analyzers, Version=…" in csc's report.
    csc+=("$(awk '$2 == "ms" && $3 == "Csc" {print $1; exit}' "$log")")
    tl+=("$(awk '$3 ~ /^ThreatLint.Analyzers,/ {printf "%d", $1 * 1000; exit}' "$log")")
    all+=("$(awk '/Total analyzer execution time:/ {printf "%d", $(NF-1) * 1000; exit}' "$log")")
    share+=("$(awk -v t="${tl[-1]}" -v c="${csc[-1]}" 'BEGIN {printf "%.2f", 100 * t / c}')")
    echo "  $(basename "$(dirname "$project")") run: csc ${csc[-1]} ms, all analyzers ${all[-1]} ms, ThreatLint ${tl[-1]} ms (${share[-1]}%)" >&2
    # Per-analyzer seconds of every run ("  0.148   5      ThreatLint.Analyzers.Rules.InferenceEndpointAnalyzer (TL5001, TL5002)").
    awk '$3 ~ /^ThreatLint\.Analyzers\.(Rules\.|BaselineSuppressor)/ {t = ($1 ~ /^</) ? 0 : $1; sub(/^ThreatLint\.Analyzers\.(Rules\.)?/, "", $3); print $3, t}' "$log" >>"$work/rules.txt"
  done
  # Median per analyzer over the runs, largest first.
  sort "$work/rules.txt" | awk '{v[$1] = v[$1] " " $2} END {for (a in v) print a v[a]}' | while read -r name times; do
    printf '%s %s\n' "$(printf '%s\n' $times | median)" "$name"
  done | sort -rn | awk '{printf "    %6.0f ms  %s\n", $1 * 1000, $2}' >&2
  rm -f "$work/rules.txt"
  c="$(printf '%s\n' "${csc[@]}" | median)"; t="$(printf '%s\n' "${tl[@]}" | median)"; a="$(printf '%s\n' "${all[@]}" | median)"
  s="$(printf '%s\n' "${share[@]}" | median)"
  n="$(find "$(dirname "$project")" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' | wc -l)"
  printf '%-28s %6s %12s %12s %10s %7.1f%%\n' "$(basename "$(dirname "$project")")" "$n" "$c" "$a" "$t" "$s"
done
echo "(median of $runs rebuilds each; analyzer times are csc's ReportAnalyzer figures, summed over concurrent threads;" \
  "share = median of the runs' ThreatLint analyzers / Csc task time; load: $(cut -d' ' -f1-3 /proc/loadavg))"
