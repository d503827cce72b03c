#!/usr/bin/env bash
# The lesson page's tail on the scale database beside the fresh one, in the same minutes, for a
# visitor and for signed-in learners taking turns: two instances run at once (the fresh database of
# bench/run.sh, the scale one of bench/scale.sh, both left in place by those runs), and their
# slices are interleaved, so each pair of slices meets the machine in the same state. Two runs
# minutes apart compare the machine's states as much as the databases: nginx's own p99 on the same
# bytes doubled between them in most pairs. Prints a Markdown table (requests/s and p99 of each
# slice, the scale p99 over the fresh one per pair, their median; issue 12: at most 1.5×) and
# records it in bench/results.md. bench/scale.sh runs it after its own run.
#
#   bench/run.sh && bench/scale.sh          # scale.sh ends with this
#   SLICES=10 SLICE=5s bench/tail.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

require_dotnet
command -v wrk >/dev/null 2>&1 || apt_install wrk || { say "wrk is missing: sudo apt-get install wrk"; exit 1; }

SLICES="${SLICES:-12}"
SLICE="${SLICE:-3s}"
CONNECTIONS="${CONNECTIONS:-32}"
LEARNERS="${LEARNERS:-16}"
LESSON="${BENCH_LESSON:-fine-tuning/base-vs-instruct}"
RESULTS="${BENCH_RESULTS:-bench/results.md}"
FRESH_PORT=5093
SCALE_PORT=5094
PASSWORD="bench-password-1234"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. bench/common.sh

dotnet build Platform.sln -c Release -nologo -v quiet >/dev/null
# The private cluster's connection string; each instance names its database after it (the last wins).
dev=$(DOTNET_ENVIRONMENT=Development dotnet run -c Release --no-build --no-launch-profile --project migrations/Platform.Migrations -- connection-string)

work=$(mktemp -d /tmp/platform-tail.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
start() { # $1: database, $2: port; signs the learners in (bench/run.sh made them in both databases)
    ConnectionStrings__Platform="$dev;Database=$1" RateLimits__SignIn__PermitLimit=100000000 \
        ASPNETCORE_ENVIRONMENT=Production Platform__ImportContentOnStart=false Logging__LogLevel__Default=Warning \
        dotnet src/Platform.Web/bin/Release/net10.0/Platform.Web.dll --urls "http://127.0.0.1:$2" \
        --contentRoot "$PWD/src/Platform.Web" >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$2/healthz/ready" >/dev/null 2>&1 && break; sleep 0.5; done
    curl -fs -o /dev/null "http://127.0.0.1:$2/courses/$LESSON" \
        || { say "No lesson $LESSON in $1: run bench/run.sh and bench/scale.sh first"; exit 1; }
    BASE="http://127.0.0.1:$2"
    for i in $(seq 1 "$LEARNERS"); do sign_in "bench-$i@example.com"; done > "$work/learners-$2.tsv"
}
start platform_bench "$FRESH_PORT"
start platform_bench_scale "$SCALE_PORT"

slice() { # $1: port, $2: visitor or learner; prints "requests/s p99-in-ms"
    local args=()
    [ "$2" = learner ] && args=(-s bench/learners.lua)
    BENCH_LEARNERS="$work/learners-$1.tsv" wrk -t2 -c"$CONNECTIONS" -d"$SLICE" --latency "${args[@]}" \
        "http://127.0.0.1:$1/courses/$LESSON" | awk '
        /Requests\/sec/ { r = $2 }
        /^ +99%/ { v = $2; m = (v ~ /us$/) ? 0.001 : (v ~ /ms$/) ? 1 : 1000; sub(/[a-z]+$/, "", v); p = v * m }
        END { printf "%d %.2f\n", r, p }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Warm both (the JIT's tiers, the learners' kept pages), a slice of each row on each.
for who in visitor learner; do for port in "$FRESH_PORT" "$SCALE_PORT"; do slice "$port" "$who" >/dev/null; done; done

rows=()
declare -A ratios
for i in $(seq 1 "$SLICES"); do
    for who in visitor learner; do
        # Which database goes first alternates, so neither always meets the machine second.
        if (( i % 2 )); then
            read -r fr fp < <(slice "$FRESH_PORT" "$who"); read -r sr sp < <(slice "$SCALE_PORT" "$who")
        else
            read -r sr sp < <(slice "$SCALE_PORT" "$who"); read -r fr fp < <(slice "$FRESH_PORT" "$who")
        fi
        ratio=$(awk -v s="$sp" -v f="$fp" 'BEGIN { printf "%.2f", s / f }')
        ratios[$who]+="$ratio "
        rows+=("| $i | $who | $fr | $fp | $sr | $sp | ${ratio}× |")
    done
done
summary() { # $1: visitor or learner
    local m
    m=$(tr ' ' '\n' <<<"${ratios[$1]}" | grep . | median)
    echo "- $1: median scale p99 ÷ fresh p99 **${m}×** (target ≤ 1.5×: $(awk -v m="$m" 'BEGIN { print (m <= 1.5) ? "met" : "not met" }'))."
}
table=$(
    echo "| pair | page for | fresh requests/s | fresh p99 ms | scale requests/s | scale p99 ms | scale p99 ÷ fresh |"
    echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
    echo
    summary visitor
    summary learner
)
echo "$table"
section=$(
    echo "<!-- bench:side-by-side -->"
    echo "## Scale beside fresh, in the same minutes (\`bench/tail.sh\`)"
    echo
    echo "Recorded $(date -u '+%Y-%m-%d %H:%M UTC'): an instance on each database at once, $SLICES pairs of $SLICE slices per page"
    echo "(which database goes first alternates), wrk with $CONNECTIONS connections, $LEARNERS signed-in learners taking turns on each."
    echo
    echo "$table"
    echo "<!-- /bench:side-by-side -->"
)
record_section "$RESULTS" side-by-side "$section"
say "Recorded in $RESULTS"
