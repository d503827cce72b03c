# What bench/run.sh, bench/tail.sh and bench/search.sh share (sourced): the app's runtime settings,
# signing the benchmark's learners in, writing a section of bench/results.md and naming the machine.
# Signing in needs BASE (the app), PASSWORD (every learner's) and work (a scratch folder), and say.
# The app runs with the runtime settings every deployment gives it (run.sh, the Dockerfile, the
# systemd unit; docs/deploy.md says why): the GC's smallest gen0 budget.
export DOTNET_GCgen0size=0x1000000
# Cookies are carried by hand: the sign-in cookie is Secure (as in production) and curl would
# not send it back over http; wrk sends whatever header it is given.
cookie_merge() { # $1: cookie header so far, $2: response headers file
    python3 - "$1" "$2" <<'PY'
import sys
jar = dict(p.split("=", 1) for p in sys.argv[1].split("; ") if "=" in p)
for line in open(sys.argv[2], encoding="latin-1"):
    if line.lower().startswith("set-cookie:"):
        name, _, value = line.split(":", 1)[1].strip().split(";", 1)[0].partition("=")
        if value:
            jar[name] = value
        else:  # an emptied cookie is a deletion: a browser sends it no more
            jar.pop(name, None)
print("; ".join(f"{k}={v}" for k, v in jar.items()))
PY
}
sign_in() { # $1: e-mail; prints "cookie<TAB>antiforgery token"
    local page token cookie
    page=$(curl -fs -D "$work/h1" "$BASE/Identity/Account/Login")
    token=$(grep -oP 'name="__RequestVerificationToken" type="hidden" value="\K[^"]+' <<<"$page" | head -n 1)
    cookie=$(cookie_merge "" "$work/h1")
    curl -s -o /dev/null -D "$work/h2" -H "Cookie: $cookie" --data-urlencode "Input.Email=$1" \
        --data-urlencode "Input.Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$token" "$BASE/Identity/Account/Login"
    cookie=$(cookie_merge "$cookie" "$work/h2")
    grep -q 'Identity.Application' <<<"$cookie" || { say "Signing in as $1 failed"; cat "$work/h2" >&2; exit 1; }
    token=$(curl -fs -D "$work/h3" -H "Cookie: $cookie" "$BASE/api/antiforgery" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    cookie=$(cookie_merge "$cookie" "$work/h3")
    printf '%s\t%s\n' "$cookie" "$token"
}

# $1: results file, $2: section name, $3: the section, from "<!-- bench:NAME -->" to
# "<!-- /bench:NAME -->": replaces the file's section of that name, or is appended.
record_section() {
    [ -f "$1" ] || printf '# Benchmark results\n\nEach section is written by one `bench/run.sh` run (bench/scale.sh for the scale data); ratios are to nginx serving the same bytes in the same run.\n' > "$1"
    SECTION="$3" python3 - "$1" "$2" <<'PY'
import os, re, sys
path, name = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
section = os.environ["SECTION"]
pattern = re.compile(r"<!-- bench:%s -->.*?<!-- /bench:%s -->" % (re.escape(name), re.escape(name)), re.S)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w", encoding="utf-8").write(text)
PY
}

# The machine, for a results section: cores, the CPU and its largest cache (the GC sized its
# youngest generation from it before DOTNET_GCgen0size was set), memory, kernel and system.
machine() {
    local cpu l3
    cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
    l3=$(lscpu 2>/dev/null | sed -n 's/^L3 cache: *\([^(]*[^ (]\).*/\1/p' | head -n 1)
    echo "$(nproc) cores (${cpu:-unknown CPU}${l3:+, L3 $l3}), $(free -g | awk '/^Mem:/ {print $2}') GiB, kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME")"
}
