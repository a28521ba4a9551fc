/*
** The outbox (src/domain/outbox.h) and the header encoding of the sender
** (src/mail/sender.h): what is queued, held or not at all; claiming with
** a lease; the retry delays and giving up; single-use links erased;
** scheduled jobs once per period; letters in one or both languages.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include "domain/outbox.h"
#include "mail/sender.h"
#include "fixture.h"

static struct db *db;
static long long personId;

static int setup(void **state){
  (void)state;
  if( sodium_init()<0 || !i18n_init() || fx_db_open(&db)!=0 ) return -1;
  char zToday[11];
  text_today(zToday);
  struct user lead;
  struct fx_cast c = { .lead = &lead };
  fx_make_cast(db, zToday, c);
  struct member_input in = { .zName = "Siân Ŵyn", .zEmail = "sian.wyn@example.wales", .zRole = "third_sector_rep",
                             .zCore = "core", .zVoting = "yes", .zFrom = "2024-01-01" };
  fx_add_member(db, &lead, fx_unit_id(db, zToday, "cardiff-south-west"), &in, zToday);
  struct stmt *s = db_prepare(db, "SELECT id FROM person WHERE email='sian.wyn@example.wales'");
  personId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return personId>0 ? 0 : -1;
}
static int teardown(void **state){ (void)state; db_close(db); return 0; }

static void configure(bool bOn){
  struct outbox_config c = { .bEnabled = bOn, .zBaseUrl = "https://cc.example.wales/", .zFrom = "cc@example.wales",
                             .nRetrySeconds = 10 };
  outbox_configure(&c);
}

static void write_test(struct letter *l, enum lang lang, void *pCtx){
  (void)pCtx;
  letter_subject(l, I18N_FORMAT(lang, "mail.action_lead.subject"), "CSW-001");
  letter_para(l, I18N_FORMAT(lang, "mail.action_lead.intro"), "<Dr A>", "Cwm & Bro");
  letter_link(l, i18n_get(lang, "mail.action_lead.link"), "/actions/1");
}

static long long queue_one(const char *zKind, bool bUrgent){
  struct recipient r;
  assert_true(outbox_recipient_person(db, personId, &r));
  struct outbox_mail m = { .zKind = zKind, .to = &r, .write = write_test, .bUrgent = bUrgent };
  assert_true(db_begin(db));
  assert_true(outbox_queue(db, &m));
  assert_true(db_commit(db));
  struct stmt *s = db_prepare(db, "SELECT COALESCE(MAX(id),0) FROM outbox");
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

static void row(long long id, char zStatus[16], long long *pAttempts, long long *pNext){
  struct stmt *s = db_prepare(db, "SELECT status, attempts, next_attempt_at FROM outbox WHERE id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  snprintf(zStatus, 16, "%s", stmt_text(s, 0));
  if( pAttempts ) *pAttempts = stmt_int(s, 1);
  if( pNext ) *pNext = stmt_int(s, 2);
  stmt_done(s);
}

static void test_header_encoding(void **state){
  (void)state;
  struct buf b = {0};
  mail_header_encode(&b, "Plain ASCII subject: CSW-001");
  assert_string_equal(buf_cstr(&b), "Plain ASCII subject: CSW-001");
  /* "=?" would start an encoded word in a plain header: encoded. */
  buf_reset(&b);
  mail_header_encode(&b, "a =?b");
  assert_string_equal(buf_cstr(&b), "=?UTF-8?B?YSA9P2I=?=");
  /* A long Welsh subject: every word at most 75 characters, never a
  ** character split between words, and the whole decodes back. */
  const char *z = "Cofnodion drafft: Clwstwr De-orllewin Caerdydd – ŵyn, ŷd, â, ê, î, ô, û – cyfarfod mis Rhagfyr ŵŵŵŵŵŵŵŵŵŵŵŵŵ";
  buf_reset(&b);
  mail_header_encode(&b, z);
  struct buf dec = {0};
  int nWords = 0;
  for(const char *p = buf_cstr(&b); (p = strstr(p, "=?UTF-8?B?"))!=0; nWords++){
    const char *e = strstr(p+10, "?=");
    assert_non_null(e);
    assert_true(e+2-p <= 75);
    unsigned char bin[128];
    size_t n = 0;
    assert_int_equal(sodium_base642bin(bin, sizeof bin, p+10, (size_t)(e-(p+10)), 0, &n, 0,
                                       sodium_base64_VARIANT_ORIGINAL), 0);
    /* Each word is whole UTF-8 on its own. */
    assert_true(n>0 && (bin[0] & 0xC0)!=0x80);
    buf_append(&dec, (const char*)bin, n);
    p = e+2;
  }
  assert_true(nWords>=3);
  assert_string_equal(buf_cstr(&dec), z);
  buf_free(&b);
  buf_free(&dec);
}

