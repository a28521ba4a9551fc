/*
** A project's highlight report for a meeting's agenda (project_report.h).
*/
#include "domain/project_report.h"
#include "domain/audit.h"
#include "domain/meeting_internal.h"
#include "domain/member.h"
#include "domain/outbox.h"
#include "domain/project_doc.h"
#include "domain/project_docs.h"
#include "domain/risk.h"
#include "domain/unit.h"
#include "util/json.h"
#include "util/money.h"
#include "util/text.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const project_highlight_fields[HIGHLIGHT_NFIELD] = {
  "summary", "achieved", "next", "budget", "risks_issues", "decisions_needed"
};

static void tprintf(struct buf *b, struct i18n_format f, ...){
  va_list ap;
  va_start(ap, f);
  buf_vprintf(b, f.zFmt, ap);
  va_end(ap);
}

/* ---- the meetings it may go to ---- */

int project_report_meetings(struct db *db, const struct user *u, const struct project *p,
                            const char *zToday, const char *zNow, int nMax, meeting_cb x, void *pCtx){
  long long pcpg = unit_above(db, p->unitId, "pcpg", zToday);
  struct stmt *s = db_prepare(db,
    "SELECT id, unit_id FROM meeting WHERE (unit_id=?1 OR unit_id=?2) AND status='scheduled' AND starts_at>?3"
    " ORDER BY starts_at, id LIMIT ?4");
  stmt_bind_int(s, 1, p->unitId);
  stmt_bind_int(s, 2, pcpg>0 ? pcpg : p->unitId);
  stmt_bind_text(s, 3, zNow);
  stmt_bind_int(s, 4, nMax*2);
  long long aId[64][2];
  int n = 0;
  while( stmt_step(s)==1 && n<64 ){
    aId[n][0] = stmt_int(s, 0);
    aId[n][1] = stmt_int(s, 1);
    n++;
  }
  stmt_done(s);
  int nOut = 0;
  struct meeting *m = xmalloc(sizeof *m);
  for(int i = 0; i < n && nOut < nMax; i++){
    if( !access_can_write(db, u, aId[i][1], zToday) ) continue;
    if( !meeting_load(db, aId[i][0], m) ) continue;
    if( x ) x(pCtx, m);
    nOut++;
  }
  free(m);
  return nOut;
}

/* ---- its texts ---- */

static const char *stage_key(const char *z){
  static const char *const az[][2] = {
    {"initiate", "risk.report.stage.initiate"}, {"plan", "risk.report.stage.plan"},
    {"deliver", "risk.report.stage.deliver"}, {"monitor", "risk.report.stage.monitor"},
    {"close", "risk.report.stage.close"},
  };
  for(size_t i = 0; i < sizeof az/sizeof az[0]; i++) if( strcmp(az[i][0], z)==0 ) return az[i][1];
  return "risk.report.stage.initiate";
}

static const char *doc_key(const char *z){
  static const char *const az[][2] = {
    {"plan_on_a_page", "risk.report.doc.plan_on_a_page"}, {"brief", "risk.report.doc.brief"},
    {"structure", "risk.report.doc.structure"}, {"pid", "risk.report.doc.pid"},
    {"progress", "risk.report.doc.progress"}, {"exception", "risk.report.doc.exception"},
    {"highlight", "risk.report.doc.highlight"}, {"closure", "risk.report.doc.closure"},
    {"comms_plan", "risk.report.doc.comms_plan"}, {"stakeholder_map", "risk.report.doc.stakeholder_map"},
    {"impact", "risk.report.doc.impact"}, {"decisions_log", "risk.report.doc.decisions_log"},
    {"board_report", "risk.report.doc.board_report"}, {"gateway_review", "risk.report.doc.gateway_review"},
    {"benefits_review", "risk.report.doc.benefits_review"},
  };
  for(size_t i = 0; i < sizeof az/sizeof az[0]; i++) if( strcmp(az[i][0], z)==0 ) return az[i][1];
  return "risk.report.doc.progress";
}

static const char *need_key(const char *z){
  if( strcmp(z, "milestone")==0 ) return "risk.report.need.milestone";
  if( strcmp(z, "risk")==0 ) return "risk.report.need.risk";
  if( strcmp(z, "outcome")==0 ) return "risk.report.need.outcome";
  return "risk.report.need.measured";
}

