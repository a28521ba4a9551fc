#!/usr/bin/env bash
# The action log and a meeting page with ten years of history, measured
# with wrk on loopback against a static asset of the same server.
#
#   ./bench/history.sh
#
# 1. Makes a fresh demonstration database and generates history into it
#    with the sqlite3 CLI, set-based SQL in one transaction: for the 60
#    clusters, 10 years of meetings (about 17 a cluster a year, ~10,000),
#    ~6 agenda items each, attendance of the members on the day, ~100,000
#    actions (mostly done or cancelled, some open, in progress or
#    overdue) led by members, with one or two progress notes each. About
#    ten people and memberships are made for every cluster without members
#    (and predecessors for the two demo clusters, whose members joined in
#    2024). The demo's own actions are renumbered to follow the history.
# 2. Serves it (--threads 4) on a free loopback port, signs in as a cluster
#    lead, checks every target answers 200 (curl, then a 1 s wrk probe in
#    which every response must be 200).
# 3. Measures, each for DUR seconds with 1 and 16 connections: the static
#    asset (reference); the action log of cardiff-south-west: page 1, a
#    filtered page (?status=done), a keyset page near the end (?after=ID,
#    open actions as the default view and its "next" links walk them) and
#    the same over all statuses (?status=all&after=ID); and the cluster's
#    meeting page with the most agenda items. Prints req/s, p50, p99, ratio
#    to the static asset, server CPU per request (/proc/PID/stat) and the
#    server's peak RSS (VmHWM).
# 4. Does the same on a second database made by the same generator with one
#    year of history in 6 clusters (cardiff-south-west among them, so that
#    its pages are full too): ~1,000 actions in all. Prints both side by
#    side: a page should cost the same with 1,000 actions as with 100,000.
#
# Bounded in time (about 5 minutes), talks only to 127.0.0.1, and each
# server is stopped (by its PID) on exit. Environment: see bench/lib.sh
# (BENCH_DURATION, BENCH_THREADS, BENCH_BIN), and
#   BENCH_KEEP_DB    a directory to copy the two generated databases to
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_NAME=history
. bench/lib.sh
bench_setup wrk curl node sqlite3

. bench/history_gen.sh

