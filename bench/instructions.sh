#!/usr/bin/env bash
# Instructions the server executes per request for one page, counted by
# callgrind (deterministic, unlike time on a shared machine).
#
#   bench/instructions.sh BIN PATH [N]     e.g. bench/instructions.sh build/carecluster /meetings/1 200
#
# Needs valgrind (Debian: valgrind). Starts BIN on a fresh demonstration database under valgrind with one
# worker thread, signs in as the cluster lead, warms up with 20 requests,
# then counts N requests of PATH on one kept-alive connection and prints
# the instructions per request.
set -euo pipefail
BIN=$1; P=$2; N=${3:-200}; PORT=${PORT:-8991}
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
"$BIN" init --db "$d/x.db" --demo >/dev/null
valgrind --tool=callgrind --callgrind-out-file="$d/cg.out" --instr-atstart=no \
  "$BIN" serve --db "$d/x.db" --listen 127.0.0.1:$PORT --threads 1 >/dev/null 2>&1 & pid=$!
for i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.2; done
pre=$(curl -s -c "$d/jar" http://127.0.0.1:$PORT/login | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -s -b "$d/jar" -c "$d/jar" -o /dev/null --data-urlencode "csrf=$pre" \
  --data-urlencode "email=lead@example.wales" --data-urlencode "password=demo-password-2026" http://127.0.0.1:$PORT/login
urls(){ for i in $(seq "$1"); do echo "url = \"http://127.0.0.1:$PORT$P\""; echo "output = /dev/null"; done; }
urls 20 > "$d/warm"; curl -s -b "$d/jar" -K "$d/warm"
urls "$N" > "$d/cfg"
callgrind_control -i on $pid >/dev/null 2>&1
curl -s -b "$d/jar" -K "$d/cfg"
callgrind_control -i off $pid >/dev/null 2>&1
kill $pid; wait $pid 2>/dev/null || true
callgrind_annotate "$d/cg.out" 2>/dev/null | awk -v n="$N" '/PROGRAM TOTALS/ { gsub(",", "", $1); printf "%s %d instructions/request\n", ENVIRON["P"], $1/n }' P="$P"
