#!/usr/bin/env bash
# Load benchmark, side by side with nginx serving the very same bytes in the same run: the
# anonymous lesson page (page cache), the signed-in lesson page with learners taking turns (a
# cookie per request, bench/learners.lua), the progress and comment POSTs, the catalog, course and
# tag pages. Prints a Markdown table (requests/s, ratio to nginx, p50/p99, CPU per request of the
# app and of PostgreSQL, SQL statements per request, page size, the target and whether it is met)
# and records it in bench/results.md.
#
#   bench/run.sh                    # a fresh database, 3 slices of 4 s per row, 32 connections, 32 learners
#   ROUNDS=5 SLICE=6s WARMUP=10s CONNECTIONS=64 LEARNERS=16 bench/run.sh
#   bench/scale.sh                  # the same on 10,000 comments, 100,000 learners, 1,000,000 completions
#
# A Release build in Production on the private PostgreSQL cluster (.data/postgres, started by the
# development tooling), in a database
# of its own (BENCH_DATABASE, default platform_bench: dropped and re-created on every run). The
# rate limits are raised by configuration for the run (the comment limits turned off: 0), so the POSTs
# measure the work, not the 429s or the limit's own count.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

require_dotnet
require_postgres_binaries
command -v wrk >/dev/null 2>&1 || apt_install wrk || { say "wrk is missing: sudo apt-get install wrk"; exit 1; }
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
[ -n "$NGINX" ] || { apt_install nginx-light && NGINX=$(command -v nginx || echo /usr/sbin/nginx); } \
    || { say "nginx is missing: sudo apt-get install nginx-light"; exit 1; }
command -v psql >/dev/null 2>&1 || apt_install postgresql-client || { say "psql is missing: sudo apt-get install postgresql-client"; exit 1; }
command -v python3 >/dev/null 2>&1 || apt_install python3-minimal || { say "python3 is missing: sudo apt-get install python3-minimal"; exit 1; }
command -v curl >/dev/null 2>&1 || apt_install curl || { say "curl is missing: sudo apt-get install curl"; exit 1; }

ROUNDS="${ROUNDS:-3}"
SLICE="${SLICE:-4s}"
WARMUP="${WARMUP:-5s}"
CONNECTIONS="${CONNECTIONS:-32}"
LEARNERS="${LEARNERS:-32}"
PORT="${BENCH_PORT:-5090}"
NGINX_PORT="${BENCH_NGINX_PORT:-$((PORT + 1))}"
DATABASE="${BENCH_DATABASE:-platform_bench}"
LABEL="${BENCH_LABEL:-fresh database}"
LESSON="${BENCH_LESSON:-fine-tuning/base-vs-instruct}"
COURSE="${LESSON%%/*}"
TAG="${BENCH_TAG:-lora}"
SEED="${BENCH_SEED:-}"
RESULTS="${BENCH_RESULTS:-bench/results.md}"
BASE="http://127.0.0.1:$PORT"
PASSWORD="bench-password-1234"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. bench/common.sh

