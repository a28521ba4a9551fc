# carecluster — see README.md.
#   make run     install what is missing, build, create carecluster.db with demo data, serve
#                (SMTP=smtp://127.0.0.1:2525 to send its e-mail to a local mail catcher)
#   make check   build and run every test (unit, sanitizers, HTTP, browser, fuzz)

CC      ?= cc
# No build defines NDEBUG: the asserts (src/util/assert.h) run in the
# program as served, in the unit tests, the sanitizer build and the
# fuzzers alike. They cost a compare or two each; a broken invariant
# stops the program instead of letting it run on wrong.
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
LIBS     = $(shell pkg-config --libs libmicrohttpd sqlite3 libsodium 2>/dev/null) -lpthread -lm
# PostgreSQL's client library (src/db/pg.c).
LIBS    += $(shell pkg-config --libs libpq 2>/dev/null || echo -lpq)
# The action log's Excel export (src/domain/export_actions.c).
LIBS    += $(shell pkg-config --libs xlsxwriter 2>/dev/null || echo -lxlsxwriter)
# Minutes in Markdown, rendered by cmark in safe mode (src/domain/decision.c).
LIBS    += $(shell pkg-config --libs libcmark 2>/dev/null || echo -lcmark)
# Calendar files (libical) and PDF (cairo, with FreeType to load the font):
# src/domain/export_meeting.c and export_pdf.c.
LIBS    += $(shell pkg-config --libs libical cairo freetype2 2>/dev/null || echo -lical -lcairo -lfreetype)
# E-mail through the SMTP relay (libcurl, src/mail/sender.c), and the pages
# of PDF papers drawn into the agenda pack (poppler-glib, src/domain/export_pdf_papers.c).
LIBS    += $(shell pkg-config --libs libcurl poppler-glib 2>/dev/null || echo -lcurl -lpoppler-glib -lgobject-2.0 -lglib-2.0)
# A business case as a Word document is zipped with minizip, zlib's own zip
# library (src/domain/export_case_docx.c).
LIBS    += $(shell pkg-config --libs minizip 2>/dev/null || echo -lminizip -lz)
# cairo, FreeType and GLib keep their headers in subdirectories.
INC      = -Isrc -Ibuild $(shell pkg-config --cflags cairo freetype2 libpq libcurl poppler-glib 2>/dev/null)
PORT    ?= 8080
DB      ?= carecluster.db

