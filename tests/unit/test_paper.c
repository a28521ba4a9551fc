/*
** Papers attached to agenda items (src/domain/paper.h): the type is
** decided by the name and the whole content together (a program or web
** page renamed .pdf is refused, and so is a PDF with a page appended, a
** ZIP that is not a complete Office file, a cut-short image), sizes from 1 byte to 10 MiB, names cut to
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
#include "domain/paper_detect.h"
#include "domain/refdata.h"
#include "domain/unit.h"
#include "util/buf.h"
#include "util/text.h"
#include "fixture.h"

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
  if( fx_db_open(&f.db) ) return -1;
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

/* A complete PDF: header, one object, cross-reference table, trailer. */
static const unsigned char PDF[] =
  "%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
  "trailer\n<< /Size 2 >>\nstartxref\n29\n%%EOF\n";
/* A 1×1 PNG: IHDR, IDAT, IEND with their CRCs. */
static const unsigned char PNG[] = {
  0x89,0x50,0x4e,0x47,0x0d,0x0a,0x1a,0x0a,0x00,0x00,0x00,0x0d,0x49,0x48,0x44,0x52,0x00,0x00,0x00,0x01,
  0x00,0x00,0x00,0x01,0x08,0x06,0x00,0x00,0x00,0x1f,0x15,0xc4,0x89,0x00,0x00,0x00,0x0d,0x49,0x44,0x41,
  0x54,0x78,0xda,0x63,0xfc,0xcf,0xc0,0x50,0x0f,0x00,0x04,0x85,0x01,0x80,0x84,0xa9,0x8c,0x21,0x00,0x00,
  0x00,0x00,0x49,0x45,0x4e,0x44,0xae,0x42,0x60,0x82};
/* SOI, JFIF APP0, a frame header, a scan header, one byte of scan, EOI. */
static const unsigned char JPEG[] = {
  0xFF,0xD8, 0xFF,0xE0,0,16,'J','F','I','F',0,1,1,0,0,1,0,1,0,0,
  0xFF,0xC0,0,11,8,0,1,0,1,1,1,0x11,0,
  0xFF,0xDA,0,8,1,1,0,0,0x3F,0, 0x00, 0xFF,0xD9};
static const unsigned char EXE[] = "MZ\x90\0\3\0\0\0\4\0\0\0\xff\xff";
static const unsigned char HTML[] = "<!doctype html><script>alert(1)</script>";
static const unsigned char TEXT[] = "Minutes of the last meeting\n";

static void put16(unsigned char *p, unsigned v){ p[0] = (unsigned char)v; p[1] = (unsigned char)(v>>8); }
static void put32(unsigned char *p, unsigned long v){ put16(p, (unsigned)(v & 0xffff)); put16(p+2, (unsigned)(v>>16)); }
static unsigned long crc32_of(const unsigned char *p, size_t n){
  unsigned long c = 0xFFFFFFFFul;
  for(size_t i=0; i<n; i++){
    c ^= p[i];
    for(int k=0; k<8; k++) c = (c&1) ? 0xEDB88320ul ^ (c>>1) : c>>1;
  }
  return c ^ 0xFFFFFFFFul;
}

/* A well-formed ZIP of stored entries, as a minimal Office file is laid
** out: each local header and its data, then the central directory, then
** the end of central directory record. Returns the size. */
static size_t make_office_zip(unsigned char *p, const char **azName, const char **azData, int nEntry){
  size_t at = 0, aOffset[8];
  for(int i=0; i<nEntry; i++){
    size_t nName = strlen(azName[i]), nData = strlen(azData[i]);
    aOffset[i] = at;
    unsigned char *l = p+at;
    memset(l, 0, 30);
    memcpy(l, "PK\3\4", 4);
    put16(l+4, 20);
    put32(l+14, crc32_of((const unsigned char*)azData[i], nData));
    put32(l+18, nData);
    put32(l+22, nData);
    put16(l+26, (unsigned)nName);
    memcpy(l+30, azName[i], nName);
    memcpy(l+30+nName, azData[i], nData);
    at += 30+nName+nData;
  }
  size_t cd = at;
  for(int i=0; i<nEntry; i++){
    size_t nName = strlen(azName[i]), nData = strlen(azData[i]);
    unsigned char *c = p+at;
    memset(c, 0, 46);
    memcpy(c, "PK\1\2", 4);
    put16(c+4, 20);
    put16(c+6, 20);
    put32(c+16, crc32_of((const unsigned char*)azData[i], nData));
    put32(c+20, nData);
    put32(c+24, nData);
    put16(c+28, (unsigned)nName);
    put32(c+42, aOffset[i]);
    memcpy(c+46, azName[i], nName);
    at += 46+nName;
  }
  unsigned char *e = p+at;
  memset(e, 0, 22);
  memcpy(e, "PK\5\6", 4);
  put16(e+8, (unsigned)nEntry);
  put16(e+10, (unsigned)nEntry);
  put32(e+12, at-cd);
  put32(e+16, cd);
  return at+22;
}
static const char *azDocx[] = { "[Content_Types].xml", "_rels/.rels", "word/document.xml" };
static const char *azDocxData[] = {
  "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
  "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>",
  "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>" };
