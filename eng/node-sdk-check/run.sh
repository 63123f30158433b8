#!/usr/bin/env bash
# Starts the Dify.HA emulator tool, runs the official Dify Node SDK (dify-client 2.3.2) against it, stops it.
# Exit code: the check's (0 = every SDK call passed). Usage: eng/node-sdk-check/run.sh [port]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port="${1:-15801}"   # below 32768: outside Linux's ephemeral range
artifacts="${ARTIFACTS_PATH:-/tmp/art-node-sdk-check}"

cd "$here"
[ -d node_modules/dify-client ] || npm install --no-audit --no-fund

dotnet build "$repo/src/Dify.HA.Emulator/Dify.HA.Emulator.csproj" --artifacts-path "$artifacts" -v quiet -nologo
"$artifacts/bin/Dify.HA.Emulator/debug/Dify.HA.Emulator" --urls "http://127.0.0.1:$port" > "$artifacts/emulator.log" 2>&1 &
emulator_pid=$!
cleanup() {
  if kill -0 "$emulator_pid" 2>/dev/null; then
    kill -TERM "$emulator_pid"
    wait "$emulator_pid" || echo "emulator exited with $?"
  fi
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/health" > /dev/null || { echo "emulator did not start"; cat "$artifacts/emulator.log"; exit 1; }

DIFY_BASE_URL="http://127.0.0.1:$port/v1" node check.mjs
