#!/usr/bin/env bash
# Search benchmark: at least 1,000 lessons (the repository's courses, copied as often as it takes) imported
# into a database of their own on the private cluster, then /search driven by wrk over loopback
# for a few queries a reader types. nginx serving the same response bytes from a file, in the same
# run, gives the reference. Prints a table and writes it into bench/results.md between the
# "search" markers, leaving the rest of that file as it is.
#
#   bench/search.sh                       # 10 s per query, 1 and 8 connections
#   DURATION=30s bench/search.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

require_dotnet
require_postgres_binaries
command -v wrk >/dev/null 2>&1 || apt_install wrk || { say "wrk is missing: sudo apt-get install wrk"; exit 1; }
command -v nginx >/dev/null 2>&1 || apt_install nginx-light || { say "nginx is missing: sudo apt-get install nginx-light"; exit 1; }
command -v psql >/dev/null 2>&1 || apt_install postgresql-client || { say "psql is missing: sudo apt-get install postgresql-client"; exit 1; }

DURATION="${DURATION:-10s}"
COLD_QUERIES="${COLD_QUERIES:-500}"
PORT="${BENCH_PORT:-5091}"
NGINX_PORT="${BENCH_NGINX_PORT:-5092}"
# Enough copies of the repository's lessons to make at least 1,000.
repo_lessons=$(find content -name '*.md' -path '*/*/*/*' | wc -l)
COPIES=$(( (1000 + repo_lessons - 1) / repo_lessons ))
BASE="http://127.0.0.1:$PORT"
work=$(mktemp -d /tmp/platform-search-bench.XXXXXX)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. bench/common.sh

say "Building (Release)"
dotnet build Platform.sln -c Release -nologo -v quiet >/dev/null

say "Starting the private PostgreSQL cluster (migrating the development database)"
DOTNET_ENVIRONMENT=Development dotnet run -c Release --no-build --no-launch-profile --project migrations/Platform.Migrations >/dev/null
pg_port=$(cat .data/postgres/platform.port)
database=platform_search_bench
psql -q -h 127.0.0.1 -p "$pg_port" -U platform -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database"
export ConnectionStrings__Platform="Host=127.0.0.1;Port=$pg_port;Username=platform;Database=$database"