static const char *rag_key(enum rag g){
  return g==RAG_RED ? "risk.report.rag.red" : g==RAG_AMBER ? "risk.report.rag.amber" : "risk.report.rag.green";
}

static const char *priority_key(const char *z){
  if( strcmp(z, "high")==0 ) return "projissue.priority.high";
  if( strcmp(z, "low")==0 ) return "projissue.priority.low";
  return "projissue.priority.medium";
}

/* A milestone into "achieved" (done since zSince) or "next" (the first five not done). */
struct report_ms { enum lang lang; const char *zToday, *zSince; struct buf *ab; int nDone, nNext; };
static void report_milestone(void *pCtx, const struct pmilestone *m){
  struct report_ms *c = pCtx;
  enum lang lang = c->lang;
  struct buf *ab = c->ab;
  const char *zTitle = m->zTitle, *zDue = m->zDue, *zDone = m->zDone;
  char zD1[48];
  if( zDone[0] ){
    if( c->zSince[0] && strcmp(zDone, c->zSince)<=0 ) return;
    letter_date(lang, zDone, zD1);
    if( c->nDone++ ) buf_putc(&ab[1], '\n');
    tprintf(&ab[1], I18N_FORMAT(lang, "risk.report.milestone_done"), zTitle, zD1);
  }else if( c->nNext<5 ){
    letter_date(lang, zDue, zD1);
    if( c->nNext++ ) buf_putc(&ab[2], '\n');
    if( strcmp(zDue, c->zToday)<0 ) tprintf(&ab[2], I18N_FORMAT(lang, "risk.report.milestone_overdue"), zTitle, zD1);
    else tprintf(&ab[2], I18N_FORMAT(lang, "risk.report.milestone_next"), zTitle, zD1);
  }
}

