#!/usr/bin/env bash
# Runs a command with the settings of /etc/platform/platform.env (or $PLATFORM_ENV), read the way
# systemd reads an EnvironmentFile: KEY=value per line, no quoting, so values with spaces or <>
# (Smtp__From) stay whole. The deploy steps use it to run the migrator with the instances' settings.
set -euo pipefail
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    export "${line%%=*}=${line#*=}"
done < "${PLATFORM_ENV:-/etc/platform/platform.env}"
export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
exec "$@"
