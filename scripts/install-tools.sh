#!/usr/bin/env bash
# Installs what the tests and the demo need, and does nothing when it is all there:
# Debian's postgresql, redis-server, prometheus, chromium, ripgrep, libkrb5-dev, pkg-config, and
# code-server 4.100.3 into a cache folder of its own (it is ~300 MB and has install
# scripts of its own, so it stays out of the project's package.json).
#
#   scripts/install-tools.sh            # everything
#   scripts/install-tools.sh --services # only PostgreSQL, Redis and Prometheus (integration tests)
#   scripts/install-tools.sh --print-code-server   # path of the code-server binary
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE_ROOT="${INCIDENT_RUNBOOKS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/incident-runbooks}"
CS_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"

if [[ "${1:-}" == "--print-code-server" ]]; then echo "$CS_BIN"; exit 0; fi
want_code_server=1
[[ "${1:-}" == "--services" ]] && want_code_server=0

say() { printf '[install-tools] %s\n' "$*" >&2; }

# Debian keeps the server binaries off PATH; elsewhere initdb is usually on it.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true; command -v initdb >/dev/null && dirname "$(command -v initdb)"; }

missing=()
[[ -n "$(pg_bin | head -n 1)" ]] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v prometheus >/dev/null || missing+=(prometheus)
if (( want_code_server )); then
  [[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || missing+=(chromium)
  command -v rg >/dev/null || missing+=(ripgrep)
  # Kerberos headers: Debian's package, or (elsewhere) whatever pkg-config finds.
  if command -v dpkg >/dev/null; then
    dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  else
    pkg-config --exists krb5-gssapi 2>/dev/null || missing+=(libkrb5-dev)
  fi
  command -v pkg-config >/dev/null || missing+=(pkg-config)
fi

if (( ${#missing[@]} )); then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    say "missing Debian packages: ${missing[*]}"
    say "install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    say "(on other systems: PostgreSQL 13+ server binaries, redis-server, prometheus 2.x, Chromium (CHROMIUM_PATH if not /usr/bin/chromium), ripgrep, Kerberos headers and pkg-config)"
    exit 1
  fi
  say "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's redis-server, postgresql and prometheus packages start system services; the project runs
# its own throwaway servers instead, so the system ones are left alone (they may not even run in a container).

if (( want_code_server )) && [[ ! -x "$CS_BIN" ]]; then
  say "installing code-server $CODE_SERVER_VERSION into $CS_DIR (about a minute)"
  # @vscode/ripgrep downloads rg from GitHub in its postinstall unless its cache holds the
  # tarball already: pack Debian's rg into that cache so the install works offline.
  rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  rg_tar="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [[ ! -f "$rg_tar" ]]; then
    mkdir -p "$rg_cache"
    tmp=$(mktemp -d); cp "$(command -v rg)" "$tmp/rg"
    tar -C "$tmp" -czf "$rg_tar" rg; rm -rf "$tmp"
  fi
  mkdir -p "$CS_DIR.partial"
  ( cd "$CS_DIR.partial"
    [[ -f package.json ]] || echo '{"name":"code-server-cache","private":true}' > package.json
    npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm --loglevel=error \
      "code-server@$CODE_SERVER_VERSION" >&2 )
  rm -rf "$CS_DIR"; mv "$CS_DIR.partial" "$CS_DIR"
fi
say "ready${missing[*]:+ (installed: ${missing[*]})}"
