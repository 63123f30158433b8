#!/usr/bin/env bash
# The test command (README, .ci/run): bring the HA lab up (PostgreSQL primary + standby, Redis master +
# replica + Sentinels, installed from Debian packages when missing), build, run every test project,
# bring the lab down again (also after a failure), and print one summary line:
#   N passed, M failed[, K skipped]
# Extra arguments go to `dotnet test`, e.g. `eng/test.sh --filter Category=Postgres`.
# DIFYHA_SKIP_LAB=1 runs without touching the lab (lab-backed tests then fail with a clear message).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DIFYHA_LAB_DIR="${DIFYHA_LAB_DIR:-/tmp/dha-lab}"
export DIFYHA_LAB_ENV="$DIFYHA_LAB_DIR/lab.env"

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

summary() { # passed failed skipped
  if [ "$3" -gt 0 ]; then echo "$1 passed, $2 failed, $3 skipped"; else echo "$1 passed, $2 failed"; fi
}

lab_up=0
cleanup() {
  if [ "$lab_up" = 1 ]; then
    "$root/eng/lab/down" >"$results/lab-down.log" 2>&1 || echo "warning: eng/lab/down failed, see $results/lab-down.log" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -x eng/lab/up ] && [ "${DIFYHA_SKIP_LAB:-0}" != 1 ]; then
  lab_up=1
  echo "== lab up ($DIFYHA_LAB_DIR)"
  if ! eng/lab/up; then
    echo "error: the HA lab did not start (see the messages above); no test was run." >&2
    summary 0 1 0
    exit 1
  fi
fi

# Tools some tests drive (from Debian packages when missing): a failure here is reported, and the tests that
# need the tool then fail naming this script, so nothing is silently skipped.
echo "== tools"
eng/browser/ensure-chromium || echo "warning: Chromium is missing: the Category=Browser test will fail (see above)" >&2
eng/ops/ensure-promtool || echo "warning: promtool is missing: the alert-rule tests will fail (see above)" >&2

echo "== build"
if ! dotnet build DifyHaSdk.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "error: the build failed; no test was run." >&2
  summary 0 1 0
  exit 1
fi

# One test project at a time: the lab-backed tests measure failover times (a Sentinel switch, a promotion) that a
# parallel `dotnet pack` or a headless browser in another test host would stretch on 2 cores; each project still runs
# its own tests in parallel. Costs about a minute over running the projects side by side.
echo "== test"
rc=0
for project in tests/*/*.Tests.csproj; do
  echo "-- $project"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" \
    --blame-hang-timeout 5m "$@" || rc=$?
done

# Sum the counters of every TRX file (one per test project).
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "error: dotnet test exited with $rc outside any single test (a crashed or hung test host?)." >&2
  failed=1
fi
summary "$passed" "$failed" "$skipped"
exit "$rc"
