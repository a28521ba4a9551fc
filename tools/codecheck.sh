#!/bin/sh
# Build gate: SQL only through db_prepare() with a literal (values bound),
# HTML only through html_printf() with a literal format, and the sqlite3 /
# libmicrohttpd APIs only in their own layer. Prints each breach; exits 1.
set -u
fail=0
breach(){ echo "codecheck: $1"; fail=1; }

# db_prepare's SQL argument must start with a string literal (or a macro
# that is one, written in capitals and defined in the same file).
grep -nE 'db_prepare\([^,]+, *[^" A-Z]' src -r | grep -v 'struct db \*' && breach "db_prepare with a non-literal SQL string (bind values instead)"
# No SQL assembled at run time.
grep -nE '(s?n?printf|buf_printf)\([^;]*"(SELECT|INSERT|UPDATE|DELETE) ' src -r && breach "SQL built with printf"
# html_printf's format must be a literal, or a catalogue entry T("key")
# (the catalogues are embedded, and test_i18n proves each translation has
# the same conversions as the English).
grep -nE 'html_printf\([^,]+, *[^" ]' src -r | grep -v 'html_printf(struct buf' | grep -vE 'html_printf\([^,]+, *T\("' \
  && breach "html_printf with a non-literal format"
# Raw output of request data into the page body.
grep -nE 'buf_(puts|printf|append)\(&r->body' src/pages src/html -r | grep -v 'src/pages/api.c' | grep -v 'src/pages/misc.c' \
  | grep -v 'src/pages/actions_export.c' \
  && breach "raw buf_* into an HTML body (use html_printf)"
# Layering: only db.c calls sqlite3, only http.c includes microhttpd.h.
grep -ln 'sqlite3_' src -r | grep -v '^src/db/' && breach "sqlite3_ called outside src/db"
grep -ln '#include <microhttpd.h>' src -r | grep -v '^src/http/http.c' && breach "microhttpd.h included outside src/http/http.c"
# Every T("key") and i18n key literal exists in both catalogues.
# Key families: add a prefix here when an area adds its own.
families='app|layout|login|home|unit|kind|member|error|audit|role|date|month|meeting|agenda|standing|purpose|attendance|quorum|action|decision|declaration|election|minutes|vote|interest|calendar|pdf|paper|tor|report|qi|pdsa|measure|chart|steeep|spc|run'
for key in $(grep -rhoE "\"($families)\\.[a-z_0-9.]+[a-z_0-9]\"" src db | tr -d '"' | sort -u); do
  case "$key" in app.h) continue;; esac
  grep -q "^$key	" i18n/en.txt || breach "key $key missing from i18n/en.txt"
  grep -q "^$key	" i18n/cy.txt || breach "key $key missing from i18n/cy.txt"
done
[ $fail -eq 0 ] && echo "codecheck: ok"
exit $fail