static void test_off_queues_nothing(void **state){
  (void)state;
  configure(false);
  struct stmt *s = db_prepare(db, "SELECT COUNT(*) FROM outbox");
  long long before = fx_count_stmt(s);
  queue_one("test", false);
  s = db_prepare(db, "SELECT COUNT(*) FROM outbox");
  assert_int_equal(fx_count_stmt(s), before);
  assert_false(outbox_enabled());
}

static void test_letter_languages(void **state){
  (void)state;
  configure(true);
  struct buf subj = {0}, text = {0}, html = {0};
  outbox_render(write_test, 0, MAIL_BOTH, &subj, &text, &html);
  assert_string_equal(buf_cstr(&subj), "Cam gweithredu i chi: CSW-001 / An action for you: CSW-001");
  const char *zCy = strstr(buf_cstr(&text), "Mae <Dr A> wedi rhoi"), *zEn = strstr(buf_cstr(&text), "<Dr A> has given you");
  assert_non_null(zCy);
  assert_non_null(zEn);
  assert_true(zCy < zEn);
  /* The base URL's trailing / is not doubled. */
  assert_non_null(strstr(buf_cstr(&text), "https://cc.example.wales/actions/1\n"));
  /* In HTML what was passed in is escaped. */
  assert_non_null(strstr(buf_cstr(&html), "&lt;Dr A&gt; has given you an action in Cwm &amp; Bro"));
  assert_null(strstr(buf_cstr(&html), "<Dr A>"));
  assert_non_null(strstr(buf_cstr(&html), "<html lang=\"cy\">"));
  outbox_render(write_test, 0, MAIL_EN, &subj, &text, &html);
  assert_string_equal(buf_cstr(&subj), "An action for you: CSW-001");
  assert_null(strstr(buf_cstr(&text), "Mae "));
  buf_free(&subj); buf_free(&text); buf_free(&html);
}

static void test_digest_holds_but_not_urgent(void **state){
  (void)state;
  configure(true);
  struct stmt *s = db_prepare(db, "UPDATE person SET mail_mode='digest' WHERE id=?");
  stmt_bind_int(s, 1, personId);
  assert_true(stmt_exec(s));
  char z[16];
  row(queue_one("test", false), z, 0, 0);
  assert_string_equal(z, "held");
  row(queue_one("test", true), z, 0, 0);
  assert_string_equal(z, "queued");
  s = db_prepare(db, "UPDATE person SET mail_mode='immediate' WHERE id=?");
  stmt_bind_int(s, 1, personId);
  assert_true(stmt_exec(s));
  s = db_prepare(db, "DELETE FROM outbox");
  assert_true(stmt_exec(s));
}

