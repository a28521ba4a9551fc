/* A project's tolerances on cost and time: exception reports opened by a
** broken tolerance, and the owner told (see project_tolerance.h). */
#include "domain/project_tolerance.h"
#include "domain/audit.h"
#include "domain/outbox.h"
#include "domain/unit.h"
#include "util/assert.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/money.h"
#include "util/text.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pure ---- */

void project_breach_key_cost(long long budgetPence, int pct, char *zOut, size_t n){
  snprintf(zOut, n, "cost:%lld:%d", budgetPence, pct);
}

void project_breach_key_time(const char *zEndOn, int days, char *zOut, size_t n){
  snprintf(zOut, n, "time:%s:%d", zEndOn ? zEndOn : "", days);
}

long long project_cost_limit(long long budgetPence, int pct){
  return budgetPence*(100 + pct)/100;
}

/* ---- the situation, in words ---- */

static void text_printf_t(struct buf *b, struct i18n_format f, ...){
  va_list ap;
  va_start(ap, f);
  buf_vprintf(b, f.zFmt, ap);
  va_end(ap);
}

enum breach { BREACH_COST = 0, BREACH_TIME = 1 };

/* The situation of breach k in language lang, from the facts. */
static void situation_in(struct buf *b, enum lang lang, enum breach k, const struct project_facts *f){
  if( k==BREACH_COST ){
    char zForecast[32], zBudget[32], zLimit[32], zOver[32], zSpent[32], zCommitted[32];
    long long limit = project_cost_limit(f->budgetPence, f->costTolerancePct);
    money_format(f->forecastPence, zForecast, sizeof zForecast);
    money_format(f->budgetPence, zBudget, sizeof zBudget);
    money_format(limit, zLimit, sizeof zLimit);
    money_format(f->forecastPence - limit, zOver, sizeof zOver);
    money_format(f->spentPence, zSpent, sizeof zSpent);
    money_format(f->committedPence, zCommitted, sizeof zCommitted);
    text_printf_t(b, I18N_FORMAT(lang, "risk.tolerance.situation.cost"), zForecast, zBudget,
                  f->costTolerancePct, zLimit, zOver, zSpent, zCommitted);
  }else{
    char zEnd[48], zForecast[48];
    letter_date(lang, f->zEndOn, zEnd);
    letter_date(lang, f->zForecastEnd, zForecast);
    long long late = project_days_between(f->zEndOn, f->zForecastEnd);
    text_printf_t(b, I18N_FORMAT(lang, "risk.tolerance.situation.time"), zForecast, zEnd,
                  f->timeToleranceDays, late, late - f->timeToleranceDays);
  }
}

/* In the languages of lMode: Welsh, English, or Welsh then English. */
static void situation(struct buf *b, enum mail_lang lMode, enum breach k, const struct project_facts *f){
  if( lMode!=MAIL_EN ) situation_in(b, LANG_CY, k, f);
  if( lMode==MAIL_BOTH ) buf_append(b, "\n\n", 2);
  if( lMode!=MAIL_CY ) situation_in(b, LANG_EN, k, f);
}

static void title_of(struct buf *b, enum mail_lang lMode, enum breach k){
  if( lMode!=MAIL_EN ){
    buf_puts(b, i18n_get(LANG_CY, k==BREACH_COST ? "risk.tolerance.title.cost" : "risk.tolerance.title.time"));
  }
  if( lMode==MAIL_BOTH ) buf_puts(b, " / ");
  if( lMode!=MAIL_CY ){
    buf_puts(b, i18n_get(LANG_EN, k==BREACH_COST ? "risk.tolerance.title.cost" : "risk.tolerance.title.time"));
  }
}

/* ---- the letter to the owner ---- */

struct breach_letter {
  const struct project *p;
  const struct project_facts *f;
  enum breach k;
  long long docId;
};