static const char *azXlsx[] = { "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml" };

/* A version 3 compound file (512-byte sectors): the header, one FAT
** sector (sector 0) and one directory sector (sector 1) holding the root
** and a stream zStream. 1,536 bytes. */
static size_t make_ole(unsigned char *p, const char *zStream){
  static const unsigned char aSig[8] = {0xD0,0xCF,0x11,0xE0,0xA1,0xB1,0x1A,0xE1};
  memset(p, 0, 1536);
  memcpy(p, aSig, 8);
  put16(p+24, 0x3E); put16(p+26, 3); put16(p+28, 0xFFFE); put16(p+30, 9); put16(p+32, 6);
  put32(p+44, 1);                 /* FAT sectors */
  put32(p+48, 1);                 /* first directory sector */
  put32(p+56, 4096);              /* mini stream cutoff */
  put32(p+60, 0xFFFFFFFEul); put32(p+68, 0xFFFFFFFEul);
  put32(p+76, 0);                 /* DIFAT[0]: the FAT is sector 0 */
  for(int k=1; k<109; k++) put32(p+76+4*k, 0xFFFFFFFFul);
  unsigned char *fat = p+512;
  for(int k=0; k<128; k++) put32(fat+4*k, 0xFFFFFFFFul);
  put32(fat, 0xFFFFFFFDul);       /* sector 0: FAT */
  put32(fat+4, 0xFFFFFFFEul);     /* sector 1: the directory, one sector */
  unsigned char *dir = p+1024;
  const char *azName[2] = { "Root Entry", zStream };
  for(int i=0; i<2; i++){
    unsigned char *d = dir+128*i;
    size_t m = strlen(azName[i]);
    for(size_t k=0; k<m; k++) d[2*k] = (unsigned char)azName[i][k];
    put16(d+64, (unsigned)(2*(m+1)));
    d[66] = i==0 ? 5 : 2;
    put32(d+68, 0xFFFFFFFFul); put32(d+72, 0xFFFFFFFFul);
    put32(d+76, i==0 ? 1 : 0xFFFFFFFFul);
    put32(d+116, 0xFFFFFFFEul);
  }
  return 1536;
}

static const char *TYPE_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
static const char *TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