say "Writing $((COPIES * repo_lessons)) lessons: the repository's $repo_lessons, $COPIES copies each"
for course in content/*/; do
    name=$(basename "$course")
    for i in $(seq -w 1 "$COPIES"); do
        mkdir -p "$work/content/$name-$i"
        cp -r "$course"* "$work/content/$name-$i/"
        sed -i "s/^slug: $name\$/slug: $name-$i/; s/^title: \"\\?\([^\"]*\)\"\\?\$/title: \"\1 $i\"/" "$work/content/$name-$i/course.yml"
    done
done
lessons=$(find "$work/content" -name '*.md' | wc -l)

say "Migrating and importing into $database"
dotnet run -c Release --no-build --no-launch-profile --project migrations/Platform.Migrations >/dev/null
dotnet run -c Release --no-build --no-launch-profile --project migrations/Platform.Migrations -- import-content "$work/content" >/dev/null
sections=$(psql -tA -h 127.0.0.1 -p "$pg_port" -U platform -d "$database" -c "SELECT count(*) FROM lesson_sections")

say "Starting the web app on $BASE (Production) and nginx on :$NGINX_PORT"
ASPNETCORE_ENVIRONMENT=Production Platform__ImportContentOnStart=false Logging__LogLevel__Default=Warning \
    dotnet src/Platform.Web/bin/Release/net10.0/Platform.Web.dll --urls "$BASE" --contentRoot "$(pwd)/src/Platform.Web" >"$work/web.log" 2>&1 &
web=$!
mkdir -p "$work/www"
cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 256; }
http {
    access_log off;
    default_type text/html;
    server { listen 127.0.0.1:$NGINX_PORT; root $work/www; location / { try_files \$uri =404; } }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
nginx=$!
trap 'kill $web $nginx 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    sleep 1
done
curl -fs "$BASE/healthz" >/dev/null || { cat "$work/web.log"; exit 1; }

# "label|query" (URL-encoded). The last one is misspelt: no full-text match, the trigram fallback answers.
cases=(
    "two syllables: 모델|%EB%AA%A8%EB%8D%B8"
    "particle attached: 데이터셋으로|%EB%8D%B0%EC%9D%B4%ED%84%B0%EC%85%8B%EC%9C%BC%EB%A1%9C"
    "mixed: LoRA 학습률|LoRA%20%ED%95%99%EC%8A%B5%EB%A5%A0"
    "English: tokenizer|tokenizer"
    "misspelt: tokenzier (trigram)|tokenzier"
)

measure() { # url connections → "rps p50 p99 non2xx"
    wrk -t1 -c"$2" -d2s "$1" >/dev/null 2>&1
    local out
    out=$(wrk -t1 -c"$2" -d"$DURATION" --latency "$1")
    echo "$(awk '/^Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out") $(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out")"
}

rows=()
n=0
for case in "${cases[@]}"; do
    IFS='|' read -r label query <<<"$case"
    n=$((n + 1))
    url="$BASE/search?q=$query"
    hits=$(curl -fs "$url" | grep -c 'class="search-hit"' || true)
    curl -fs "$url" >"$work/www/r$n.html"
    for c in 1 8; do
        read -r rps p50 p99 errors <<<"$(measure "$url" "$c")"
        read -r nrps _ nginx_p99 _ <<<"$(measure "http://127.0.0.1:$NGINX_PORT/r$n.html" "$c")"
        ratio=$(awk -v a="$rps" -v b="$nrps" 'BEGIN { printf "%.3f", a / b }')
        rows+=("| $label | $hits | $c | $rps | $p50 | **$p99** | ${errors:-0} | $nrps | $nginx_p99 | $ratio |")
    done
done

# Cold: the app keeps outcomes by query, so the rows above measure a repeated search. Here every
# query is new to it: COLD_QUERIES distinct words of the lessons (common and rare alike), one
# request each, one at a time, timed by curl.
say "Cold searches: $COLD_QUERIES distinct words, each searched once"
psql -tA -h 127.0.0.1 -p "$pg_port" -U platform -d "$database" \
    -c "SELECT word FROM search_words WHERE char_length(word) >= 2 ORDER BY md5(word) LIMIT $COLD_QUERIES" >"$work/cold-words"
while read -r word; do
    curl -s -o /dev/null -w '%{time_total}\n' -G --data-urlencode "q=$word" "$BASE/search"
done <"$work/cold-words" >"$work/cold-times"
read -r cold_n cold_p50 cold_p99 cold_max <<<"$(sort -n "$work/cold-times" | awk '{ t[NR] = $1 * 1000 } END {
    p99 = int(NR * 0.99) + 1; if (p99 > NR) p99 = NR
    printf "%d %.2fms %.2fms %.2fms", NR, t[int(NR * 0.5) + 1], t[p99], t[NR] }')"
cold_line="Cold (each query new to the app's cache, one at a time): $cold_n distinct words, p50 $cold_p50, **p99 $cold_p99**, slowest $cold_max."

table=$(
    echo "| query | hits | connections | requests/s | p50 | p99 | non-2xx | nginx requests/s (same bytes) | nginx p99 | app / nginx |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
)
echo "$table"
echo
echo "$cold_line"

section=$(
    echo "<!-- search:begin (written by bench/search.sh) -->"
    echo "## Search (\`/search\`)"
    echo
    echo "Recorded $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/search.sh\`: $lessons lessons ($sections indexed sections) imported,"
    echo "wrk with 1 thread, $DURATION per row after a 2 s warm-up; target p99 ≤ 20 ms. The whole request is measured (routing,"
    echo "the query, highlighting, the Razor page), on $(nproc) cores shared with PostgreSQL and the load generator,"
    echo "$(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version), $(postgres_version)."
    echo
    echo "Repeated searches (each row one query, answered from the app's cache after its first time):"
    echo
    echo "$table"
    echo
    echo "$cold_line"
    echo "<!-- search:end -->"
)
results=bench/results.md
[ -f "$results" ] || echo "# Benchmark results" >"$results"
if grep -q '<!-- search:begin' "$results"; then
    awk -v section="$section" '
        /<!-- search:begin/ { print section; skip = 1; next }
        /<!-- search:end -->/ { skip = 0; next }
        !skip { print }' "$results" >"$results.tmp" && mv "$results.tmp" "$results"
else
    printf '\n%s\n' "$section" >>"$results"
fi
