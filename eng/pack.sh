#!/usr/bin/env bash
# Packs the NuGet packages (docs/packaging.md):
#
#   eng/pack.sh [output-folder]          default: artifacts/packages
#
# Environment:
#   VERSION_SUFFIX   pre-release label, e.g. "preview.3" -> 0.1.0-preview.3 (VersionPrefix 0.1.0 is in
#                    Directory.Build.props); empty = the release version 0.1.0.
#   DIFYHA_ARTIFACTS where the Release build goes (default artifacts/pack-build), apart from the projects' bin/obj.
#
# Makes Dify.HA.Client, Dify.HA.Data, Dify.HA.Testing and the dotnet tool Dify.HA.Emulator (command dify-emulator),
# each .nupkg with a .snupkg symbol package beside it. SourceLink is on when this clone's `origin` is on github.com.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

out="${1:-$root/artifacts/packages}"
mkdir -p "$out"
out=$(cd "$out" && pwd)
build="${DIFYHA_ARTIFACTS:-$root/artifacts/pack-build}"
suffix="${VERSION_SUFFIX:-}"

args=(-c Release -nologo --artifacts-path "$build" -p:PackageOutputPath="$out" -p:ContinuousIntegrationBuild=true)
if [ -n "$suffix" ]; then
  args+=("--version-suffix" "$suffix")
fi

# SourceLink maps the PDBs to the commit's sources on the repository host (GitHub: Microsoft.SourceLink.GitHub); it
# needs an `origin` remote on github.com and a commit. Without them it would warn (and warnings are errors), so it
# stays off and says why; the packages are otherwise the same.
origin=$(git -C "$root" remote get-url origin 2>/dev/null || true)
if [ -z "$origin" ]; then
  sourcelink_off="this clone has no 'origin' remote"
elif ! [[ "$origin" =~ github\.com[:/] ]]; then
  sourcelink_off="'origin' ($origin) is not on github.com, the host Microsoft.SourceLink.GitHub maps"
elif ! git -C "$root" rev-parse --verify -q HEAD >/dev/null; then
  sourcelink_off="this clone has no commit"
else
  sourcelink_off=
fi
if [ -z "$sourcelink_off" ]; then
  args+=(-p:EnableSourceLink=true -p:EnableSourceControlManagerQueries=true)
  echo "SourceLink: on ($origin @ $(git -C "$root" rev-parse --short HEAD))"
else
  echo "SourceLink: off ($sourcelink_off: the PDBs cannot point at hosted sources;"
  echo "            e.g. git remote add origin https://github.com/dify-ha/dify-ha-sdk turns it on)"
fi

# One MSBuild run over a solution filter of the four projects: they build in parallel and Dify.HA.Testing once.
projects=(
  src/Dify.HA.Client/Dify.HA.Client.csproj
  src/Dify.HA.Data/Dify.HA.Data.csproj
  src/Dify.HA.Testing/Dify.HA.Testing.csproj
  src/Dify.HA.Emulator/Dify.HA.Emulator.csproj
)
mkdir -p "$build"
filter="$build/packages.slnf"
{
  printf '{ "solution": { "path": "%s", "projects": [\n' "$root/DifyHaSdk.sln"
  for i in "${!projects[@]}"; do
    sep=,; [ "$i" -eq $((${#projects[@]} - 1)) ] && sep=
    printf '  "%s"%s\n' "${projects[$i]}" "$sep"
  done
  printf '] } }\n'
} >"$filter"
echo "== dotnet pack ${projects[*]}"
dotnet pack "$filter" "${args[@]}" -clp:ErrorsOnly

echo "== packages in $out"
ls -l "$out"/*.nupkg "$out"/*.snupkg 2>/dev/null | awk '{ printf "%10d  %s\n", $5, $NF }'
