#!/usr/bin/env bash
# Runs the platform on http://localhost:5080: PostgreSQL (a private cluster in .data/postgres unless
# ConnectionStrings__Platform is set), migrations, content import, then the web app.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

require_dotnet
if [ -z "${ConnectionStrings__Platform:-}" ]; then
    require_postgres_binaries
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_ENVIRONMENT="$ASPNETCORE_ENVIRONMENT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The GC's smallest gen0 budget, as every deployment sets it (docs/deploy.md, "Memory").
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x1000000}"

say "Building"
dotnet build Platform.sln -nologo -v quiet
if [ -z "${ConnectionStrings__Platform:-}" ]; then
    say "Starting the private PostgreSQL in .data/postgres"
    # Development tooling (tools/Platform.DevTools, through the migrator), not the web app, starts it.
    ConnectionStrings__Platform="$(dotnet run --no-build --no-launch-profile --project migrations/Platform.Migrations -- connection-string)"
    export ConnectionStrings__Platform
fi
say "Migrating the database"
dotnet run --no-build --no-launch-profile --project migrations/Platform.Migrations
say "Starting the platform on ${PLATFORM_URLS:-http://localhost:5080}"
exec dotnet run --no-build --no-launch-profile --project src/Platform.Web --urls "${PLATFORM_URLS:-http://localhost:5080}"