static void test_claim_retry_give_up(void **state){
  (void)state;
  configure(true);
  long long id = queue_one("test", false);
  long long now = (long long)time(0), aId[8];
  assert_int_equal(outbox_claim(db, now, aId, 8), 1);
  assert_int_equal(aId[0], id);
  /* Claimed: nobody else gets it while the lease runs... */
  assert_int_equal(outbox_claim(db, now+1, aId, 8), 0);
  /* ...and anyone may once it has lapsed (its sender died). */
  assert_int_equal(outbox_claim(db, now+OUTBOX_LEASE+1, aId, 8), 1);
  /* Failed attempts wait 10, 20, 40 s: doubling from --mail-retry. */
  char z[16];
  long long attempts, next;
  long long aDelay[] = { 10, 20, 40 };
  for(int i=0; i<3; i++){
    assert_true(outbox_mark_failed(db, id, now, "relay away", false));
    row(id, z, &attempts, &next);
    assert_string_equal(z, "queued");
    assert_int_equal(attempts, i+1);
    assert_int_equal(next, now + aDelay[i]);
  }
  /* Not due yet: not claimed. */
  assert_int_equal(outbox_claim(db, now+39, aId, 8), 0);
  assert_int_equal(outbox_claim(db, now+40, aId, 8), 1);
  /* The delay stops doubling at an hour. */
  for(int i=0; i<10; i++) assert_true(outbox_mark_failed(db, id, now, "relay away", false));
  row(id, z, &attempts, &next);
  assert_int_equal(next, now + OUTBOX_RETRY_MAX);
  /* Past OUTBOX_GIVE_UP it fails for good; a 5xx refusal at once. */
  assert_true(outbox_mark_failed(db, id, now + OUTBOX_GIVE_UP, "relay away", false));
  row(id, z, 0, 0);
  assert_string_equal(z, "failed");
  long long id2 = queue_one("test", false);
  assert_true(outbox_mark_failed(db, id2, now, "550 no such mailbox", true));
  row(id2, z, &attempts, 0);
  assert_string_equal(z, "failed");
  assert_int_equal(attempts, 1);
}

static void test_secret_erased(void **state){
  (void)state;
  configure(true);
  long long id = queue_one("password_reset", true), other = queue_one("action_lead", false);
  assert_true(outbox_mark_sent(db, id, (long long)time(0)));
  assert_true(outbox_mark_sent(db, other, (long long)time(0)));
  struct outbox_message m;
  assert_true(outbox_load(db, id, &m));
  assert_string_equal(m.zText, "");
  assert_string_equal(m.zHtml, "");
  assert_non_null(strstr(m.zSubject, "CSW-001"));
  outbox_message_free(&m);
  assert_true(outbox_load(db, other, &m));
  assert_non_null(strstr(m.zText, "/actions/1"));
  outbox_message_free(&m);
}

static void test_job_once_per_period(void **state){
  (void)state;
  long long now = (long long)time(0);
  assert_true(db_begin(db));
  assert_true(outbox_job_claim(db, "weekly-reminder", "2026-W50", now));
  assert_true(db_commit(db));
  assert_true(db_begin(db));
  assert_false(outbox_job_claim(db, "weekly-reminder", "2026-W50", now));
  assert_true(outbox_job_claim(db, "weekly-reminder", "2026-W51", now));
  assert_true(outbox_job_claim(db, "daily-digest", "2026-W50", now));
  assert_true(db_commit(db));
}

static void test_settings(void **state){
  (void)state;
  assert_int_equal(setting_get_int(db, SETTING_PACK_ATTACH_MAX_KB, 5120), 5120);
  assert_true(db_begin(db));
  assert_true(setting_set_int(db, SETTING_PACK_ATTACH_MAX_KB, 300));
  assert_true(setting_set_int(db, SETTING_PACK_ATTACH_MAX_KB, 400));
  assert_true(db_commit(db));
  assert_int_equal(setting_get_int(db, SETTING_PACK_ATTACH_MAX_KB, 5120), 400);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_header_encoding),
    cmocka_unit_test(test_off_queues_nothing),
    cmocka_unit_test(test_letter_languages),
    cmocka_unit_test(test_digest_holds_but_not_urgent),
    cmocka_unit_test(test_claim_retry_give_up),
    cmocka_unit_test(test_secret_erased),
    cmocka_unit_test(test_job_once_per_period),
    cmocka_unit_test(test_settings),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
