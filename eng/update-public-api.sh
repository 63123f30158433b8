#!/usr/bin/env bash
# Accepts a deliberate public API change in one command (docs/packaging.md, "Public API").
#
#   eng/update-public-api.sh [project ...]     e.g. eng/update-public-api.sh Dify.HA.Client
#
# A project is a name under src/ (Dify.HA.Client), a folder or a .csproj; none = every project under src/.
# For each project it rewrites PublicAPI.Unshipped.txt so that the build's RS0016/RS0017 diagnostics go away:
#   - RS0017 (a declared symbol no longer exists): the line is removed from Unshipped; a symbol that had shipped
#     gets a `*REMOVED*` line in Unshipped instead (Shipped.txt is only edited at release time);
#   - RS0016 (a public symbol is not declared): added to Unshipped, in the analyzer's own format (quoted by the
#     diagnostic: the same text its code fix writes);
# then sorts Unshipped, builds again and fails if any RS0016/RS0017 is left.
# Builds go to $DIFYHA_ARTIFACTS (default: <repo>/artifacts/public-api), never to the projects' own bin/obj.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
artifacts="${DIFYHA_ARTIFACTS:-$root/artifacts/public-api}"
mkdir -p "$artifacts"

resolve() { # name | folder | csproj -> csproj path
  local a=$1
  if [ -f "$a" ] && [[ "$a" == *.csproj ]]; then echo "$a"; return; fi
  if [ -d "$a" ]; then ls "$a"/*.csproj 2>/dev/null | head -n 1; return; fi
  if [ -f "src/$a/$a.csproj" ]; then echo "src/$a/$a.csproj"; return; fi
  echo "error: no project '$a' (give a name under src/, a folder or a .csproj)" >&2
  exit 2
}

projects=()
if [ $# -eq 0 ]; then
  for p in src/*/*.csproj; do projects+=("$p"); done
else
  for a in "$@"; do projects+=("$(resolve "$a")"); done
fi

# Build, analyzers on, warnings not errors (so RS0017 is reported even when RS0016 is too); --no-incremental
# because an up-to-date compile would not run the analyzers again. Prints the build log's RS diagnostics.
build_diagnostics() { # csproj log
  dotnet build "$1" -c Debug --no-incremental --artifacts-path "$artifacts" -nologo -v q \
    -p:TreatWarningsAsErrors=false -p:MSBuildTreatWarningsAsErrors=false >"$2" 2>&1 || true
}

status=0
for proj in "${projects[@]}"; do
  dir=$(dirname "$proj")
  name=$(basename "$proj" .csproj)
  shipped="$dir/PublicAPI.Shipped.txt"
  unshipped="$dir/PublicAPI.Unshipped.txt"
  for f in "$shipped" "$unshipped"; do
    [ -f "$f" ] || printf '#nullable enable\n' >"$f"
  done
  log="$artifacts/$name.build.log"
  echo "== $name"

  # 1. Vanished symbols (RS0017), located by file and line in the build log.
  build_diagnostics "$proj" "$log"
  if grep ': error ' "$log" | grep -qvE ': error RS00(16|17):'; then
    echo "error: $name does not compile (not an API file problem); see $log:" >&2
    grep ': error ' "$log" | grep -vE ': error RS00(16|17):' | sort -u | head -n 20 >&2
    status=1
    continue
  fi
  removed_unshipped=$(grep -oE "PublicAPI\.Unshipped\.txt\([0-9]+,[0-9]+\): (warning|error) RS0017" "$log" | sed 's/.*(\([0-9]*\),.*/\1/' | sort -un || true)
  removed_shipped=$(grep -oE "PublicAPI\.Shipped\.txt\([0-9]+,[0-9]+\): (warning|error) RS0017" "$log" | sed 's/.*(\([0-9]*\),.*/\1/' | sort -un || true)
  if [ -n "$removed_unshipped" ]; then
    echo "   removing $(echo "$removed_unshipped" | wc -l) vanished symbol(s) from Unshipped"
    awk -v lines="$(echo $removed_unshipped)" 'BEGIN { n = split(lines, a, " "); for (i = 1; i <= n; i++) drop[a[i]] = 1 }
      !(FNR in drop)' "$unshipped" >"$unshipped.tmp" && mv "$unshipped.tmp" "$unshipped"
  fi
  if [ -n "$removed_shipped" ]; then
    echo "   marking $(echo "$removed_shipped" | wc -l) shipped symbol(s) *REMOVED* in Unshipped (a breaking change)"
    for n in $removed_shipped; do
      printf '*REMOVED*%s\n' "$(sed -n "${n}p" "$shipped")" >>"$unshipped"
    done
  fi

  # 2. New symbols (RS0016): the diagnostic's message quotes the symbol in exactly the API file's format (the same
  # text the analyzer's code fix would write), so it is taken from there.
  added=$(grep -E "(warning|error) RS0016: Symbol '" "$log" | sed -n "s/.* RS0016: Symbol '\(.*\)' is not part of the declared public API.*/\1/p" | LC_ALL=C sort -u || true)
  if [ -n "$added" ]; then
    echo "   adding $(echo "$added" | wc -l) new symbol(s) to Unshipped"
    printf '%s\n' "$added" >>"$unshipped"
  fi

  # 3. One order (ordinal), header first, no duplicates, so diffs stay small and reviewable.
  { head -n 1 "$unshipped"; tail -n +2 "$unshipped" | grep -v '^[[:space:]]*$' | LC_ALL=C sort -u; } >"$unshipped.tmp"
  mv "$unshipped.tmp" "$unshipped"

  # 4. Check.
  build_diagnostics "$proj" "$log"
  left=$(grep -E "warning RS00(16|17)|error RS00(16|17)" "$log" | sort -u | wc -l || true)
  if [ "$left" -gt 0 ]; then
    echo "error: $left RS0016/RS0017 diagnostic(s) left in $name (see $log):" >&2
    grep -E "RS00(16|17)" "$log" | sort -u | head -n 20 >&2
    status=1
  else
    echo "   $name: public API files match the code ($(($(grep -c . "$unshipped") - 1)) unshipped, $(($(grep -c . "$shipped") - 1)) shipped lines)"
  fi
done
exit "$status"