static void write_breach(struct letter *l, enum lang lang, void *pCtx){
  const struct breach_letter *x = pCtx;
  letter_subject(l, I18N_FORMAT(lang, "risk.tolerance.mail.subject"), x->p->zTitle);
  letter_para(l, x->k==BREACH_COST ? I18N_FORMAT(lang, "risk.tolerance.mail.intro.cost")
                                   : I18N_FORMAT(lang, "risk.tolerance.mail.intro.time"),
              x->p->zTitle, unit_name_in(lang, x->p->zUnitName, x->p->zUnitNameCy));
  struct buf b = {0};
  situation_in(&b, lang, x->k, x->f);
  letter_quote(l, buf_cstr(&b));
  buf_free(&b);
  letter_para(l, I18N_FORMAT(lang, "risk.tolerance.mail.ask"));
  char zPath[80];
  snprintf(zPath, sizeof zPath, "/projects/%lld/documents/%lld", x->p->id, x->docId);
  letter_link(l, i18n_get(lang, "risk.tolerance.mail.link"), zPath);
}

/* ---- opening a report ---- */

/* Who the audit log names for a report opened by itself: carecluster,
** as for the scheduled mailings, not whoever's write set it off. */
static void tolerance_actor(struct user *u){
  memset(u, 0, sizeof *u);
  snprintf(u->zName, sizeof u->zName, "carecluster");
  snprintf(u->zEmail, sizeof u->zEmail, "%s", outbox_from()[0] ? outbox_from() : "tolerance check");
}

/* True (in *pbHas) when project id has an exception report of trigger
** zTrigger and breach key zKey. False on a database failure. */
static bool has_report(struct db *db, long long id, const char *zTrigger, const char *zKey, bool *pbHas){
  struct stmt *s = db_prepare(db,
    "SELECT 1 FROM project_doc WHERE project_id=?1 AND kind='exception' AND trigger_kind=?2 AND breach_key=?3");
  stmt_bind_int(s, 1, id);
  stmt_bind_text(s, 2, zTrigger);
  stmt_bind_text(s, 3, zKey);
  int rc = stmt_step(s);
  stmt_done(s);
  *pbHas = rc==1;
  return rc>=0;
}

static bool open_report(struct db *db, const struct project *p, const struct project_facts *f,
                        enum breach k, const char *zKey, const char *zToday, long long now){
  const char *zTrigger = k==BREACH_COST ? "cost" : "time";
  struct recipient to;
  bool bTo = p->ownerPersonId>0 && outbox_recipient_person(db, p->ownerPersonId, &to);
  enum mail_lang lMode = bTo ? to.lang : MAIL_BOTH;

  struct buf bTitle = {0}, bSit = {0};
  title_of(&bTitle, lMode, k);
  situation(&bSit, lMode, k, f);

  struct stmt *s = db_prepare(db,
    "INSERT INTO project_doc(project_id,kind,title,period_from,period_to,state,rag,trigger_kind,breach_key,"
    " demo,created_at,updated_at) VALUES(?1,'exception',?2,?3,?3,'draft','red',?4,?5,?6,?7,?7) RETURNING id");
  stmt_bind_int(s, 1, p->id);
  stmt_bind_text(s, 2, buf_cstr(&bTitle));
  stmt_bind_text(s, 3, zToday);
  stmt_bind_text(s, 4, zTrigger);
  stmt_bind_text(s, 5, zKey);
  stmt_bind_int(s, 6, p->bDemo ? 1 : 0);
  stmt_bind_int(s, 7, now);
  long long docId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  bool ok = docId>0;
  if( ok ){
    s = db_prepare(db, "INSERT INTO project_doc_text(doc_id,field,body) VALUES(?,'situation',?)");
    stmt_bind_int(s, 1, docId);
    stmt_bind_text(s, 2, buf_cstr(&bSit));
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf j = {0};
    buf_printf(&j, "{\"project_id\":%lld,\"kind\":\"exception\",\"state\":\"draft\",\"trigger_kind\":", p->id);
    json_string(&j, zTrigger);
    buf_puts(&j, ",\"breach_key\":");
    json_string(&j, zKey);
    buf_puts(&j, ",\"title\":");
    json_string(&j, buf_cstr(&bTitle));
    buf_puts(&j, "}");
    struct user sys;
    tolerance_actor(&sys);
    ok = audit_record(db, &sys, "create", "project_doc", docId, p->unitId, 0, buf_cstr(&j));
    buf_free(&j);
  }
  if( ok && bTo ){
    struct breach_letter x = { p, f, k, docId };
    struct outbox_mail m = {
      .zKind = "project_exception", .unitId = p->unitId, .to = &to,
      .write = write_breach, .pCtx = &x,
    };
    ok = outbox_queue(db, &m);
  }
  buf_free(&bTitle);
  buf_free(&bSit);
  return ok;
}