# ---- targets ----------------------------------------------------------------
sq(){ timeout 30 sqlite3 "$@"; }
# The keyset pages start 26 actions before the end of the cluster's log,
# so that each is full (25 rows and a "next" link): of its open actions
# (the default view, as its "next" links walk it), and of all of them.
# The meeting: the cluster's held meeting with the most agenda items (the
# latest such).
targets_for(){
  local db=$1 unit after after_all meeting
  unit=$(sq "$db" "SELECT id FROM unit WHERE slug='$CLUSTER'")
  [[ -n $unit ]] || die "no cluster $CLUSTER"
  after=$(sq "$db" "SELECT id FROM action WHERE unit_id=$unit AND status IN ('open','in_progress')
      ORDER BY id DESC LIMIT 1 OFFSET 26")
  after_all=$(sq "$db" "SELECT id FROM action WHERE unit_id=$unit ORDER BY id DESC LIMIT 1 OFFSET 26")
  [[ -n $after && -n $after_all ]] || die "$CLUSTER has too few actions for a full keyset page"
  meeting=$(sq "$db" "SELECT m.id FROM meeting m JOIN agenda_item a ON a.meeting_id=m.id
      WHERE m.unit_id=$unit AND m.status='held' GROUP BY m.id ORDER BY count(*) DESC, m.starts_at DESC LIMIT 1")
  [[ -n $meeting ]] || die "no held meeting in $CLUSTER"
  TARGETS=(
    "$STATIC"
    "actions p1|/units/$CLUSTER/actions|1"
    "actions done|/units/$CLUSTER/actions?status=done|1"
    "actions keyset|/units/$CLUSTER/actions?after=$after|1"
    "actions all+ks|/units/$CLUSTER/actions?status=all&after=$after_all|1"
    "meeting|/meetings/$meeting|1"
  )
  MEETING_NOTE="meeting $meeting: $(sq "$db" "SELECT count(*) || ' agenda items, '
      || (SELECT count(*) FROM attendance WHERE meeting_id=$meeting) || ' attendance rows, held '
      || substr(starts_at,1,10) FROM agenda_item, meeting WHERE meeting_id=$meeting AND meeting.id=$meeting")"
  note "keyset pages after actions $after (open) and $after_all (all); $MEETING_NOTE"
}

# measure LABEL DB: serve DB, check, run every target at c=1 and c=16;
# results in RES[LABEL|name|conns] = "rps p50 p99 ratio cpu_per", the
# table's rows (row, for timed_runs) in ROWS.
declare -A RES HWM
measure(){
  local label=$1 db=$2 t name path ck
  start_server "$db"
  sign_in
  targets_for "$db"
  check_targets "${TARGETS[@]}"
  strict_check 1 "$label" "${TARGETS[@]}"
  ROWS=() LABEL=$label
  runs_of "${TARGETS[@]}"
  timed_runs "$label" 3 row
  HWM[$label]=$(server_mem VmHWM)
  stop_server
  echo
  echo "$label database: $(conditions)"
  printf '%-15s %5s %10s %8s %8s %9s %10s %6s %6s %6s %7s\n' \
    target conns "req/s" "p50_us" "p99_us" "vs_static" "cpu_us/req" "srv" "wrk" "other" "bytes"
  for r in "${ROWS[@]}"; do echo "$r"; done
  echo "server peak RSS (VmHWM): ${HWM[$label]}"
  for t in "${TARGETS[@]}"; do IFS='|' read -r name path ck <<<"$t"; echo "  $name = $path"; done
  echo "  ($MEETING_NOTE)"
}
row(){
  RES["$LABEL|$1|$2"]="$(printf '%.0f' "$R_RPS") $R_P50 $R_P99 $F_RATIO $F_CPU_PER"
  ROWS+=("$(printf '%-15s %5s %10.0f %8s %8s %9s %10s %6s %6s %6s %7s' \
    "$1" "$2" "$R_RPS" "$R_P50" "$R_P99" "$F_RATIO" "$F_CPU_PER" "$F_CORES" "$R_WRK_CORES" \
    "$F_OTHER" "$(( R_BYTES / R_REQ ))")")
}

# ---- run ----------------------------------------------------------------------
# big: every cluster, 10 years; small: one year in 6 clusters (including
# $CLUSTER, so that its pages are as full as in the big one).
make_db big 10 6 14 0
make_db small 1 6 14 6
measure big "$TMP/big.db"
measure small "$TMP/small.db"

echo
echo "side by side: big = 10 years (~100,000 actions), small = 1 year (~1,000 actions)"
printf '%-15s %5s %9s %9s %8s %8s %8s %8s %9s %9s %9s %9s\n' target conns \
  "big_rps" "small_rps" "big_p50" "sm_p50" "big_p99" "sm_p99" "big_vs_st" "sm_vs_st" "big_cpu" "small_cpu"
for conns in 1 16; do
  for t in "${TARGETS[@]}"; do
    IFS='|' read -r name path ck <<<"$t"
    read -r br bp50 bp99 bra bc <<<"${RES[big|$name|$conns]}"
    read -r sr sp50 sp99 sra sc <<<"${RES[small|$name|$conns]}"
    printf '%-15s %5s %9s %9s %8s %8s %8s %8s %9s %9s %9s %9s\n' "$name" "$conns" \
      "$br" "$sr" "$bp50" "$sp50" "$bp99" "$sp99" "$bra" "$sra" "$bc" "$sc"
  done
done
echo "server peak RSS (VmHWM): big ${HWM[big]}, small ${HWM[small]}"
echo "cpu = server CPU (user+sys) per request in microseconds, from /proc/PID/stat; vs_st = req/s"
echo "  relative to the static asset in the same run; srv, wrk, other = cores busy with the server,"
echo "  with wrk, and with everything else during the run (other > 0.2: the machine was not quiet)"
noisy_warning
echo "load after: $(uptime)"
