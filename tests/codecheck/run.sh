#!/bin/sh
# The safety rules themselves under test:
#   compile/bad_*.c must NOT compile (db_prepare, html_printf, html_printf_t
#   and MARKUP_LITERAL take only literals), compile/ok_*.c must;
#   cases/NAME/ is a source tree that tools/codecheck.sh must refuse with
#   every line of cases/NAME/expect (cases/clean, with an empty expect,
#   must pass).
# Run from the top of the project: CC and CFLAGS as the Makefile has them.
set -u
cd "$(dirname "$0")/../.."
CC=${CC:-cc}
CFLAGS=${CFLAGS:--std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Isrc}
fail=0
# A bad file must fail as an error, not as a warning made fatal.
HARD=$(printf '%s\n' "$CFLAGS" | sed 's/ -Werror[^ ]*//g')
for f in tests/codecheck/compile/*.c; do
  name=$(basename "$f" .c)
  case "$name" in ok_*) flags=$CFLAGS ;; *) flags=$HARD ;; esac
  if $CC $flags -fsyntax-only "$f" 2>/dev/null; then ok=1; else ok=0; fi
  case "$name" in
    ok_*)  [ $ok = 1 ] || { echo "FAIL: $f does not compile"; $CC $flags -fsyntax-only "$f"; fail=1; } ;;
    bad_*) [ $ok = 0 ] || { echo "FAIL: $f compiles, but the rule should refuse it"; fail=1; } ;;
  esac
done
for d in tests/codecheck/cases/*/; do
  name=$(basename "$d")
  out=$(CODECHECK_SRC="${d%/}" ./tools/codecheck.sh 2>&1); rc=$?
  if [ -s "$d/expect" ]; then
    [ $rc -ne 0 ] || { echo "FAIL: codecheck passed case $name"; fail=1; }
    while IFS= read -r want; do
      printf '%s\n' "$out" | grep -qF "$want" || { echo "FAIL: case $name: no \"$want\" in:"; printf '%s\n' "$out"; fail=1; }
    done < "$d/expect"
    # Nothing beyond what is expected (no false alarm on the allowed lines).
    n=$(printf '%s\n' "$out" | grep -c '^codecheck: .*:[0-9]*: ')
    w=$(wc -l < "$d/expect")
    [ "$n" -eq "$w" ] || { echo "FAIL: case $name: $n breaches reported, $w expected:"; printf '%s\n' "$out"; fail=1; }
  else
    [ $rc -eq 0 ] || { echo "FAIL: codecheck refused the clean case $name:"; printf '%s\n' "$out"; fail=1; }
  fi
done
[ $fail -eq 0 ] && echo "codecheck rules: every violation refused, every allowed form accepted"
exit $fail