static void test_detect_table(void **state){
  (void)state;
  static unsigned char zipWord[2048], zipXl[2048], zipOther[2048], oleDoc[1536], oleXls[1536];
  size_t nWord = make_office_zip(zipWord, azDocx, azDocxData, 3);
  size_t nXl = make_office_zip(zipXl, azXlsx, azDocxData, 3);
  const char *azOther[] = { "[Content_Types].xml", "evil/payload.js" };
  size_t nOther = make_office_zip(zipOther, azOther, azDocxData, 2);
  size_t nDoc = make_ole(oleDoc, "WordDocument");
  size_t nXls = make_ole(oleXls, "Workbook");
  struct { const unsigned char *p; size_t n; const char *zName; const char *zWant; } a[] = {
    { PDF, sizeof PDF - 1, "report.pdf", "application/pdf" },
    { PDF, sizeof PDF - 1, "REPORT.PDF", "application/pdf" },
    { PNG, sizeof PNG, "chart.png", "image/png" },
    { JPEG, sizeof JPEG, "photo.jpg", "image/jpeg" },
    { JPEG, sizeof JPEG, "photo.jpeg", "image/jpeg" },
    { zipWord, nWord, "paper.docx", TYPE_DOCX },
    { zipXl, nXl, "budget.xlsx", TYPE_XLSX },
    { oleDoc, nDoc, "old.doc", "application/msword" },
    { oleXls, nXls, "old.xls", "application/vnd.ms-excel" },
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
    { oleDoc, nDoc, "old.docx", 0 },
    { oleDoc, nDoc, "old.xls", 0 },
    { oleXls, nXls, "old.doc", 0 },
    { PDF, 4, "short.pdf", 0 },
    { HTML, sizeof HTML - 1, "page.html", 0 },
  };
  for(size_t i=0; i<sizeof a/sizeof a[0]; i++){
    const char *zGot = paper_detect(a[i].p, a[i].n, a[i].zName);
    if( a[i].zWant==0 ){
      if( zGot ) fail_msg("%s (%zu): accepted as %s", a[i].zName, i, zGot);
    }else{
      if( !zGot || strcmp(zGot, a[i].zWant)!=0 ) fail_msg("%s: got %s", a[i].zName, zGot ? zGot : "(refused)");
    }
  }
}

/* paper_check's verdict as a string: the type, or the error key. */
static const char *verdict(const unsigned char *p, size_t n, const char *zName){
  const char *zErr = 0;
  const char *zType = paper_check(p, n, zName, &zErr);
  assert_true((zType==0)!=(zErr==0));
  return zType ? zType : zErr;
}

static void test_pdf_whole_file(void **state){
  (void)state;
  static unsigned char b[4096];
  size_t n = sizeof PDF - 1;
  /* White space after %%EOF is allowed. */
  memcpy(b, PDF, n); memcpy(b+n, "\r\n  \n", 5);
  assert_string_equal(verdict(b, n+5, "a.pdf"), "application/pdf");
  /* A web page or script after the end is not. */
  memcpy(b, PDF, n); memcpy(b+n, HTML, sizeof HTML - 1);
  assert_string_equal(verdict(b, n + sizeof HTML - 1, "a.pdf"), "paper.error_pdf");
  memcpy(b+n, "<html>x</html>\n%%EOF\n", 21);
  assert_string_equal(verdict(b, n+21, "a.pdf"), "paper.error_pdf");
  /* The header alone, or a file cut short anywhere, is not complete. */
  assert_string_equal(verdict((const unsigned char*)"%PDF-", 5, "a.pdf"), "paper.error_pdf");
  assert_string_equal(verdict((const unsigned char*)"%PDF-1.4\n%%EOF\n", 15, "a.pdf"), "paper.error_pdf");
  for(size_t k=5; k<n-1; k++) assert_string_equal(verdict(PDF, k, "a.pdf"), "paper.error_pdf");
  /* startxref must point inside the file, before itself. */
  const char zBad[] = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n999\n%%EOF\n";
  assert_string_equal(verdict((const unsigned char*)zBad, sizeof zBad - 1, "a.pdf"), "paper.error_pdf");
}