work=$(mktemp -d /tmp/platform-bench.XXXXXX)
chmod 755 "$work"
web=""
nginx_pid=""
cleanup() {
    [ -n "$web" ] && kill "$web" 2>/dev/null || true
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

say "Building (Release)"
dotnet build Platform.sln -c Release -nologo -v quiet >/dev/null

say "Starting the private PostgreSQL cluster; a fresh database $DATABASE"
# Development tooling (through the migrator) starts the cluster and says where it is.
dev=$(DOTNET_ENVIRONMENT=Development dotnet run -c Release --no-build --no-launch-profile --project migrations/Platform.Migrations -- connection-string)
pghost=$(grep -oP '(?i)(^|;)\s*Host=\K[^;]+' <<<"$dev")
pgport=$(grep -oP '(?i)(^|;)\s*Port=\K[^;]+' <<<"$dev" || echo 5432)
pguser=$(grep -oP '(?i)(^|;)\s*Username=\K[^;]+' <<<"$dev")
admin_psql() { psql -X -q -v ON_ERROR_STOP=1 "host=$pghost port=$pgport user=$pguser dbname=postgres" "$@"; }
db_psql() { psql -X -q -v ON_ERROR_STOP=1 "host=$pghost port=$pgport user=$pguser dbname=$DATABASE" "$@"; }
admin_psql -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -c "CREATE DATABASE $DATABASE"
export ConnectionStrings__Platform="Host=$pghost;Port=$pgport;Username=$pguser;Database=$DATABASE"
dotnet run -c Release --no-build --no-launch-profile --project migrations/Platform.Migrations >/dev/null

# $1: 1 to count SQL statements per response (Server-Timing), 0 for the measured run.
start_app() {
    ASPNETCORE_ENVIRONMENT=Production Platform__ImportContentOnStart=true Logging__LogLevel__Default=Warning \
    Diagnostics__StatementCount="$([ "$1" = 1 ] && echo true || echo false)" \
    Comments__PerMinute=0 Comments__PerHour=0 \
    RateLimits__SignIn__PermitLimit=100000000 RateLimits__Reports__PermitLimit=100000000 \
        dotnet src/Platform.Web/bin/Release/net10.0/Platform.Web.dll --urls "$BASE" --contentRoot "$(pwd)/src/Platform.Web" >"$work/web.log" 2>&1 &
    web=$!
    for _ in $(seq 1 120); do
        curl -fs "$BASE/" >/dev/null 2>&1 && return 0
        kill -0 "$web" 2>/dev/null || break
        sleep 0.5
    done
    cat "$work/web.log"
    exit 1
}
stop_app() {
    kill "$web" 2>/dev/null || true
    wait "$web" 2>/dev/null || true
    web=""
}

say "Starting the web app on $BASE (Production) to import the content and seed"
start_app 1
COMMENT_LESSON=$(db_psql -tA -c "SELECT c.slug || '/' || l.slug FROM lessons l JOIN courses c ON c.id = l.course_id
    WHERE l.status = 'Published' AND c.slug || '/' || l.slug <> '$LESSON' ORDER BY c.slug, l.id LIMIT 1")

say "Creating $LEARNERS confirmed learners"
hash=$(PASSWORD="$PASSWORD" python3 -c '
import base64, hashlib, os, struct
salt, iterations = os.urandom(16), 210000
key = hashlib.pbkdf2_hmac("sha512", os.environ["PASSWORD"].encode(), salt, iterations, 32)
print(base64.b64encode(b"\x01" + struct.pack(">III", 2, iterations, 16) + salt + key).decode())')
db_psql -v hash="$hash" -v n="$LEARNERS" <<'SQL'
INSERT INTO users (id, display_name, time_zone, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                   password_hash, security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled,
                   lockout_enabled, access_failed_count)
SELECT 'bench-' || i, '학습자 ' || i, 'Asia/Seoul', 'bench-' || i || '@example.com', upper('bench-' || i || '@example.com'),
       'bench-' || i || '@example.com', upper('bench-' || i || '@example.com'), true, :'hash', md5(random()::text),
       md5(random()::text), false, false, true, 0
  FROM generate_series(1, :n) AS i;
SQL

# What bulk writes leave behind is done before a row is measured, not during it: vacuum and the
# planner's statistics, the checkpoint that writes the new rows out, the kernel's writeback. (After
# the million-row seed, autovacuum and the checkpoint ran into the first rows and halved them.)
settle() {
    db_psql -c "VACUUM (ANALYZE)"
    db_psql -c "CHECKPOINT" 2>/dev/null || say "CHECKPOINT needs a superuser or the pg_checkpoint role: left to PostgreSQL"
    sync
}

if [ -n "$SEED" ]; then
    say "Seeding $SEED"
    time db_psql -v lesson="$LESSON" -v hash="$hash" -f "$SEED"
    settle
fi

say "Signing the learners in"
for i in $(seq 1 "$LEARNERS"); do
    sign_in "bench-$i@example.com"
done > "$work/learners.tsv"
export BENCH_LEARNERS="$work/learners.tsv"
first_cookie=$(head -n 1 "$work/learners.tsv" | cut -f1)
first_token=$(head -n 1 "$work/learners.tsv" | cut -f2)

# "key|label|method|path|who|body|content type|target ratio|target p99 ms|reference"
# who: nginx (a reference), visitor, visitor-gzip (asks for gzip, as every browser does), learner,
# learner-first. reference: the nginx row a row is measured beside (default nginx).
progress_body="{\"lesson\":\"$LESSON\"}"
comment_body="Input.Lesson=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$COMMENT_LESSON")&Input.Body=%EB%B2%A4%EC%B9%98%EB%A7%88%ED%81%AC+%EB%8C%93%EA%B8%80%3A+**%EA%B5%B5%EA%B2%8C**+%EA%B7%B8%EB%A6%AC%EA%B3%A0+%60code%60"
cases=(
    "nginx|nginx, the same bytes as the visitor lesson page|GET|/lesson.html|nginx||||"
    "anon|lesson page, visitor (page cache)|GET|/courses/$LESSON|visitor|||0.70|"
    "nginx-gzip|nginx, the same gzip bytes as the visitor lesson page below|GET|/lesson.gz|nginx||||"
    "anon-gzip|lesson page, visitor, as a browser asks it (\`Accept-Encoding: gzip\`; ratio to nginx serving the same gzip bytes)|GET|/courses/$LESSON|visitor-gzip|||||nginx-gzip"
    "learner|lesson page, signed-in learner|GET|/courses/$LESSON|learner|||0.20|15"
    "learner-first|lesson page, signed-in learner, first view (a new address each time: no kept copy)|GET|/courses/$LESSON|learner-first||||"
    "progress|\`POST /api/progress/complete\`|POST|/api/progress/complete|learner|$progress_body|application/json|0.08|50"
    "comment|\`POST /comments/new\`|POST|/comments/new|learner|$comment_body|application/x-www-form-urlencoded|0.05|100"
    "catalog|\`/\` (catalog), visitor|GET|/|visitor|||0.50|"
    "course|\`/courses/$COURSE\`, visitor|GET|/courses/$COURSE|visitor|||0.50|"
    "tag|\`/tags/$TAG\`, visitor|GET|/tags/$TAG|visitor|||0.50|"
    "catalog-learner|\`/\` (catalog), signed-in learner|GET|/|learner||||"
    "course-learner|\`/courses/$COURSE\`, signed-in learner|GET|/courses/$COURSE|learner||||"
)

say "Counting SQL statements per request (Server-Timing), once warm"
declare -A statements bytes
for case in "${cases[@]}"; do
    IFS='|' read -r key label method path who body type _ _ _ <<<"$case"
    [ "$who" = nginx ] && continue
    args=(-s -o "$work/body" -D "$work/headers" -w '%{size_download}' -X "$method")
    [ "$who" = visitor-gzip ] && args+=(-H "Accept-Encoding: gzip")
    if [ "$who" = learner ] || [ "$who" = learner-first ]; then
        args+=(-H "Cookie: $first_cookie" -H "RequestVerificationToken: $first_token")
    fi
    [ -n "$body" ] && args+=(-H "Content-Type: $type" --data-binary "$body")
    for _ in 1 2 3; do
        address="$path"
        if [ "$who" = learner-first ]; then address="$path?view=count-$RANDOM$RANDOM"; fi
        size=$(curl "${args[@]}" "$BASE$address")
    done
    statements[$key]=$(grep -oiP 'server-timing: db;desc="statements=\K[0-9]+' "$work/headers" || echo "?")
    bytes[$key]=$size
done
curl -fs "$BASE/courses/$LESSON" -o "$work/lesson.html"
curl -fs -H "Accept-Encoding: gzip" -D "$work/gzip-headers" "$BASE/courses/$LESSON" -o "$work/lesson.gz"
grep -qi '^content-encoding: gzip' "$work/gzip-headers" || { say "The visitor lesson page was not answered with gzip"; cat "$work/gzip-headers" >&2; exit 1; }
stop_app

say "Starting nginx on 127.0.0.1:$NGINX_PORT with the visitor lesson page ($(stat -c %s "$work/lesson.html") bytes)"
mkdir -p "$work/www" "$work/nginx"
cp "$work/lesson.html" "$work/lesson.gz" "$work/www/"
chmod -R a+rX "$work/www"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
daemon off;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types { text/html html; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $work/www;
        location = /lesson.gz {
            default_type text/html;
            add_header Content-Encoding gzip;
            add_header Vary Accept-Encoding;
        }
    }
}
CONF
"$NGINX" -c "$work/nginx/nginx.conf" -p "$work/nginx" &
nginx_pid=$!
for _ in $(seq 1 20); do curl -fs "http://127.0.0.1:$NGINX_PORT/lesson.html" >/dev/null 2>&1 && break; sleep 0.2; done
bytes[nginx]=$(curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:$NGINX_PORT/lesson.html")
bytes[nginx-gzip]=$(curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:$NGINX_PORT/lesson.gz")

say "Starting the web app for the measured run"
start_app 0

to_ms() { # wrk's "537.00us" / "2.43ms" / "1.02s" → milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
        printf "%.2f", n }'
}
case_request() { # $1: a case; sets url and script (and the learners' request for bench/learners.lua)
    IFS='|' read -r key label method path who body type ratio_target p99_target reference <<<"$1"
    reference="${reference:-nginx}"
    url="$BASE$path"
    [ "$who" = nginx ] && url="http://127.0.0.1:$NGINX_PORT$path"
    script=()
    # The gzip row and its nginx send what a browser sends.
    if [ "$who" = visitor-gzip ] || [ "$key" = nginx-gzip ]; then script=(-H "Accept-Encoding: gzip"); fi
    export BENCH_UNIQUE=0
    if [ "$who" = learner ] || [ "$who" = learner-first ]; then
        script=(-s bench/learners.lua)
        export BENCH_METHOD="$method" BENCH_BODY="$body" BENCH_CONTENT_TYPE="$type"
        if [ "$who" = learner-first ]; then BENCH_UNIQUE=1; fi
    fi
}
# .NET compiles hot code in tiers, with profile-guided optimization, over the first seconds of load:
# every request path is warmed before any row is measured, or the first rows would measure the
# compiler (the visitor lesson page, measured first, read about half its steady rate).
say "Warming every request path (${WARMUP} each)"
for case in "${cases[@]}"; do
    case_request "$case"
    wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${script[@]}" "$url" >/dev/null 2>&1
done
# The warm-up posted thousands of comments and marks: written out before the first row.
settle
# The machine is shared and runs at two speeds, switching within seconds or staying in one for a
# minute (bench/results.md: copying memory costs up to three times as much in the slow one). So
# each row is measured in ROUNDS slices, each right after a slice of nginx, and the rounds go over
# every row in turn: a row's slices are spread over the whole run, not taken one after another
# while the machine is in one state. A row's ratio is the median of its slices' ratios (each to
# the nginx slice just before it); requests/s, p50 and p99 are the medians of its slices; the
# slices' own ratios are shown beside it. The nginx row is the median of all its slices.
# Beside the rates, each slice of the app's rows takes the CPU time the web process and every
# PostgreSQL process spent in it, per request: less at the mercy of the machine's state than a
# rate, and it says which side a change moved.
clock_ticks=$(getconf CLK_TCK)
cpu_ticks() { # $@: process ids; prints their user + system time so far, in clock ticks
    local total=0 pid
    for pid in "$@"; do
        [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}
measure() { # $1: a case; prints "rps p50 p99 errors app-µs/request postgres-µs/request" ("-" for nginx)
    case_request "$1"
    local out app0 pg0 app1 pg1 postgres
    postgres=$(pgrep -x postgres | tr '\n' ' ' || true)
    app0=$(cpu_ticks "$web"); pg0=$(cpu_ticks $postgres)
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$SLICE" --latency "${script[@]}" "$url")
    app1=$(cpu_ticks "$web"); pg1=$(cpu_ticks $postgres)
    printf '%s %s %s %s %s\n' "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")" \
        "$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")" "$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")" \
        "$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out" | grep . || echo 0)" \
        "$(if [ "$who" = nginx ]; then echo "- -"; else
            awk -v n="$(awk '/requests in/ {print $1}' <<<"$out")" -v a=$((app1 - app0)) -v p=$((pg1 - pg0)) -v hz="$clock_ticks" \
                'BEGIN { printf "%.0f %.0f", a * 1e6 / hz / n, p * 1e6 / hz / n }'; fi)"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A case_of row_slices
for case in "${cases[@]}"; do case_of[${case%%|*}]="$case"; done
for round in $(seq 1 "$ROUNDS"); do
    say "Round $round of $ROUNDS: every row for $SLICE, each after $SLICE of its nginx"
    for case in "${cases[@]}"; do
        case_request "$case"
        [ "$who" = nginx ] && continue
        wrk -t2 -c"$CONNECTIONS" -d1s "${script[@]}" "$url" >/dev/null 2>&1   # back on this row's path
        reference_slice=$(measure "${case_of[$reference]}")
        row_slices[$reference]+="$reference_slice 1"$'\n'
        slice=$(measure "$case")
        row_slices[$key]+="$slice $(awk -v a="${slice%% *}" -v b="${reference_slice%% *}" 'BEGIN { printf "%.4f", a / b }')"$'\n'
    done
done
rows=()
for case in "${cases[@]}"; do
    case_request "$case"
    slices=${row_slices[$key]%$'\n'}
    rps=$(awk '{print $1}' <<<"$slices" | median)
    p50=$(awk '{print $2}' <<<"$slices" | median | xargs printf '%.2f')
    p99=$(awk '{print $3}' <<<"$slices" | median | xargs printf '%.2f')
    errors=$(awk '{ s += $4 } END { print s + 0 }' <<<"$slices")
    if [ "$who" = nginx ]; then
        rows+=("| $label | $(printf '%.0f' "$rps") | 1.000× | $p50 | $p99 | – | – | ${bytes[$key]} | $errors | reference |  |")
        continue
    fi
    # Met or not is decided on the median itself, not on the three decimals printed: 0.0496
    # prints as 0.050 and is below a 0.05 target.
    raw_ratio=$(awk '{print $7}' <<<"$slices" | median)
    ratio=$(awk -v r="$raw_ratio" 'BEGIN { printf "%.3f", r }')
    each=$(awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $7 }' <<<"$slices")
    app_cpu=$(awk '{print $5}' <<<"$slices" | median | xargs printf '%.0f')
    pg_cpu=$(awk '{print $6}' <<<"$slices" | median | xargs printf '%.0f')
    target="" met=""
    if [ -n "$ratio_target" ]; then
        target="≥ ${ratio_target}×"
        met=$(awk -v r="$raw_ratio" -v t="$ratio_target" 'BEGIN { print (r >= t) ? "yes" : "no" }')
    fi
    if [ -n "$p99_target" ]; then
        target="$target, p99 ≤ ${p99_target} ms"
        met=$(awk -v m="$met" -v p="$p99" -v t="$p99_target" 'BEGIN { print (m == "yes" && p <= t) ? "yes" : "no" }')
    fi
    rows+=("| $label | $(printf '%.0f' "$rps") | $ratio× ($each) | $p50 | $p99 | $app_cpu / $pg_cpu | ${statements[$key]:-–} | ${bytes[$key]:-–} | $errors | $target | $met |")
done
peak_kib=$(awk '/^VmHWM/ {print $2}' "/proc/$web/status")
rss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$web/status")
stop_app
comments=$(db_psql -tA -c "SELECT count(*) FROM comments")
learners_total=$(db_psql -tA -c "SELECT count(*) FROM users")
completions=$(db_psql -tA -c "SELECT count(*) FROM lesson_completions")

table=$(
    echo "| what | requests/s | ratio to nginx (each slice) | p50 ms | p99 ms | CPU µs per request: app / PostgreSQL | SQL statements per request | bytes | non-2xx/3xx | target | met |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Web process peak resident memory (VmHWM) over the whole run: $((peak_kib / 1024)) MiB (at the end: $((rss_kib / 1024)) MiB; target < 300 MiB)."
    echo "Database at the end: $learners_total users, $completions completions, $comments comments."
)
echo "$table"

section=$(
    echo "<!-- bench:$DATABASE -->"
    echo "## $LABEL"
    echo
    echo "Recorded $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/run.sh\` (database \`$DATABASE\`; wrk, $CONNECTIONS connections, 2 threads; every path warmed for $WARMUP, then $ROUNDS rounds over every row, a slice of $SLICE each, right after a slice of nginx: the ratio is the median of the slices' ratios, requests/s, p50 and p99 the medians of the slices; $LEARNERS signed-in learners taking turns, a cookie per request)"
    echo "on $(machine), .NET $(dotnet --version), $(postgres_version), $("$NGINX" -v 2>&1 | sed 's/^nginx version: //')."
    echo "wrk, nginx, PostgreSQL and the app share the machine$( [ -n "${BENCH_NOTE:-}" ] && echo "; $BENCH_NOTE")."
    echo
    echo "$table"
    echo "<!-- /bench:$DATABASE -->"
)
record_section "$RESULTS" "$DATABASE" "$section"
say "Recorded in $RESULTS"
