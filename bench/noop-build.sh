#!/usr/bin/env bash
# Measures what ThreatLint costs a consuming build: the no-op `dotnet build` time of the sentiment-api
# sample with and without the package (median of N runs each, interleaved, same machine, one sitting),
# and the cold scan (first build after the findings cache is deleted).
# Usage: bash bench/noop-build.sh [runs=5]
set -euo pipefail
runs="${1:-5}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.1.0-bench.$(date +%Y%m%d%H%M%S)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet pack "$repo/packaging/ThreatLint.Package.csproj" -c Release -o "$work/feed" -p:Version="$version" -nologo -v:quiet >/dev/null

for variant in with without; do
  cp -r "$repo/samples/sentiment-api" "$work/$variant"
  mkdir -p "$work/$variant/.git"
  sed -i "s#../../packaging/feed#$work/feed#" "$work/$variant/nuget.config"
  if [ "$variant" = without ]; then
    sed -i '/Include="ThreatLint"/d' "$work/$variant/SentimentApi.csproj"
  fi
  (cd "$work/$variant" && dotnet build -nologo -v:quiet -p:ThreatLintVersion="$version" >/dev/null)
done

ms() { local s e; s=$(date +%s%N); (cd "$1" && dotnet build --no-restore -nologo -v:quiet -p:ThreatLintVersion="$version" "${@:2}" >/dev/null); e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

with=(); without=(); cold=()
for _ in $(seq "$runs"); do
  with+=("$(ms "$work/with")")
  without+=("$(ms "$work/without")")
done
for _ in $(seq "$runs"); do
  find "$work/with/obj" -name threatlint.findings -delete
  cold+=("$(ms "$work/with")")
done

mw=$(printf '%s\n' "${with[@]}" | median)
mo=$(printf '%s\n' "${without[@]}" | median)
mc=$(printf '%s\n' "${cold[@]}" | median)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), dotnet $(dotnet --version)"
echo "no-op build without ThreatLint: ${without[*]} ms -> median ${mo} ms"
echo "no-op build with ThreatLint:    ${with[*]} ms -> median ${mw} ms"
echo "build after deleting the findings cache (cold scan): ${cold[*]} ms -> median ${mc} ms"
awk -v w="$mw" -v o="$mo" 'BEGIN {printf "ratio with/without: %.3f (target <= 1.10)\n", w / o}'
