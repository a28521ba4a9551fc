/*
** Papers attached to agenda items (src/domain/paper.h): the type is
** decided by the content and the name together (a program or web page
** renamed .pdf is refused), sizes from 1 byte to 10 MiB, names cut to
** their base and cleaned, the SHA-256 stored with the bytes and an audit
** entry in one transaction, and reads and writes under the meeting's
** access rules with restricted items kept to the cluster.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/meeting.h"
#include "domain/member.h"
#include "domain/paper.h"
#include "domain/refdata.h"
#include "domain/unit.h"
#include "util/buf.h"
#include "util/text.h"

#define SCHEDULED_AT "2020-01-01T09:00"

struct fixture {
  struct db *db;
  char zToday[11];
  long long unit;
  struct user lead, member, hb, leadAfan;
  struct meeting m;
  long long item, secret;
};

static long long unit_id(struct fixture *f, const char *zSlug){
  struct unit u;
  if( !unit_get_by_slug(f->db, zSlug, f->zToday, &u) ) fail_msg("no unit %s", zSlug);
  return u.id;
}

static void make_user(struct fixture *f, struct user *u, const char *zEmail, enum role role, const char *zScope){
  memset(u, 0, sizeof *u);
  u->role = role;
  u->scopeUnitId = unit_id(f, zScope);
  snprintf(u->zEmail, sizeof u->zEmail, "%s", zEmail);
  snprintf(u->zName, sizeof u->zName, "User %s", zEmail);
  snprintf(u->zScopeSlug, sizeof u->zScopeSlug, "%s", zScope);
  snprintf(u->zLang, sizeof u->zLang, "en");
  struct stmt *s = db_prepare(f->db,
    "INSERT INTO app_user(email,name,password_hash,role,scope_unit_id,created_at)"
    " VALUES(?,?,'-',?,?,0) RETURNING id");
  stmt_bind_text(s, 1, zEmail);
  stmt_bind_text(s, 2, u->zName);
  stmt_bind_text(s, 3, access_role_code(role));
  stmt_bind_int(s, 4, u->scopeUnitId);
  assert_int_equal(stmt_step(s), 1);
  u->id = stmt_int(s, 0);
  stmt_done(s);
}

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  char *zErr = 0;
  f.db = db_open(":memory:", true, &zErr);
  if( !f.db ){ fprintf(stderr, "%s\n", zErr); return -1; }
  if( db_migrate(f.db)<1 || !refdata_load_wales(f.db) ) return -1;
  text_today(f.zToday);
  f.unit = unit_id(&f, "cardiff-south-west");
  make_user(&f, &f.lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  make_user(&f, &f.member, "member@example.wales", ROLE_MEMBER, "cardiff-south-west");
  make_user(&f, &f.hb, "hb@example.wales", ROLE_HEALTH_BOARD, "cardiff-and-vale-university-health-board");
  make_user(&f, &f.leadAfan, "lead.afan@example.wales", ROLE_CLUSTER_LEAD, "afan");
  struct meeting_input mi = { .zTitle = "Cluster meeting", .zDate = "2031-06-10", .zStart = "14:00",
                              .zEnd = "16:00", .zLocation = "Riverside Health Centre" };
  struct field_errors e = {0};
  long long id = meeting_create(f.db, &f.lead, f.unit, &mi, SCHEDULED_AT, f.zToday, &e);
  if( id<=0 || !meeting_get_visible(f.db, &f.lead, id, f.zToday, &f.m) ) return -1;
  struct agenda_input ai = { .zTitle = "Prescribing report", .zPurpose = "information",
                             .zLeadPersonId = "", .zDuration = "20", .zRestricted = "" };
  f.item = agenda_add(f.db, &f.lead, &f.m, &ai, true, f.zToday, &e);
  ai.zTitle = "Contract dispute"; ai.zRestricted = "1";
  f.secret = agenda_add(f.db, &f.lead, &f.m, &ai, true, f.zToday, &e);
  if( f.item<=0 || f.secret<=0 ) return -1;
  *state = &f;
  return 0;
}

static int teardown(void **state){
  struct fixture *f = *state;
  db_close(f->db);
  return 0;
}

static long long count(struct fixture *f, bool bAudit){
  struct stmt *s = bAudit ? db_prepare(f->db, "SELECT count(*) FROM audit_log")
                          : db_prepare(f->db, "SELECT count(*) FROM paper");
  assert_int_equal(stmt_step(s), 1);
  long long n = stmt_int(s, 0);
  stmt_done(s);
  return n;
}

static const unsigned char PDF[] = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
static const unsigned char PNG[] = {0x89,'P','N','G','\r','\n',0x1a,'\n',0,0,0,13,'I','H','D','R'};
static const unsigned char JPEG[] = {0xFF,0xD8,0xFF,0xE0,0,16,'J','F','I','F',0};
static const unsigned char OLE[] = {0xD0,0xCF,0x11,0xE0,0xA1,0xB1,0x1A,0xE1,0,0,0,0};
static const unsigned char EXE[] = "MZ\x90\0\3\0\0\0\4\0\0\0\xff\xff";
static const unsigned char HTML[] = "<!doctype html><script>alert(1)</script>";
static const unsigned char TEXT[] = "Minutes of the last meeting\n";

/* A stored (uncompressed) ZIP with one entry named zEntry. */
static size_t make_zip(unsigned char *p, const char *zEntry){
  size_t nName = strlen(zEntry);
  memset(p, 0, 30);
  memcpy(p, "PK\x03\x04", 4);
  p[4] = 20;
  p[26] = (unsigned char)nName;
  memcpy(p+30, zEntry, nName);
  memcpy(p+30+nName, "<x/>", 4);
  return 30+nName+4;
}