static void test_zip_whole_file(void **state){
  (void)state;
  static unsigned char z[4096], y[4096];
  /* The 45-byte "docx": one local header naming word/, no directory. */
  memset(y, 0, 30);
  memcpy(y, "PK\3\4", 4);
  y[4] = 20; y[18] = 5; y[22] = 5; y[26] = 10;
  memcpy(y+30, "word/a.xml<x/>\n", 15);
  assert_string_equal(verdict(y, 45, "paper.docx"), "paper.error_word");
  /* A one-entry archive, however well formed, is not a Word document. */
  const char *azOne[] = { "word/document.xml" };
  size_t n = make_office_zip(z, azOne, azDocxData, 1);
  assert_string_equal(verdict(z, n, "paper.docx"), "paper.error_word");
  /* The minimal real document, and the same cut short or extended. */
  n = make_office_zip(z, azDocx, azDocxData, 3);
  assert_string_equal(verdict(z, n, "paper.docx"), TYPE_DOCX);
  for(size_t k=4; k<n; k++) assert_string_equal(verdict(z, k, "paper.docx"), "paper.error_word");
  memcpy(y, z, n); memcpy(y+n, "<script>", 8);
  assert_string_equal(verdict(y, n+8, "paper.docx"), "paper.error_word");
  /* Without [Content_Types].xml, or with it twice (in another case). */
  const char *azNoTypes[] = { "_rels/.rels", "word/document.xml" };
  n = make_office_zip(z, azNoTypes, azDocxData, 2);
  assert_string_equal(verdict(z, n, "paper.docx"), "paper.error_word");
  const char *azTwice[] = { "[Content_Types].xml", "[content_types].XML", "word/document.xml" };
  n = make_office_zip(z, azTwice, azDocxData, 3);
  assert_string_equal(verdict(z, n, "paper.docx"), "paper.error_word");
  /* An entry whose data runs past the central directory. */
  n = make_office_zip(z, azDocx, azDocxData, 3);
  memcpy(y, z, n);
  put32(y+18, 4000); put32(y+22, 4000);
  size_t cd = (size_t)(y[n-6] | y[n-5]<<8);
  put32(y+cd+20, 4000); put32(y+cd+24, 4000);
  assert_string_equal(verdict(y, n, "paper.docx"), "paper.error_word");
  /* An entry pointing at another entry's local header. */
  memcpy(y, z, n);
  size_t cd2 = cd + 46 + strlen(azDocx[0]);
  put32(y+cd2+42, 0);
  assert_string_equal(verdict(y, n, "paper.docx"), "paper.error_word");
  /* A central directory that claims more entries than it has. */
  memcpy(y, z, n);
  put16(y+n-14, 4); put16(y+n-12, 4);
  assert_string_equal(verdict(y, n, "paper.docx"), "paper.error_word");
  /* A workbook is told apart from a document. */
  n = make_office_zip(z, azXlsx, azDocxData, 3);
  assert_string_equal(verdict(z, n, "budget.xlsx"), TYPE_XLSX);
  assert_string_equal(verdict(z, n, "budget.docx"), "paper.error_word");
  assert_string_equal(verdict(z, n-1, "budget.xlsx"), "paper.error_excel");
}

