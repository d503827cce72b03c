#!/usr/bin/env bash
# Proves a backup restores: loads the dump into a scratch database, compares row counts of the
# tables that matter with the live database, and drops the scratch database again.
# Usage: platform-restore-check.sh /var/backups/platform/platform-<stamp>.dump
set -euo pipefail
dump="$1"
DATABASE="${PLATFORM_DATABASE:-platform}"
scratch="${DATABASE}_restore_check"

dropdb --if-exists "$scratch"
createdb "$scratch"
trap 'dropdb --if-exists "$scratch"' EXIT
pg_restore --no-owner --exit-on-error --dbname="$scratch" "$dump"

count() { psql -XAtq -d "$1" -c "SELECT count(*) FROM $2"; }
status=0
for table in __EFMigrationsHistory users lessons lesson_completions comments problem_reports email_outbox data_protection_keys; do
    restored=$(count "$scratch" "\"$table\"")
    live=$(count "$DATABASE" "\"$table\"")
    printf '%-24s restored %8s   live %8s\n' "$table" "$restored" "$live"
    # The live database may have grown since the dump; it never has fewer rows of these.
    if [ "$restored" -gt "$live" ]; then status=1; fi
done
if [ "$status" -ne 0 ]; then
    echo "restore check FAILED: the restored copy has more rows than the live database" >&2
fi
exit "$status"