bool project_highlight_texts(struct db *db, const struct project *p, const char *zToday, const char *zSince,
                             enum lang lang, struct buf ab[HIGHLIGHT_NFIELD]){
  struct project_facts f;
  if( !project_facts_load(db, p->id, zToday, &f) ) return false;
  const char *zWhy = "project.rag.why.on_track";
  enum rag g = project_rag(&f, &zWhy);
  char zD1[48], zD2[48];

  /* summary */
  tprintf(&ab[0], I18N_FORMAT(lang, "risk.report.summary"), i18n_get(lang, stage_key(p->zStage)),
          i18n_get(lang, rag_key(g)), i18n_get(lang, zWhy));

  /* achieved and next: the milestones */
  struct report_ms c = { lang, zToday, zSince, ab, 0, 0 };
  project_milestones_each(db, p->id, report_milestone, &c);
  int nDone = c.nDone, nNext = c.nNext;
  if( !nDone ) buf_puts(&ab[1], i18n_get(lang, "risk.report.achieved_none"));
  if( !nNext ) buf_puts(&ab[2], i18n_get(lang, "risk.report.next_none"));

  /* budget */
  char zBudget[32], zSpent[32], zCommitted[32], zForecast[32];
  money_format(f.budgetPence, zBudget, sizeof zBudget);
  money_format(f.spentPence, zSpent, sizeof zSpent);
  money_format(f.committedPence, zCommitted, sizeof zCommitted);
  money_format(f.forecastPence, zForecast, sizeof zForecast);
  letter_date(lang, f.zForecastEnd, zD1);
  letter_date(lang, f.zEndOn, zD2);
  tprintf(&ab[3], I18N_FORMAT(lang, "risk.report.budget"), zBudget, zSpent, zCommitted, zForecast,
          f.costTolerancePct, zD1, zD2, f.timeToleranceDays);

  /* risks and issues */
  struct stmt *s = db_prepare(db,
    "SELECT r.description, r.residual_likelihood, r.residual_consequence, COALESCE(pe.name,'')"
    " FROM risk r LEFT JOIN person pe ON pe.id=r.owner_person_id WHERE r.project_id=?1 AND r.status='open'"
    " ORDER BY r.residual_likelihood*r.residual_consequence DESC, r.id LIMIT 5");
  stmt_bind_int(s, 1, p->id);
  int nRisk = 0;
  buf_puts(&ab[4], i18n_get(lang, "risk.report.top_risks"));
  while( stmt_step(s)==1 ){
    int sc = risk_score((int)stmt_int(s, 1), (int)stmt_int(s, 2));
    char zKey[40];
    snprintf(zKey, sizeof zKey, "risk.level.%s", risk_level_code(risk_level_of(sc)));
    buf_putc(&ab[4], '\n');
    if( stmt_text(s, 3)[0] ){
      tprintf(&ab[4], I18N_FORMAT(lang, "risk.report.risk_line"), stmt_text(s, 0), sc, i18n_get(lang, zKey), stmt_text(s, 3));
    }else{
      tprintf(&ab[4], I18N_FORMAT(lang, "risk.report.risk_line_no_owner"), stmt_text(s, 0), sc, i18n_get(lang, zKey));
    }
    nRisk++;
  }
  stmt_done(s);
  if( !nRisk ){ buf_putc(&ab[4], '\n'); buf_puts(&ab[4], i18n_get(lang, "risk.report.risks_none")); }
  buf_puts(&ab[4], "\n\n");
  buf_puts(&ab[4], i18n_get(lang, "risk.report.open_issues"));
  s = db_prepare(db,
    "SELECT description, priority, COALESCE(due_on,'') FROM project_issue WHERE project_id=?1 AND status='open'"
    " ORDER BY COALESCE(due_on,'9999-12-31'), id LIMIT 10");
  stmt_bind_int(s, 1, p->id);
  int nIssue = 0;
  while( stmt_step(s)==1 ){
    buf_putc(&ab[4], '\n');
    const char *zDue = stmt_text(s, 2);
    if( zDue[0] ){
      letter_date(lang, zDue, zD1);
      tprintf(&ab[4], I18N_FORMAT(lang, "risk.report.issue_line_due"), stmt_text(s, 0),
              i18n_get(lang, priority_key(stmt_text(s, 1))), zD1);
    }else{
      tprintf(&ab[4], I18N_FORMAT(lang, "risk.report.issue_line"), stmt_text(s, 0),
              i18n_get(lang, priority_key(stmt_text(s, 1))));
    }
    nIssue++;
  }
  stmt_done(s);
  if( !nIssue ){ buf_putc(&ab[4], '\n'); buf_puts(&ab[4], i18n_get(lang, "risk.report.issues_none")); }

  /* decisions needed: what the gate out of this stage still needs */
  struct gate_facts gf;
  if( strcmp(p->zStage, "close")==0 || !project_gate_facts(db, p, &gf) ){
    buf_puts(&ab[5], i18n_get(lang, "risk.report.decisions_none"));
  }else{
    const char *azNeed[8];
    int nNeed = project_gate_missing(&gf, azNeed, 8);
    tprintf(&ab[5], I18N_FORMAT(lang, "risk.report.gate"), i18n_get(lang, stage_key(p->zStage)),
            i18n_get(lang, stage_key(project_stage_code(gf.iFrom + 1))));
    for(int i = 0; i < gf.nDocsMissing; i++){
      buf_putc(&ab[5], '\n');
      tprintf(&ab[5], I18N_FORMAT(lang, "risk.report.doc_missing"), i18n_get(lang, doc_key(gf.azDocMissing[i])));
    }
    for(int i = 0; i < nNeed && i < 8; i++){
      buf_putc(&ab[5], '\n');
      buf_puts(&ab[5], "– ");
      buf_puts(&ab[5], i18n_get(lang, need_key(azNeed[i])));
    }
    buf_putc(&ab[5], '\n');
    buf_puts(&ab[5], i18n_get(lang, gf.nDocsMissing || nNeed ? "risk.report.gate_then_decision"
                                                             : "risk.report.gate_ready"));
  }
  return true;
}

/* ---- drafting it ---- */

struct meeting_pick { long long id; bool bFound; };
static void pick_meeting(void *pCtx, const struct meeting *m){
  struct meeting_pick *x = pCtx;
  if( m->id==x->id ) x->bFound = true;
}

