#!/usr/bin/env bash
# bench/run.sh on the scale data (bench/scale.sql): 100,000 learners, 1,000,000 completions and
# 10,000 comments on the benchmarked lesson, one thread of them with 2,000 replies. Recorded in
# bench/results.md beside the fresh database's run. Then bench/tail.sh: the lesson page's p99 on
# this database beside the fresh one's (bench/run.sh's, run first), in the same minutes, for the
# "within 1.5× of empty" comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DATABASE="${BENCH_DATABASE:-platform_bench_scale}" \
BENCH_LABEL="${BENCH_LABEL:-scale: 10,000 comments on the lesson, 100,000 learners, 1,000,000 completions}" \
BENCH_SEED=bench/scale.sql \
    bench/run.sh "$@"
exec bench/tail.sh
