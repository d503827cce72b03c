#!/usr/bin/env bash
# The visitor lesson page's tail on the scale database beside the fresh one, in the same minutes:
# two instances run at once (the fresh database of bench/run.sh, the scale one of bench/scale.sh,
# both left in place by those runs), and their slices are interleaved, so each pair of slices
# meets the machine in the same state. Prints a Markdown table: requests/s and p99 of each slice,
# and the scale p99 over the fresh one, per pair and their median (issue 12: at most 1.5×).
#
#   bench/run.sh && bench/scale.sh && bench/tail.sh
#   SLICES=10 SLICE=5s bench/tail.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

require_dotnet
command -v wrk >/dev/null 2>&1 || apt_install wrk || { say "wrk is missing: sudo apt-get install wrk"; exit 1; }

SLICES="${SLICES:-6}"
SLICE="${SLICE:-3s}"
CONNECTIONS="${CONNECTIONS:-32}"
LESSON="${BENCH_LESSON:-fine-tuning/base-vs-instruct}"
FRESH_PORT=5093
SCALE_PORT=5094
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Platform.sln -c Release -nologo -v quiet >/dev/null
# The private cluster's connection string; each instance names its database after it (the last wins).
dev=$(DOTNET_ENVIRONMENT=Development dotnet run -c Release --no-build --no-launch-profile --project migrations/Platform.Migrations -- connection-string)

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
start() { # $1: database, $2: port
    ConnectionStrings__Platform="$dev;Database=$1" \
        ASPNETCORE_ENVIRONMENT=Production Platform__ImportContentOnStart=false Logging__LogLevel__Default=Warning \
        dotnet src/Platform.Web/bin/Release/net10.0/Platform.Web.dll --urls "http://127.0.0.1:$2" \
        --contentRoot "$PWD/src/Platform.Web" >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$2/healthz/ready" >/dev/null 2>&1 && break; sleep 0.5; done
    curl -fs -o /dev/null "http://127.0.0.1:$2/courses/$LESSON" \
        || { say "No lesson $LESSON in $1: run bench/run.sh and bench/scale.sh first"; exit 1; }
}
start platform_bench "$FRESH_PORT"
start platform_bench_scale "$SCALE_PORT"

slice() { # prints "requests/s p99-in-ms"
    wrk -t2 -c"$CONNECTIONS" -d"$SLICE" --latency "$1" | awk '
        /Requests\/sec/ { r = $2 }
        /^ +99%/ { v = $2; m = (v ~ /us$/) ? 0.001 : (v ~ /ms$/) ? 1 : 1000; sub(/[a-z]+$/, "", v); p = v * m }
        END { printf "%d %.2f\n", r, p }'
}
for port in "$FRESH_PORT" "$SCALE_PORT"; do slice "http://127.0.0.1:$port/courses/$LESSON" >/dev/null; done

echo "| slice | fresh requests/s | fresh p99 ms | scale requests/s | scale p99 ms | scale p99 ÷ fresh |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
ratios=()
for i in $(seq 1 "$SLICES"); do
    read -r fr fp < <(slice "http://127.0.0.1:$FRESH_PORT/courses/$LESSON")
    read -r sr sp < <(slice "http://127.0.0.1:$SCALE_PORT/courses/$LESSON")
    ratio=$(python3 -c "print(f'{$sp / $fp:.2f}')")
    ratios+=("$ratio")
    echo "| $i | $fr | $fp | $sr | $sp | ${ratio}× |"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | python3 -c 'import sys; v=[float(x) for x in sys.stdin]; n=len(v); print(f"{(v[n//2] if n % 2 else (v[n//2-1]+v[n//2])/2):.2f}")')
echo
echo "Median scale p99 ÷ fresh p99: ${median}× (target ≤ 1.5×), $SLICES pairs of $SLICE slices, $CONNECTIONS connections."