long long project_highlight_draft(struct db *db, const struct user *u, const struct project *p,
                                  long long meetingId, enum lang lang, const char *zToday, const char *zNow,
                                  long long now, struct field_errors *e, long long *pItemId){
  *pItemId = 0;
  if( meetingId<=0 ){
    field_errors_add(e, "meeting", "risk.highlight.error.meeting_required");
    return 0;
  }
  struct meeting_pick pick = { meetingId, false };
  struct meeting *m = xmalloc(sizeof *m);
  if( !meeting_load(db, meetingId, m) ){ free(m); return -1; }
  if( !access_can_write(db, u, m->unitId, zToday) ){ free(m); return -1; }
  long long pcpg = unit_above(db, p->unitId, "pcpg", zToday);
  if( m->unitId!=p->unitId && m->unitId!=pcpg ){ free(m); return -1; }
  project_report_meetings(db, u, p, zToday, zNow, 64, pick_meeting, &pick);
  if( !pick.bFound ){
    /* One of the project's groups, but no longer ahead: say why. */
    field_errors_add(e, "meeting", "risk.highlight.error.meeting_not_ahead");
    free(m);
    return 0;
  }

  struct buf ab[HIGHLIGHT_NFIELD];
  memset(ab, 0, sizeof ab);
  char zSince[11] = "";
  char zTitle[201];
  {
    /* The title of the agenda item: at most 200 characters. */
    struct buf t = {0};
    tprintf(&t, I18N_FORMAT(lang, "risk.highlight.item_title"), p->zTitle);
    const char *z = buf_cstr(&t);
    size_t n = strlen(z), k = 0, nChar = 0;
    while( k<n && nChar<200 && k<sizeof zTitle - 5 ){
      k++;
      while( k<n && ((unsigned char)z[k] & 0xC0)==0x80 ) k++;
      nChar++;
    }
    memcpy(zTitle, z, k);
    zTitle[k] = 0;
    buf_free(&t);
  }

  long long docId = 0, itemId = 0;
  if( !db_begin(db) ){ field_errors_add(e, "meeting", "risk.highlight.error.not_saved"); free(m); return 0; }
  bool ok = meeting_still_ahead(db, m, "meeting", "risk.highlight.error.meeting_not_ahead", e);
  if( ok ){
    project_highlight_since(db, p->id, zSince);
    ok = project_highlight_texts(db, p, zToday, zSince, lang, ab);
  }
  if( ok ){
    struct project_facts f;
    enum rag g = project_facts_load(db, p->id, zToday, &f) ? project_rag(&f, 0) : RAG_GREEN;
    /* The item goes before "any other business", as the chair's own do. */
    struct stmt *s = db_prepare(db,
      "SELECT COALESCE(MAX(position),0) FROM agenda_item WHERE meeting_id=? AND COALESCE(standing,'')<>'aob'");
    stmt_bind_int(s, 1, m->id);
    int pos = stmt_step(s)==1 ? (int)stmt_int(s, 0)+1 : 1;
    stmt_done(s);
    s = db_prepare(db, "UPDATE agenda_item SET position=position+1 WHERE meeting_id=? AND position>=?");
    stmt_bind_int(s, 1, m->id);
    stmt_bind_int(s, 2, pos);
    ok = stmt_exec(s);
    if( ok ) ok = meeting_insert_item(db, m->id, pos, zTitle, "information", p->ownerPersonId>0 &&
                                      member_on_date(db, m->unitId, p->ownerPersonId, zToday) ? p->ownerPersonId : 0,
                                      10, 0, "accepted", 0, false, 0, 0, &itemId);
    if( ok ){
      struct buf b = {0};
      bool bFirst = true;
      buf_putc(&b, '{');
      json_kv_str(&b, &bFirst, "title", zTitle);
      json_kv_str(&b, &bFirst, "purpose", "information");
      json_kv_int(&b, &bFirst, "duration_minutes", 10);
      json_kv_str(&b, &bFirst, "status", "accepted");
      json_kv_int(&b, &bFirst, "project_id", p->id);
      buf_putc(&b, '}');
      ok = audit_record(db, u, "create", "agenda_item", itemId, m->unitId, 0, buf_cstr(&b));
      buf_free(&b);
    }
    if( ok ){
      s = db_prepare(db,
        "INSERT INTO project_doc(project_id,kind,title,period_from,period_to,state,rag,meeting_id,agenda_item_id,"
        " created_by,demo,created_at,updated_at) VALUES(?1,'highlight',?2,?3,?4,'draft',?5,?6,?7,?8,?9,?10,?10)"
        " RETURNING id");
      stmt_bind_int(s, 1, p->id);
      stmt_bind_text(s, 2, zTitle);
      stmt_bind_text(s, 3, zSince[0] ? zSince : p->zStartOn);
      stmt_bind_text(s, 4, zToday);
      stmt_bind_text(s, 5, project_rag_code(g));
      stmt_bind_int(s, 6, m->id);
      stmt_bind_int(s, 7, itemId);
      if( u && u->id ) stmt_bind_int(s, 8, u->id); else stmt_bind_null(s, 8);
      stmt_bind_int(s, 9, p->bDemo ? 1 : 0);
      stmt_bind_int(s, 10, now);
      docId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
      stmt_done(s);
      ok = docId>0;
    }
    for(int i = 0; ok && i < HIGHLIGHT_NFIELD; i++){
      s = db_prepare(db, "INSERT INTO project_doc_text(doc_id,field,body) VALUES(?,?,?)");
      stmt_bind_int(s, 1, docId);
      stmt_bind_text(s, 2, project_highlight_fields[i]);
      stmt_bind_text(s, 3, buf_cstr(&ab[i]));
      ok = stmt_exec(s);
    }
    if( ok ){
      struct buf b = {0};
      bool bFirst = true;
      buf_putc(&b, '{');
      json_kv_int(&b, &bFirst, "project_id", p->id);
      json_kv_str(&b, &bFirst, "kind", "highlight");
      json_kv_str(&b, &bFirst, "state", "draft");
      json_kv_str(&b, &bFirst, "title", zTitle);
      json_kv_int(&b, &bFirst, "meeting_id", m->id);
      json_kv_int(&b, &bFirst, "agenda_item_id", itemId);
      buf_putc(&b, '}');
      ok = audit_record(db, u, "create", "project_doc", docId, p->unitId, 0, buf_cstr(&b));
      buf_free(&b);
    }
  }
  for(int i = 0; i < HIGHLIGHT_NFIELD; i++) buf_free(&ab[i]);
  free(m);
  if( !ok || e->n || !db_commit(db) ){
    db_rollback(db);
    if( !e->n ) field_errors_add(e, "meeting", "risk.highlight.error.not_saved");
    return 0;
  }
  *pItemId = itemId;
  return docId;
}

