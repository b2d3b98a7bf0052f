#!/usr/bin/env bash
# Time from `git clone` to the demo library serving, as a newcomer would meet it.
#
#   bench/first_run.sh [--with-tests] [--cold] [--repo PATH] [--timeout SECONDS]
#
# Clones the repository (this checkout by default; only committed work is cloned) into a
# temporary folder, runs `make run` there on a free loopback port, and polls
# http://127.0.0.1:PORT/ until it answers 200. Prints the seconds taken, split into clone,
# install (until .venv/.installed appears), and migrate + demo + start. Then it stops the
# server (its whole process group) and removes the folder.
#
#   --with-tests  afterwards, also time `make test` in the clone (the venv exists by then,
#                 so this is the suite's own run time plus the migrations check)
#   --cold        PIP_NO_CACHE_DIR=1: pip neither reads nor writes its cache
#   --timeout     give up after this many seconds of waiting for the page (default 900)
#
# Last line: first_run_s X [clone_s ...] [make_test_s Y]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
with_tests=0
timeout_s=900

while [ $# -gt 0 ]; do
  case "$1" in
    --with-tests) with_tests=1 ;;
    --cold) export PIP_NO_CACHE_DIR=1 ;;
    --repo) repo=$2; shift ;;
    --timeout) timeout_s=$2; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

# A newcomer's shell has no MANUMIT_* settings; neither does this run, but the port.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^MANUMIT_' || true)

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d "${TMPDIR:-/tmp}/manumit-first-run.XXXXXX")
server_pid=""

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status_of() {
  curl --silent --output /dev/null --max-time 5 --write-out '%{http_code}' "$1" 2>/dev/null || true
}

echo "repository: $repo ($(git -C "$repo" rev-parse --short HEAD))"
echo "clone into: $work/manumit, port $port${PIP_NO_CACHE_DIR:+, pip cache off}"

started=$(now)
git clone --quiet "$repo" "$work/manumit"
cloned=$(now)

cd "$work/manumit"
# setsid: the server gets its own process group, so cleanup stops make, pip and waitress alike.
MANUMIT_PORT=$port setsid make run >"$work/make-run.log" 2>&1 &
server_pid=$!

installed=""
serving=""
deadline=$(( $(date +%s) + timeout_s ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  if [ -z "$installed" ] && [ -f .venv/.installed ]; then installed=$(now); fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "make run exited before serving; its output:" >&2
    tail -40 "$work/make-run.log" >&2
    exit 1
  fi
  if [ "$(status_of "http://127.0.0.1:$port/")" = "200" ]; then serving=$(now); break; fi
  sleep 0.5
done
if [ -z "$serving" ]; then
  echo "no 200 from http://127.0.0.1:$port/ within ${timeout_s}s; make run's output:" >&2
  tail -40 "$work/make-run.log" >&2
  exit 1
fi
installed=${installed:-$serving}

first_run=$(seconds "$started" "$serving")
echo "clone:                   $(seconds "$started" "$cloned") s"
echo "install (venv, pip):     $(seconds "$cloned" "$installed") s"
echo "migrate, demo, serve:    $(seconds "$installed" "$serving") s"
echo "clone to serving:        $first_run s"
summary="first_run_s $first_run clone_s $(seconds "$started" "$cloned")"
summary="$summary install_s $(seconds "$cloned" "$installed") start_s $(seconds "$installed" "$serving")"

if [ "$with_tests" = 1 ]; then
  # Stop the server first: the suite should have the machine to itself.
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  test_started=$(now)
  if make test >"$work/make-test.log" 2>&1; then result=passed; else result=FAILED; fi
  test_s=$(seconds "$test_started" "$(now)")
  echo "make test:               $test_s s ($result: $(grep -E '(passed|failed|error).* in [0-9.]+s' "$work/make-test.log" | tail -1 | tr -d '='))"
  grep -E '^SKIPPED' "$work/make-test.log" | sed 's/^/  /' || true
  [ "$result" = passed ] || tail -40 "$work/make-test.log" >&2
  summary="$summary make_test_s $test_s"
fi

echo "$summary"