static void test_ole_png_jpeg_whole_file(void **state){
  (void)state;
  static unsigned char o[2048], b[256];
  size_t n = make_ole(o, "WordDocument");
  assert_string_equal(verdict(o, n, "old.doc"), "application/msword");
  /* Cut short: the directory sector is missing. */
  assert_string_equal(verdict(o, 1024, "old.doc"), "paper.error_word");
  assert_string_equal(verdict(o, 600, "old.doc"), "paper.error_word");
  /* A sector size that is not 512 for version 3. */
  o[30] = 12;
  assert_string_equal(verdict(o, n, "old.doc"), "paper.error_word");
  o[30] = 9;
  /* The header says more FAT sectors than the file has. */
  put32(o+44, 9);
  assert_string_equal(verdict(o, n, "old.doc"), "paper.error_word");
  put32(o+44, 1);
  /* The FAT says a sector past the end is in use. */
  put32(o+512+4*7, 0xFFFFFFFEul);
  assert_string_equal(verdict(o, n, "old.doc"), "paper.error_word");
  n = make_ole(o, "Book");
  assert_string_equal(verdict(o, n, "old.xls"), "application/vnd.ms-excel");
  assert_string_equal(verdict(o, n, "old.doc"), "paper.error_word");

  /* PNG: every truncation refused, so is anything after IEND, or a bad CRC. */
  for(size_t k=8; k<sizeof PNG; k++) assert_string_equal(verdict(PNG, k, "a.png"), "paper.error_png");
  memcpy(b, PNG, sizeof PNG); memcpy(b+sizeof PNG, "<html>", 6);
  assert_string_equal(verdict(b, sizeof PNG + 6, "a.png"), "paper.error_png");
  memcpy(b, PNG, sizeof PNG); b[45] ^= 1;
  assert_string_equal(verdict(b, sizeof PNG, "a.png"), "paper.error_png");
  /* JPEG: EOI must be the last two bytes. */
  for(size_t k=3; k<sizeof JPEG; k++) assert_string_equal(verdict(JPEG, k, "a.jpg"), "paper.error_jpeg");
  memcpy(b, JPEG, sizeof JPEG); memcpy(b+sizeof JPEG, "<html>", 6);
  assert_string_equal(verdict(b, sizeof JPEG + 6, "a.jpg"), "paper.error_jpeg");
  /* A wrong kind altogether keeps the general message. */
  assert_string_equal(verdict(PNG, sizeof PNG, "a.jpg"), "paper.error_type");
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
  /* A control between the halves of a character does not make it whole. */
  assert_false(paper_clean_name("x\xC3\x01\xA9.pdf", z));
  /* Bidirectional overrides, isolates and marks go: "gpj.exe" shown
  ** right to left would pass for "exe.jpg". */
  assert_true(paper_clean_name("report\xE2\x80\xAE" "fdp.exe", z)); assert_string_equal(z, "reportfdp.exe");
  assert_true(paper_clean_name("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD"
                               "a\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9"
                               "b\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C.pdf", z));
  assert_string_equal(z, "ab.pdf");
  /* C1 controls go; other characters near them stay. */
  assert_true(paper_clean_name("a\xC2\x85\xC2\x9F\xC2\xA0" "b\xE2\x80\x90.pdf", z));
  assert_string_equal(z, "a\xC2\xA0" "b\xE2\x80\x90.pdf");
  assert_false(paper_clean_name("\xE2\x80\xAE", z));
  /* Quotes and other punctuation stay. */
  assert_true(paper_clean_name("The \"final\" report; it's v2 (draft) & notes.pdf", z));
  assert_string_equal(z, "The \"final\" report; it's v2 (draft) & notes.pdf");
  assert_true(paper_clean_name("\xE2\x80\x9CQuoted\xE2\x80\x9D.pdf", z));
  assert_string_equal(z, "\xE2\x80\x9CQuoted\xE2\x80\x9D.pdf");
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
  static const char zEnd[] = "\nstartxref\n9\n%%EOF\n";
  memcpy(big + PAPER_MAX_BYTES - (sizeof zEnd - 1), zEnd, sizeof zEnd - 1);
  assert_string_equal(add_error(f, &f->lead, f->item, "big.pdf", big, PAPER_MAX_BYTES + 1, &id), "paper.error_too_large");
  assert_int_equal(id, 0);
  /* Exactly 10 MiB is accepted. */
  assert_null(add_error(f, &f->lead, f->item, "big.pdf", big, PAPER_MAX_BYTES, &id));
  assert_true(id>0);
  free(big);
  /* The magic alone, or a PDF with a web page after its end, is refused
  ** with a message that says the PDF is not complete. */
  assert_string_equal(add_error(f, &f->lead, f->item, "tiny.pdf", (const unsigned char*)"%PDF-", 5, &id), "paper.error_pdf");
  unsigned char aPolyglot[sizeof PDF + sizeof HTML];
  memcpy(aPolyglot, PDF, sizeof PDF - 1);
  memcpy(aPolyglot + sizeof PDF - 1, HTML, sizeof HTML);
  assert_string_equal(add_error(f, &f->lead, f->item, "polyglot.pdf", aPolyglot, sizeof aPolyglot - 1, &id), "paper.error_pdf");
  assert_int_equal(id, 0);
  /* A complete PDF under a name with an override and quotes. */
  assert_null(add_error(f, &f->lead, f->item, "\"Q1\" \xE2\x80\xAEreport.pdf", PDF, sizeof PDF - 1, &id));
  assert_true(id>0);
  struct paper pq;
  assert_true(paper_get_visible(f->db, &f->lead, id, f->zToday, &pq, 0));
  assert_string_equal(pq.zFilename, "\"Q1\" report.pdf");
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
    cmocka_unit_test(test_pdf_whole_file),
    cmocka_unit_test(test_zip_whole_file),
    cmocka_unit_test(test_ole_png_jpeg_whole_file),
    cmocka_unit_test(test_clean_name),
    cmocka_unit_test_setup_teardown(test_add_and_get, setup, teardown),
    cmocka_unit_test_setup_teardown(test_refusals_write_nothing, setup, teardown),
    cmocka_unit_test_setup_teardown(test_access, setup, teardown),
    cmocka_unit_test_setup_teardown(test_restricted, setup, teardown),
  };
  if( sodium_init()<0 ) return 1;
  return cmocka_run_group_tests(tests, 0, 0);
}
