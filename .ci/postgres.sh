#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the JDBC tests and prints the
# shell line that points the tests at it. Everything else goes to standard error, so:
#
#   eval "$(.ci/postgres.sh)"             # exports ROLLCALL_TEST_POSTGRES_URL (and _DIR)
#   mvn -B -pl jdbc -am verify            # now also runs the PostgreSQL suite
#   .ci/postgres.sh --stop "$ROLLCALL_TEST_POSTGRES_DIR"   # stops it and deletes its files
#
#   .ci/postgres.sh --env-file FILE       # also writes the export lines to FILE (then: . FILE)
#
# Installs Debian's postgresql package with apt-get when initdb/pg_ctl are missing (from
# PATH and /usr/lib/postgresql/*/bin). PostgreSQL refuses to run as root: as root, the
# server runs as the `postgres` system user (created if missing). The cluster lives in a
# fresh temporary folder, listens on 127.0.0.1 only, on the first free port from 55432
# (or $ROLLCALL_PG_PORT), with durability off (fsync) because it is thrown away.
# The role and database are both `rollcall`, password `rollcall`.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

if [[ "${1:-}" == "--stop" ]]; then
  dir="${2:-${ROLLCALL_TEST_POSTGRES_DIR:-}}"
  [[ -n "$dir" && -d "$dir/data" ]] || { log "usage: $0 --stop DIR (the folder printed as ROLLCALL_TEST_POSTGRES_DIR)"; exit 64; }
  bin="$(cat "$dir/bin")"
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  else
    "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
  exit 0
fi

env_file=""
if [[ "${1:-}" == "--env-file" ]]; then
  env_file="${2:?--env-file needs a file name}"
fi

find_bin() {
  local tool="$1" candidate
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$candidate/$tool" ]]; then echo "$candidate"; return 0; fi
  done
  if command -v "$tool" >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v "$tool")")"
    return 0
  fi
  return 1
}

bin="$(find_bin initdb || true)"
if [[ -z "$bin" || ! -x "$bin/pg_ctl" || ! -x "$bin/psql" ]]; then
  log "PostgreSQL server binaries not found; installing Debian's postgresql package"
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
  bin="$(find_bin initdb)" || { log "initdb still not found after installing postgresql"; exit 1; }
fi
log "using $("$bin/postgres" --version) from $bin"

run() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [[ "$(id -u)" == 0 ]] && ! id postgres >/dev/null 2>&1; then
  log "creating the postgres system user (the server refuses to run as root)"
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port="${ROLLCALL_PG_PORT:-55432}"
while ! port_free "$port"; do port=$((port + 1)); done

dir="$(mktemp -d "${TMPDIR:-/tmp}/rollcall-pg.XXXXXX")"
chmod 755 "$dir"
mkdir -p "$dir/sock"
echo "$bin" > "$dir/bin"
if [[ "$(id -u)" == 0 ]]; then chown -R postgres "$dir"; fi

run "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || run "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
       --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }

run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >&2 || { cat "$dir/server.log" >&2; exit 1; }

run "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p "$port" -U postgres -d postgres >&2 <<SQL
CREATE ROLE rollcall LOGIN PASSWORD 'rollcall';
CREATE DATABASE rollcall OWNER rollcall ENCODING 'UTF8';
SQL

url="jdbc:postgresql://127.0.0.1:$port/rollcall?user=rollcall&password=rollcall"
lines="export ROLLCALL_TEST_POSTGRES_URL='$url'
export ROLLCALL_TEST_POSTGRES_DIR='$dir'"
log "PostgreSQL is up on 127.0.0.1:$port (files in $dir; stop with: $0 --stop $dir)"
if [[ -n "$env_file" ]]; then
  printf '%s\n' "$lines" > "$env_file"
  log "wrote $env_file"
fi
printf '%s\n' "$lines"