static void test_detect_table(void **state){
  (void)state;
  unsigned char zipWord[128], zipXl[128], zipOther[128];
  size_t nWord = make_zip(zipWord, "word/document.xml");
  size_t nXl = make_zip(zipXl, "xl/workbook.xml");
  size_t nOther = make_zip(zipOther, "evil/payload.js");
  struct { const unsigned char *p; size_t n; const char *zName; const char *zWant; } a[] = {
    { PDF, sizeof PDF - 1, "report.pdf", "application/pdf" },
    { PDF, sizeof PDF - 1, "REPORT.PDF", "application/pdf" },
    { PNG, sizeof PNG, "chart.png", "image/png" },
    { JPEG, sizeof JPEG, "photo.jpg", "image/jpeg" },
    { JPEG, sizeof JPEG, "photo.jpeg", "image/jpeg" },
    { zipWord, nWord, "paper.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    { zipXl, nXl, "budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    { OLE, sizeof OLE, "old.doc", "application/msword" },
    { OLE, sizeof OLE, "old.xls", "application/vnd.ms-excel" },
    /* Refused: content and name disagree, or neither is ours. */
    { EXE, sizeof EXE - 1, "setup.pdf", 0 },
    { HTML, sizeof HTML - 1, "page.pdf", 0 },
    { TEXT, sizeof TEXT - 1, "notes.pdf", 0 },
    { PDF, sizeof PDF - 1, "report.pdf.exe", 0 },
    { PDF, sizeof PDF - 1, "report.html", 0 },
    { PDF, sizeof PDF - 1, "report", 0 },
    { PNG, sizeof PNG, "chart.pdf", 0 },
    { PDF, sizeof PDF - 1, "chart.png", 0 },
    { zipWord, nWord, "paper.xlsx", 0 },
    { zipXl, nXl, "budget.docx", 0 },
    { zipOther, nOther, "paper.docx", 0 },
    { zipWord, nWord, "paper.zip", 0 },
    { OLE, sizeof OLE, "old.docx", 0 },
    { PDF, 4, "short.pdf", 0 },
    { HTML, sizeof HTML - 1, "page.html", 0 },
  };
  for(size_t i=0; i<sizeof a/sizeof a[0]; i++){
    const char *zGot = paper_detect(a[i].p, a[i].n, a[i].zName);
    if( a[i].zWant==0 ){
      if( zGot ) fail_msg("%s: accepted as %s", a[i].zName, zGot);
    }else{
      if( !zGot || strcmp(zGot, a[i].zWant)!=0 ) fail_msg("%s: got %s", a[i].zName, zGot ? zGot : "(refused)");
    }
  }
}

static void test_clean_name(void **state){
  (void)state;
  char z[PAPER_MAX_NAME+1];
  assert_true(paper_clean_name("C:\\Users\\me\\Report.pdf", z)); assert_string_equal(z, "Report.pdf");
  assert_true(paper_clean_name("../../etc/passwd.pdf", z)); assert_string_equal(z, "passwd.pdf");
  assert_true(paper_clean_name("a\tb\r\nc\x7f.pdf", z)); assert_string_equal(z, "abc.pdf");
  assert_true(paper_clean_name("Adroddiad ŵyr.pdf", z)); assert_string_equal(z, "Adroddiad ŵyr.pdf");
  assert_false(paper_clean_name("", z));
  assert_false(paper_clean_name("dir/", z));
  assert_false(paper_clean_name("..", z));
  assert_false(paper_clean_name("bad\xff.pdf", z));
  char zLong[260];
  memset(zLong, 'a', 196); memcpy(zLong+196, ".pdf", 5);    /* 200 bytes */
  assert_true(paper_clean_name(zLong, z));
  memset(zLong, 'a', 197); memcpy(zLong+197, ".pdf", 5);    /* 201 bytes */
  assert_false(paper_clean_name(zLong, z));
}

static const char *add_error(struct fixture *f, const struct user *u, long long item, const char *zName,
                             const unsigned char *p, size_t n, long long *pId){
  static struct field_errors e;
  memset(&e, 0, sizeof e);
  *pId = paper_add(f->db, u, &f->m, item, zName, p, n, f->zToday, &e);
  return field_errors_get(&e, "file");
}

static void test_add_and_get(void **state){
  struct fixture *f = *state;
  long long id;
  long long nAudit = count(f, true);
  assert_null(add_error(f, &f->lead, f->item, "C:\\tmp\\Report.pdf", PDF, sizeof PDF - 1, &id));
  assert_true(id>0);
  assert_int_equal(count(f, true), nAudit+1);
  struct paper p;
  struct buf b = {0};
  assert_true(paper_get_visible(f->db, &f->member, id, f->zToday, &p, &b));
  assert_string_equal(p.zFilename, "Report.pdf");
  assert_string_equal(p.zType, "application/pdf");
  assert_int_equal(p.size, sizeof PDF - 1);
  assert_int_equal(b.n, sizeof PDF - 1);
  assert_memory_equal(b.z, PDF, sizeof PDF - 1);
  unsigned char aHash[crypto_hash_sha256_BYTES];
  char zHex[65];
  crypto_hash_sha256(aHash, PDF, sizeof PDF - 1);
  sodium_bin2hex(zHex, sizeof zHex, aHash, sizeof aHash);
  assert_string_equal(p.zSha256, zHex);
  buf_free(&b);
  assert_int_equal(p.itemId, f->item);
  assert_int_equal(p.meetingId, f->m.id);
}

static void count_cb(void *pCtx, const struct paper *p){ (void)p; (*(int*)pCtx)++; }

static void test_refusals_write_nothing(void **state){
  struct fixture *f = *state;
  long long id;
  long long nPaper = count(f, false), nAudit = count(f, true);
  assert_string_equal(add_error(f, &f->lead, f->item, "setup.pdf", EXE, sizeof EXE - 1, &id), "paper.error_type");
  assert_string_equal(add_error(f, &f->lead, f->item, "page.pdf", HTML, sizeof HTML - 1, &id), "paper.error_type");
  assert_string_equal(add_error(f, &f->lead, f->item, "notes.pdf", TEXT, sizeof TEXT - 1, &id), "paper.error_type");
  assert_string_equal(add_error(f, &f->lead, f->item, "empty.pdf", PDF, 0, &id), "paper.error_empty");
  assert_string_equal(add_error(f, &f->lead, f->item, "", PDF, sizeof PDF - 1, &id), "paper.error_name");
  unsigned char *big = calloc(1, PAPER_MAX_BYTES + 1);
  assert_non_null(big);
  memcpy(big, "%PDF-1.4\n", 9);
  assert_string_equal(add_error(f, &f->lead, f->item, "big.pdf", big, PAPER_MAX_BYTES + 1, &id), "paper.error_too_large");
  assert_int_equal(id, 0);
  /* Exactly 10 MiB and exactly 1 byte past the magic are accepted. */
  assert_null(add_error(f, &f->lead, f->item, "big.pdf", big, PAPER_MAX_BYTES, &id));
  assert_true(id>0);
  free(big);
  assert_null(add_error(f, &f->lead, f->item, "tiny.pdf", (const unsigned char*)"%PDF-", 5, &id));
  assert_int_equal(count(f, false), nPaper+2);
  assert_int_equal(count(f, true), nAudit+2);
  assert_false(db_in_transaction(f->db));
  int n = 0;
  assert_int_equal(paper_list(f->db, f->item, count_cb, &n), 2);
  assert_int_equal(n, 2);
}

static void test_access(void **state){
  struct fixture *f = *state;
  long long id, nPaper = count(f, false);
  /* Only those who write for the unit add papers. */
  assert_null(add_error(f, &f->member, f->item, "m.pdf", PDF, sizeof PDF - 1, &id)); assert_int_equal(id, -1);
  assert_null(add_error(f, &f->leadAfan, f->item, "a.pdf", PDF, sizeof PDF - 1, &id)); assert_int_equal(id, -1);
  /* An item of another meeting, or none at all. */
  assert_null(add_error(f, &f->lead, 999999, "x.pdf", PDF, sizeof PDF - 1, &id)); assert_int_equal(id, -1);
  assert_int_equal(count(f, false), nPaper);
  assert_null(add_error(f, &f->lead, f->item, "ok.pdf", PDF, sizeof PDF - 1, &id));
  struct paper p;
  assert_true(paper_get_visible(f->db, &f->lead, id, f->zToday, &p, 0));
  assert_true(paper_get_visible(f->db, &f->hb, id, f->zToday, &p, 0));
  assert_false(paper_get_visible(f->db, &f->leadAfan, id, f->zToday, &p, 0));
  assert_false(paper_get_visible(f->db, &f->lead, id+1000, f->zToday, &p, 0));
}

static void test_restricted(void **state){
  struct fixture *f = *state;
  long long id;
  /* The health board writes for the cluster but does not see restricted items. */
  assert_null(add_error(f, &f->hb, f->secret, "hb.pdf", PDF, sizeof PDF - 1, &id)); assert_int_equal(id, -1);
  assert_null(add_error(f, &f->lead, f->secret, "secret.pdf", PDF, sizeof PDF - 1, &id));
  assert_true(id>0);
  struct paper p;
  struct buf b = {0};
  assert_true(paper_get_visible(f->db, &f->member, id, f->zToday, &p, &b));
  buf_free(&b);
  b = (struct buf){0};
  assert_false(paper_get_visible(f->db, &f->hb, id, f->zToday, &p, &b));
  assert_int_equal(b.n, 0);
  assert_false(paper_get_visible(f->db, &f->leadAfan, id, f->zToday, &p, &b));
  buf_free(&b);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_detect_table),
    cmocka_unit_test(test_clean_name),
    cmocka_unit_test_setup_teardown(test_add_and_get, setup, teardown),
    cmocka_unit_test_setup_teardown(test_refusals_write_nothing, setup, teardown),
    cmocka_unit_test_setup_teardown(test_access, setup, teardown),
    cmocka_unit_test_setup_teardown(test_restricted, setup, teardown),
  };
  if( sodium_init()<0 ) return 1;
  return cmocka_run_group_tests(tests, 0, 0);
}