bool project_tolerance_check_n(struct db *db, long long projectId, const char *zToday, long long now,
                               int *pnOpened){
  assert(db_in_transaction(db));
  if( pnOpened ) *pnOpened = 0;
  struct project p;
  if( !project_load(db, projectId, &p) ) return !db_tx_failed(db);
  bool ok = true;
  struct project_facts f;
  if( p.zClosedOn[0]==0 && project_facts_load(db, projectId, zToday, &f) ){
    for(int k = BREACH_COST; ok && k <= BREACH_TIME; k++){
      bool bBroken = k==BREACH_COST ? project_cost_broken(&f) : project_time_broken(&f);
      if( !bBroken ) continue;
      char zKey[64];
      if( k==BREACH_COST ) project_breach_key_cost(p.budgetPence, p.costTolerancePct, zKey, sizeof zKey);
      else project_breach_key_time(p.zEndOn, p.timeToleranceDays, zKey, sizeof zKey);
      bool bHas = false;
      ok = has_report(db, p.id, k==BREACH_COST ? "cost" : "time", zKey, &bHas);
      if( ok && !bHas ){
        ok = open_report(db, &p, &f, (enum breach)k, zKey, zToday, now);
        if( ok && pnOpened ) (*pnOpened)++;
      }
    }
  }
  if( db_tx_failed(db) ) ok = false;
  project_free(&p);
  return ok;
}

bool project_tolerance_check(struct db *db, long long projectId, const char *zToday, long long now){
  return project_tolerance_check_n(db, projectId, zToday, now, 0);
}

/* ---- the daily sweep ---- */

bool project_tolerance_sweep(struct db *db, const char *zToday, long long now, int *pnOpened){
  if( pnOpened ) *pnOpened = 0;
  struct stmt *s = db_prepare(db, "SELECT 1 FROM mail_job WHERE name='project-tolerances' AND period=?");
  stmt_bind_text(s, 1, zToday);
  int rc = stmt_step(s);
  stmt_done(s);
  if( rc!=0 ){
    if( pnOpened ) *pnOpened = -1;
    return rc==1;
  }
  if( !db_begin(db) ) return false;
  if( !outbox_job_claim(db, "project-tolerances", zToday, now) ){
    bool bFailed = db_tx_failed(db);
    db_rollback(db);
    if( pnOpened && !bFailed ) *pnOpened = -1;
    return !bFailed;
  }
  long long *aId = 0;
  int nId = 0, nAlloc = 0;
  s = db_prepare(db, "SELECT id FROM project WHERE closed_on IS NULL ORDER BY id");
  while( (rc = stmt_step(s))==1 ){
    if( nId==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 64; aId = xrealloc(aId, sizeof(aId[0])*(size_t)nAlloc); }
    aId[nId++] = stmt_int(s, 0);
  }
  stmt_done(s);
  bool ok = rc==0;
  int nOpened = 0;
  for(int i = 0; ok && i < nId; i++){
    int n = 0;
    ok = project_tolerance_check_n(db, aId[i], zToday, now, &n);
    nOpened += n;
  }
  free(aId);
  if( ok && db_commit(db) ){
    if( pnOpened ) *pnOpened = nOpened;
    return true;
  }
  db_rollback(db);
  return false;
}
