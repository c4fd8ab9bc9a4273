#!/usr/bin/env bash
# Packs ThreatLint from this checkout into packaging/feed and builds the sentiment-api sample with it,
# so you see the warnings exactly as a consuming project does. Usage: bash samples/run-sample.sh [extra dotnet build args]
# e.g.  bash samples/run-sample.sh -p:ThreatLintFailOn=medium
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# A fresh version each run: NuGet never re-extracts a version it has already cached.
version="0.1.0-sample.$(date +%Y%m%d%H%M%S)"
feed="$repo/packaging/feed"

echo "Packing ThreatLint $version into packaging/feed ..." >&2
rm -f "$feed"/ThreatLint.0.1.0-sample.*.nupkg
# The build package only: the sample does not need the threatlint tool (whose native build takes minutes).
dotnet pack "$repo/packaging/ThreatLint.Package.csproj" -c Release -o "$feed" -p:Version="$version" -p:ThreatLintPackTool=false -nologo -v:quiet >&2

echo "Building samples/sentiment-api with ThreatLint $version ..." >&2
cd "$repo/samples/sentiment-api"
dotnet restore -p:ThreatLintVersion="$version" -nologo -v:quiet >&2
exec dotnet build --no-restore -nologo -p:ThreatLintVersion="$version" "$@"
