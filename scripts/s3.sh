#!/usr/bin/env bash
# Start a throwaway S3-compatible server (moto's server mode, from PyPI) for the S3 tests.
#
#   eval "$(scripts/s3.sh start)"   # installs moto[server] into the venv if needed, starts
#                                   # it, makes the bucket, prints the export line
#   scripts/s3.sh stop
#
# It listens on 127.0.0.1:$S3_PORT (default 54330) and keeps everything in memory.
set -euo pipefail
cd "$(dirname "$0")/.."

S3_PORT=${S3_PORT:-54330}
S3_DIR=${S3_DIR:-/tmp/manumit-s3}
BUCKET=${S3_BUCKET:-manumit-test}
PY=.venv/bin/python

start() {
  if [ ! -x .venv/bin/moto_server ]; then
    echo "Installing moto[server]..." >&2
    .venv/bin/pip install -q "moto[server]" >&2
  fi
  mkdir -p "$S3_DIR"
  if ! [ -f "$S3_DIR/pid" ] || ! kill -0 "$(cat "$S3_DIR/pid")" 2>/dev/null; then
    .venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT" >"$S3_DIR/server.log" 2>&1 &
    echo $! >"$S3_DIR/pid"
  fi
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
  # Wait for it, then make the bucket (again: harmless if it is there).
  "$PY" - "$S3_PORT" "$BUCKET" <<'PY' >&2
import sys, time
import boto3
port, bucket = sys.argv[1], sys.argv[2]
client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}")
for _ in range(100):
    try:
        client.create_bucket(Bucket=bucket)
        break
    except Exception:
        time.sleep(0.1)
else:
    sys.exit("the S3 server did not start; see its log")
PY
  echo "export MANUMIT_TEST_S3_URL='s3://$BUCKET/manumit?endpoint_url=http://127.0.0.1:$S3_PORT'" \
    "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1"
}

stop() {
  if [ -f "$S3_DIR/pid" ]; then
    kill "$(cat "$S3_DIR/pid")" 2>/dev/null || true
    rm -f "$S3_DIR/pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