SRC_LIB  = $(wildcard src/util/*.c src/stats/*.c src/http/*.c src/html/*.c src/db/*.c src/domain/*.c src/pages/*.c src/web/*.c src/mail/*.c src/cli/*.c) src/app.c
HDRS     = $(wildcard src/*.h src/*/*.h)
NHSUK    = node_modules/nhsuk-frontend/dist/nhsuk
EMBED    = $(sort $(wildcard db/migrations/*.sql)) data/wales-clusters.csv data/esp2013.csv \
           i18n/en.txt i18n/cy.txt assets/carecluster.css
ASSET_IMAGES = $(wildcard $(NHSUK)/assets/images/*.svg) $(NHSUK)/assets/images/favicon.ico

.PHONY: all run check deps test-unit test-asan test-http test-pg test-browser test-codecheck fuzz fuzz-short codecheck bench bench-pg clean

# The build gate (tools/codecheck.sh) is part of every build of the
# program: a breach fails a plain `make`.
all: build/carecluster

deps:
	@./scripts/deps.sh

build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -O1 -o $@ $<

build/embedded.c: build/embed $(EMBED) | $(NHSUK)
	./build/embed $@ $(foreach f,$(EMBED),$(f)=$(f)) \
	  assets/nhsuk-frontend.min.css=$(NHSUK)/nhsuk-frontend.min.css \
	  assets/nhsuk-frontend.min.js=$(NHSUK)/nhsuk-frontend.min.js \
	  $(foreach f,$(ASSET_IMAGES),assets/images/$(notdir $(f))=$(f))

$(NHSUK):
	@./scripts/deps.sh

# Passed when tools/codecheck.sh last found no breach in these sources.
build/codecheck.ok: tools/codecheck.sh $(SRC_LIB) src/main.c $(HDRS) i18n/en.txt i18n/cy.txt $(wildcard db/migrations/*.sql)
	@mkdir -p build
	@./tools/codecheck.sh
	@touch $@

build/carecluster: build/codecheck.ok $(SRC_LIB) src/main.c build/embedded.c $(HDRS)
	$(CC) $(CFLAGS) $(WARN) $(INC) -o $@ src/main.c $(SRC_LIB) build/embedded.c $(LIBS)

# The same program with AddressSanitizer and UndefinedBehaviorSanitizer.
build/carecluster-asan: $(SRC_LIB) src/main.c build/embedded.c $(HDRS)
	$(CC) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
	  $(WARN) $(INC) -o $@ src/main.c $(SRC_LIB) build/embedded.c $(LIBS)

run: deps build/carecluster
	@if [ ! -f $(DB) ]; then ./build/carecluster init --db $(DB) --demo; \
	 else echo "Using the existing $(DB) (demonstration users: see README.md)."; fi
	./build/carecluster serve --db $(DB) --listen 127.0.0.1:$(PORT) \
	  $(if $(SMTP),--smtp $(SMTP) --mail-from carecluster@example.wales --base-url http://127.0.0.1:$(PORT))

# ---- tests -------------------------------------------------------------
UNIT_TESTS = $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))

# The unit tests link the program's objects, compiled once per flavour
# (plain, or with the sanitizers when SAN is set) rather than once per test.
OBJDIR    = build/obj$(if $(SAN),-san)
TEST_OBJS = $(patsubst %.c,$(OBJDIR)/%.o,$(SRC_LIB) build/embedded.c)

$(OBJDIR)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) -O1 -g $(SAN) $(WARN) $(INC) -c -o $@ $<

build/tests/%: tests/unit/%.c $(TEST_OBJS) $(HDRS)
	@mkdir -p build/tests
	$(CC) -O1 -g $(SAN) $(WARN) $(INC) -o $@ $< $(TEST_OBJS) $(LIBS) -lcmocka

codecheck:
	@./tools/codecheck.sh

# The rules themselves: non-literal SQL and formats must not compile, and
# codecheck must refuse each bypass in tests/codecheck/cases.
test-codecheck:
	@CC="$(CC)" CFLAGS="$(WARN) $(INC)" ./tests/codecheck/run.sh

test-unit:
	@$(MAKE) --no-print-directory -j2 $(UNIT_TESTS)
	@for t in $(UNIT_TESTS); do echo "== $$t"; $$t || exit 1; done

test-asan:
	$(MAKE) --no-print-directory build/carecluster-asan build/icscheck
	rm -rf build/tests && $(MAKE) --no-print-directory test-unit SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
	CARECLUSTER_BIN=build/carecluster-asan node --test tests/http/
	rm -rf build/tests

# Reads .ics files with libical for the HTTP tests (tests/http/exports.test.mjs).
build/icscheck: tests/tools/icscheck.c
	@mkdir -p build
	$(CC) -O1 -g $(WARN) -o $@ $< -lical

test-http: build/carecluster build/icscheck
	CARECLUSTER_BIN=build/carecluster node --test tests/http/

# The unit tests and the HTTP suite again on PostgreSQL: a throwaway
# server in a temporary folder (tests/lib/with-pg.sh), stopped at the end.
# The HTTP suite runs the ASan/UBSan build here, so that the PostgreSQL
# backend runs under the sanitizers too (SQLite's does in test-asan).
test-pg: build/carecluster build/carecluster-asan build/icscheck
	@$(MAKE) --no-print-directory -j2 $(UNIT_TESTS)
	./tests/lib/with-pg.sh sh -c 'for t in $(UNIT_TESTS); do echo "== $$t (PostgreSQL)"; $$t || exit 1; done && \
	  CARECLUSTER_BIN=build/carecluster-asan node --test tests/http/'

# The browser tests keep the HTML of every page they are sent; the HTML
# checker then reads all of it in one run.
test-browser: build/carecluster
	rm -rf build/browser-html
	CARECLUSTER_BIN=build/carecluster node --test --test-concurrency=1 tests/browser/
	node tests/browser/validate.mjs

# Fuzz harnesses: tests/fuzz/fuzz_NAME.c, each with its seeds in
# tests/fuzz/seeds/NAME when that folder exists.
FUZZERS = $(patsubst tests/fuzz/%.c,build/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SRC = src/http/parse.c src/util/buf.c src/util/text.c src/util/json.c src/util/csv.c $(wildcard src/stats/*.c src/domain/qi_csv.c) \
           src/domain/indicator_csv.c src/domain/finance_ledger.c src/domain/plan_smart.c src/util/money.c \
           src/domain/paper_detect.c src/cli/args.c

build/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SRC) build/embedded.c $(HDRS)
	clang -g -O1 -fsanitize=fuzzer,address,undefined $(INC) -D_GNU_SOURCE -o $@ $< $(filter %.c,$(FUZZ_SRC)) build/embedded.c -lm

# What a harness compiles in by #include (to reach static functions).
build/fuzz_stats: src/cli/stats.c src/cli/indicators.c src/cli/input.c src/domain/esp2013.c

FUZZ_TIME ?= 20
fuzz-short: build/embedded.c $(FUZZERS)
	@for f in $(FUZZERS); do n=$${f#build/fuzz_}; mkdir -p build/corpus/$$n; \
	  seeds=tests/fuzz/seeds/$$n; [ -d $$seeds ] || seeds=; \
	  echo "== $$f ($(FUZZ_TIME) s)"; $$f -max_total_time=$(FUZZ_TIME) -max_len=4096 build/corpus/$$n $$seeds || exit 1; done

fuzz:
	$(MAKE) --no-print-directory fuzz-short FUZZ_TIME=600

check: deps codecheck test-codecheck build/carecluster test-unit test-http test-pg test-browser test-asan fuzz-short
	@echo "make check: every test passed"

bench: deps build/carecluster
	./bench/run.sh

# The action log (100,000 actions) and the cluster page on SQLite and on
# PostgreSQL, one and two servers, writes (about 4 minutes; not in check).
bench-pg: deps build/carecluster
	./bench/pg.sh

# The statistics engine's cost per point at n = 1e3 .. 1e6 (bench/spc_bench.c).
build/bench_spc: bench/spc_bench.c bench/bench_common.h src/stats/stats.c
	@mkdir -p build
	$(CC) -O2 $(WARN) -Isrc -o $@ bench/spc_bench.c src/stats/stats.c -lm

# The indicator charts' cost per call, and a page of them to look at with
# --html DIR (bench/indicator_charts.c).
build/bench_indicator_charts: bench/indicator_charts.c bench/bench_common.h $(TEST_OBJS) $(HDRS)
	$(CC) -O1 -g $(WARN) $(INC) -o $@ $< $(TEST_OBJS) $(LIBS)

# The indicator statistics alone, per area: DSR, funnel plot, overdispersion
# (bench/indicator_stats.c; bench/indicators.sh runs it).
build/bench_indicator_stats: bench/indicator_stats.c bench/bench_common.h src/stats/indicators.c src/stats/indicators.h
	@mkdir -p build
	$(CC) -O2 $(WARN) -Isrc -o $@ bench/indicator_stats.c src/stats/indicators.c -lm

clean:
	rm -rf build
