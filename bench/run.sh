#!/usr/bin/env bash
# Load benchmark of the pages visitors hit most: a Release build in Production mode on the private
# PostgreSQL cluster (.data/postgres), driven by wrk over loopback. Prints a Markdown table and
# writes it, with the machine it ran on, to bench/results.md.
#
#   bench/run.sh                 # 10 s per URL, 32 connections
#   DURATION=30s CONNECTIONS=64 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

require_dotnet
require_postgres_binaries
command -v wrk >/dev/null 2>&1 || apt_install wrk || { say "wrk is missing: sudo apt-get install wrk"; exit 1; }

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${BENCH_PORT:-5090}"
BASE="http://127.0.0.1:$PORT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say "Building (Release)"
dotnet build Platform.sln -c Release -nologo -v quiet >/dev/null

say "Migrating the development database"
DOTNET_ENVIRONMENT=Development dotnet run -c Release --no-build --no-launch-profile --project migrations/Platform.Migrations >/dev/null
export ConnectionStrings__Platform="Host=127.0.0.1;Port=$(cat .data/postgres/platform.port);Username=platform;Database=platform"

say "Starting the web app on $BASE (Production)"
ASPNETCORE_ENVIRONMENT=Production Platform__ImportContentOnStart=true Logging__LogLevel__Default=Warning \
    dotnet src/Platform.Web/bin/Release/net10.0/Platform.Web.dll --urls "$BASE" --contentRoot "$(pwd)/src/Platform.Web" >/tmp/platform-bench-web.log 2>&1 &
web=$!
trap 'kill $web 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    sleep 1
done
curl -fs "$BASE/healthz" >/dev/null || { cat /tmp/platform-bench-web.log; exit 1; }

# "label|url|mode". The page cache serves anonymous requests only and never one with
# an Authorization header (the app itself ignores that header), so the second lesson row measures
# the full render: the two queries, the stored HTML and the Razor page.
cases=(
    "\`/healthz\`|/healthz|"
    "\`/\` (catalog)|/|"
    "\`/courses/fine-tuning\`|/courses/fine-tuning|"
    "lesson page, visitor (page cache)|/courses/fine-tuning/base-vs-instruct|"
    "lesson page, rendered (cache bypassed)|/courses/fine-tuning/base-vs-instruct|bypass-cache"
    "\`/tags/lora\`|/tags/lora|"
    "\`/sitemap.xml\`|/sitemap.xml|"
)

rows=()
for case in "${cases[@]}"; do
    IFS='|' read -r label url mode <<<"$case"
    extra=()
    [ "$mode" = "bypass-cache" ] && extra=(-H "Authorization: bench")
    wrk -t2 -c"$CONNECTIONS" -d2s "${extra[@]}" "$BASE$url" >/dev/null 2>&1   # warm-up
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${extra[@]}" "$BASE$url")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out")
    rows+=("| $label | $rps | $p50 | $p99 | ${errors:-0} |")
done
rss_kib=$(ps -o rss= -p "$web" | tr -d ' ')

table=$(
    echo "| what | requests/s | p50 | p99 | non-2xx |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Web process resident memory after the run: $((rss_kib / 1024)) MiB."
)
echo "$table"

{
    echo "# Benchmark results"
    echo
    echo "Recorded $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/run.sh\` (wrk, $CONNECTIONS connections, 2 threads, $DURATION per URL, after a 2 s warm-up)"
    echo "on $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version), $(postgres_version)."
    echo "The load generator and PostgreSQL share the machine with the app."
    echo
    echo "$table"
} > bench/results.md