long long project_report_of_item(struct db *db, long long itemId, long long *pProjectId){
  struct stmt *s = db_prepare(db,
    "SELECT id, project_id FROM project_doc WHERE agenda_item_id=? ORDER BY id DESC LIMIT 1");
  stmt_bind_int(s, 1, itemId);
  long long id = 0;
  *pProjectId = 0;
  if( stmt_step(s)==1 ){ id = stmt_int(s, 0); *pProjectId = stmt_int(s, 1); }
  stmt_done(s);
  return id;
}

void project_highlight_since(struct db *db, long long projectId, char zSince[11]){
  zSince[0] = 0;
  struct stmt *s = db_prepare(db,
    "SELECT COALESCE(MAX(period_to),'') FROM project_doc WHERE project_id=?1 AND kind='highlight'");
  stmt_bind_int(s, 1, projectId);
  if( stmt_step(s)==1 ) text_copy(zSince, 11, stmt_text(s, 0));
  stmt_done(s);
}

static int highlights_each(struct stmt *s, phighlight_cb x, void *pCtx){
  int n = 0;
  while( stmt_step(s)==1 ){
    struct phighlight h;
    h.id = stmt_int(s, 0);
    h.zPeriodTo = stmt_text(s, 1);
    h.zState = stmt_text(s, 2);
    h.zMeetingTitle = stmt_text(s, 3);
    h.meetingId = stmt_int(s, 4);
    h.itemId = stmt_int(s, 5);
    x(pCtx, &h);
    n++;
  }
  stmt_done(s);
  return n;
}

int project_highlights_each(struct db *db, long long projectId, phighlight_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT d.id, d.period_to, d.state, COALESCE(m.title,''), COALESCE(d.meeting_id,0), COALESCE(d.agenda_item_id,0)"
    " FROM project_doc d LEFT JOIN meeting m ON m.id=d.meeting_id"
    " WHERE d.project_id=?1 AND d.kind='highlight' ORDER BY d.id DESC LIMIT 20");
  stmt_bind_int(s, 1, projectId);
  return highlights_each(s, x, pCtx);
}

bool project_highlight_get(struct db *db, long long projectId, long long docId, phighlight_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT d.id, d.period_to, d.state, m.title, d.meeting_id, d.agenda_item_id"
    " FROM project_doc d JOIN meeting m ON m.id=d.meeting_id"
    " WHERE d.id=?1 AND d.project_id=?2 AND d.kind='highlight'");
  stmt_bind_int(s, 1, docId);
  stmt_bind_int(s, 2, projectId);
  return highlights_each(s, x, pCtx)==1;
}
