#!/usr/bin/env bash
# Validates the deployment files without a Docker engine: docker-compose.yml with `docker compose
# config` (or Debian's docker-compose where the plugin is missing, installed with apt as root), and
# every nginx configuration under deploy/ with `nginx -t` (upstream host names replaced by loopback,
# since no container or DNS name resolves here). Says clearly what it could not check.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

compose_config() {
    if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
        docker compose config -q
    elif command -v docker-compose >/dev/null 2>&1; then
        docker-compose config -q
    else
        return 2
    fi
}

say "Checking docker-compose.yml"
status=0
compose_config || status=$?
if [ "$status" -eq 2 ]; then
    apt_install docker-compose || true
    status=0
    compose_config || status=$?
fi
case "$status" in
    0) say "docker-compose.yml is valid" ;;
    2) say "NOT CHECKED: docker-compose.yml — neither 'docker compose' nor 'docker-compose' is available, and apt could not install docker-compose." ;;
    *) say "docker-compose.yml is invalid (see above)"; exit 1 ;;
esac

if ! nginx_path >/dev/null; then
    apt_install nginx-light || true
fi
if nginx=$(nginx_path); then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    for site in deploy/*.conf; do
        # Names only Docker or the operator's DNS resolves become loopback; TLS files that certbot
        # would write become a throwaway self-signed pair.
        sed -E 's/server +[a-z][a-z0-9.-]*:([0-9]+)/server 127.0.0.1:\1/; s#/etc/letsencrypt/live/[^/]+/(fullchain|privkey)\.pem#'"$work"'/\1.pem#; s#include /etc/letsencrypt/options-ssl-nginx.conf;##; s#ssl_dhparam /etc/letsencrypt/ssl-dhparams.pem;##' \
            "$site" > "$work/site.conf"
        if grep -q "$work/fullchain.pem" "$work/site.conf" && [ ! -f "$work/fullchain.pem" ]; then
            openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
                -keyout "$work/privkey.pem" -out "$work/fullchain.pem" >/dev/null 2>&1
        fi
        cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
    include $work/site.conf;
}
CONF
        if "$nginx" -t -q -p "$work" -c "$work/nginx.conf" -e "$work/error.log"; then
            say "$site is a valid nginx configuration"
        else
            say "$site is not a valid nginx configuration"
            exit 1
        fi
    done
else
    say "NOT CHECKED: the nginx configurations under deploy/ — nginx is missing and apt could not install nginx-light."
fi

# Every way of running the app gives it the same runtime settings from the environment (the runtime
# reads them from nowhere else; docs/deploy.md, "Memory"): the systemd unit, the Dockerfile, run.sh
# and the benchmark, which measures the app as it is deployed.
say "Checking the runtime settings in the unit, the Dockerfile, run.sh and bench/common.sh"
for setting in DOTNET_GCgen0size; do
    values=$(for file in deploy/platform-web@.service Dockerfile run.sh bench/common.sh; do
        value=$(grep -oP "$setting=\"?(\\$\\{$setting:-)?\K0x[0-9A-Fa-f]+" "$file" | head -n 1)
        [ -n "$value" ] || { say "$file does not set $setting"; exit 1; }
        echo "$value"
    done | sort -u)
    [ "$(wc -l <<<"$values")" -eq 1 ] || { say "$setting differs between the ways the app is run: $(echo $values)"; exit 1; }
    say "$setting=$values everywhere"
done
