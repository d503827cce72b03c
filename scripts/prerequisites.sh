# Sourced by run.sh and test.sh: makes sure this machine has what the platform needs,
# installing it when we are root on Debian/Ubuntu, and saying exactly what to install otherwise.

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

apt_install() {
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        return 1
    fi
    if [ -z "${_APT_UPDATED:-}" ]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
        _APT_UPDATED=1
    fi
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

require_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        say "The .NET 10 SDK is missing: install it (https://learn.microsoft.com/dotnet/core/install/linux-debian), then run this again."
        exit 1
    fi
}

postgres_binaries() {
    command -v initdb >/dev/null 2>&1 && return 0
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

require_postgres_binaries() {
    # Only needed when we start our own cluster (no connection string given).
    postgres_binaries && return 0
    # We run our own private cluster; Debian's default "main" cluster is not needed.
    if [ "$(id -u)" -eq 0 ]; then
        mkdir -p /etc/postgresql-common
        grep -q '^create_main_cluster' /etc/postgresql-common/createcluster.conf 2>/dev/null \
            || echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
    fi
    apt_install postgresql && postgres_binaries && return 0
    say "PostgreSQL's server binaries (initdb, pg_ctl) are missing. Any one of these works:"
    say "  1. sudo apt-get install postgresql     (then run this again)"
    say "  2. docker compose up -d db             and export ConnectionStrings__Platform='Host=localhost;Port=5432;Username=platform;Password=platform;Database=platform'"
    say "  3. export ConnectionStrings__Platform='Host=...;Username=...;Password=...;Database=...' for any PostgreSQL 15+"
    exit 1
}

chromium_path() {
    for c in "${PLATFORM_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
        [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
    done
    return 1
}

require_chromium() {
    chromium_path >/dev/null && return 0
    apt_install chromium && chromium_path >/dev/null && return 0
    say "Chromium is missing (the browser tests drive it): sudo apt-get install chromium, or set PLATFORM_CHROMIUM to a Chromium binary."
    exit 1
}

nginx_path() {
    for c in "${PLATFORM_NGINX:-}" /usr/sbin/nginx /usr/bin/nginx; do
        [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
    done
    return 1
}

require_nginx() {
    # The two-instance tests put a real nginx in front of two app processes.
    nginx_path >/dev/null && return 0
    apt_install nginx-light && nginx_path >/dev/null && return 0
    say "nginx is missing (the two-instance tests run behind it): sudo apt-get install nginx-light, or set PLATFORM_NGINX to an nginx binary."
    exit 1
}

postgres_version() {
    local bin
    bin=$(command -v postgres || ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1)
    "$bin" --version 2>/dev/null || echo "PostgreSQL (version unknown)"
}
