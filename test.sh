#!/usr/bin/env bash
# Runs every test (unit, HTTP-level integration on real PostgreSQL, browser tests in Chromium) and
# ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

require_dotnet
if [ -z "${PLATFORM_TEST_DB:-}" ]; then
    require_postgres_binaries
fi
require_chromium
export PLATFORM_CHROMIUM="$(chromium_path)"
require_nginx
export PLATFORM_NGINX="$(nginx_path)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Tiered PGO instruments code to tune what runs long; a test run is mostly code that runs a few times
# (each test's own, and the app processes the hosting tests start), so it only costs: measured, both
# projects used about a fifth less CPU without it. A JIT setting only, inherited by the test hosts and
# the app and migrator processes they start; the app in production keeps the default.
export DOTNET_TieredPGO=0

results="$(pwd)/TestResults"
rm -rf "$results"
mkdir -p "$results"
say "Building (warnings are errors)"
if ! dotnet build Platform.sln -nologo -v quiet -warnaserror; then
    echo "0 passed, 1 failed"
    exit 1
fi

say "Testing"
# The two projects side by side: on two cores neither keeps both busy alone (the browser tests drive
# one page at a time; the integration tests wait on processes, PostgreSQL and sockets), so together
# they finish well before one after the other would. Each has its own PostgreSQL cluster, and every
# loopback port a test helper picks is taken again elsewhere if another process got it first (an
# earlier side-by-side run failed on such a race). Each project's console goes to its own log, printed
# whole when both are done.
pids=()
for project in tests/Platform.Tests tests/Platform.BrowserTests; do
    name=$(basename "$project")
    dotnet test "$project" --no-build -nologo --results-directory "$results" \
        --logger "trx;LogFilePrefix=$name" --logger "console;verbosity=normal" "$@" >"$results/$name.log" 2>&1 &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
    wait "$pid" || status=$?
done
for project in tests/Platform.Tests tests/Platform.BrowserTests; do
    say "$(basename "$project")"
    cat "$results/$(basename "$project").log"
done

# Count from the result files, not from the console: one Counters line per test project.
totals=$(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*' | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); c[kv[1]] += kv[2] } }
    END { printf "%d %d %d", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["total"] }')
read -r passed failed total <<<"${totals:-0 0 0}"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # The runner failed without a failed test (a crash, a build error): count it as a failure.
    failed=1
fi
echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$total" -eq 0 ]; then
    exit 1
fi
