#!/usr/bin/env bash
# Dumps the platform database in pg_dump's custom format (compressed, restorable table by table)
# to $BACKUP_DIR and keeps the last $KEEP_DAYS days. Run as a role that may read every table
# (the postgres user on the database machine, or the platform role with its password in ~/.pgpass).
set -euo pipefail
DATABASE="${PLATFORM_DATABASE:-platform}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/platform}"
KEEP_DAYS="${KEEP_DAYS:-14}"

mkdir -p "$BACKUP_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$BACKUP_DIR/$DATABASE-$stamp.dump"
# Written under a temporary name first: a half-written dump never looks like a backup.
pg_dump --format=custom --no-owner --dbname="$DATABASE" --file="$target.partial"
mv "$target.partial" "$target"
find "$BACKUP_DIR" -name "$DATABASE-*.dump" -mtime +"$KEEP_DAYS" -delete
echo "backup written: $target ($(du -h "$target" | cut -f1))"
