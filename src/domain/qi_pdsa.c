/* PDSA cycles and their ramps (see qi.h). */
#include "domain/qi_internal.h"
#include "util/json.h"
#include "util/text.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PDSA_COLS \
  "c.id, c.project_id, c.change_id, COALESCE(c.previous_id,0), d.text, c.title, c.plan, c.prediction," \
  " c.data_plan, COALESCE(c.do_text,''), COALESCE(c.study_text,''), COALESCE(c.act,'')," \
  " COALESCE(c.act_text,''), c.start_on, COALESCE(c.end_on,'')"
#define PDSA_FROM " FROM qi_pdsa c JOIN qi_driver d ON d.id=c.change_id"

static void pdsa_from_row(struct stmt *s, struct qi_pdsa *c){
  c->id = stmt_int(s, 0);
  c->projectId = stmt_int(s, 1);
  c->changeId = stmt_int(s, 2);
  c->previousId = stmt_int(s, 3);
  text_copy(c->zChangeText, sizeof c->zChangeText, stmt_text(s, 4));
  text_copy(c->zTitle, sizeof c->zTitle, stmt_text(s, 5));
  text_copy(c->zPlan, sizeof c->zPlan, stmt_text(s, 6));
  text_copy(c->zPrediction, sizeof c->zPrediction, stmt_text(s, 7));
  text_copy(c->zDataPlan, sizeof c->zDataPlan, stmt_text(s, 8));
  text_copy(c->zDo, sizeof c->zDo, stmt_text(s, 9));
  text_copy(c->zStudy, sizeof c->zStudy, stmt_text(s, 10));
  text_copy(c->zAct, sizeof c->zAct, stmt_text(s, 11));
  text_copy(c->zActText, sizeof c->zActText, stmt_text(s, 12));
  text_copy(c->zStartOn, sizeof c->zStartOn, stmt_text(s, 13));
  text_copy(c->zEndOn, sizeof c->zEndOn, stmt_text(s, 14));
  c->rampNumber = 1;
}

/* The cycle before cycle id in its ramp (0 for none). */
static long long previous_cycle(struct db *db, long long id){
  struct stmt *s = db_prepare(db, "SELECT COALESCE(previous_id,0) FROM qi_pdsa WHERE id=?1");
  stmt_bind_int(s, 1, id);
  return domain_first_int(s, 0);
}

/* The position of cycle id in its ramp: 1 + the number of cycles before it. */
static int ramp_number(struct db *db, long long id){
  int n = 1;
  long long cur = id;
  while( n<QI_PDSA_RAMP_MAX ){
    long long prev = previous_cycle(db, cur);
    if( prev<=0 || prev==id ) break;
    cur = prev;
    n++;
  }
  return n;
}

/* Load cycle id with its ramp number, no access check. */
static bool pdsa_load(struct db *db, long long id, struct qi_pdsa *c){
  struct stmt *s = db_prepare(db, "SELECT " PDSA_COLS PDSA_FROM " WHERE c.id=?1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) pdsa_from_row(s, c);
  stmt_done(s);
  if( b ) c->rampNumber = ramp_number(db, id);
  return b;
}

bool qi_pdsa_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                         struct qi_pdsa *c, struct qi_project *pProject){
  return pdsa_load(db, id, c) && qi_project_visible(db, u, c->projectId, zToday, pProject);
}

int qi_pdsa_list(struct db *db, long long projectId, qi_pdsa_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "WITH RECURSIVE ramp(id, n) AS ("
    "  SELECT id, 1 FROM qi_pdsa WHERE project_id=?1 AND previous_id IS NULL"
    "  UNION ALL"
    "  SELECT q.id, r.n+1 FROM qi_pdsa q JOIN ramp r ON q.previous_id=r.id WHERE r.n<10000)"
    "SELECT " PDSA_COLS ", COALESCE((SELECT max(n) FROM ramp WHERE ramp.id=c.id),1)" PDSA_FROM
    " WHERE c.project_id=?1 ORDER BY c.start_on, c.id");
  stmt_bind_int(s, 1, projectId);
  struct qi_pdsa *c = xmalloc(sizeof *c);
  int n = 0;
  while( stmt_step(s)==1 ){
    pdsa_from_row(s, c);
    c->rampNumber = (int)stmt_int(s, 15);
    x(pCtx, c);
    n++;
  }
  stmt_done(s);
  free(c);
  return n;
}

static const char *const azAct[] = { "adopt", "adapt", "abandon" };

/* Validate a PDSA form for project projectId; selfId is the cycle being
** changed (0 for a new one). The change idea and previous cycle into
** *pChange and *pPrevious (0 for none). */
static void pdsa_validate(struct db *db, long long projectId, long long selfId,
                          const struct qi_pdsa_input *in, long long *pChange, long long *pPrevious,
                          struct field_errors *e){
  long long change = 0, prev = 0;
  if( text_blank(in->zChangeId) ){
    field_errors_add(e, "change", "pdsa.error.change_required");
  }else{
    bool bOk = domain_parse_id(in->zChangeId, &change) && change>0;
    if( bOk ){
      struct stmt *s = db_prepare(db,
        "SELECT 1 FROM qi_driver WHERE id=?1 AND project_id=?2 AND kind='change'");
      stmt_bind_int(s, 1, change);
      stmt_bind_int(s, 2, projectId);
      bOk = domain_has_row(s);
    }
    if( !bOk ){ field_errors_add(e, "change", "pdsa.error.change_invalid"); change = 0; }
  }
  domain_check_text(e, "title", in->zTitle, true, QI_TITLE_MAX, false, "pdsa.error.title_required",
                "pdsa.error.title_too_long", "pdsa.error.bad_characters");
  domain_check_text(e, "plan", in->zPlan, true, QI_TEXT_MAX, true, "pdsa.error.plan_required",
                "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  domain_check_text(e, "prediction", in->zPrediction, true, QI_TEXT_MAX, true, "pdsa.error.prediction_required",
                "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  domain_check_text(e, "data_plan", in->zDataPlan, true, QI_TEXT_MAX, true, "pdsa.error.data_plan_required",
                "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  domain_check_text(e, "do", in->zDo, false, QI_TEXT_MAX, true, 0, "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  domain_check_text(e, "study", in->zStudy, false, QI_TEXT_MAX, true, 0, "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  if( !text_blank(in->zAct) ){
    if( !qi_one_of(in->zAct, azAct, 3) ) field_errors_add(e, "act", "pdsa.error.act_invalid");
    else if( text_blank(in->zStudy) ) field_errors_add(e, "act", "pdsa.error.act_needs_study");
  }
  domain_check_text(e, "act_text", in->zActText, false, QI_TEXT_MAX, true, 0, "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  bool bStart = false;
  if( text_blank(in->zStartOn) ) field_errors_add(e, "start_on", "pdsa.error.start_on_required");
  else if( !text_is_date(in->zStartOn) ) field_errors_add(e, "start_on", "pdsa.error.date_invalid");
  else bStart = true;
  if( !text_blank(in->zEndOn) ){
    if( !text_is_date(in->zEndOn) ) field_errors_add(e, "end_on", "pdsa.error.date_invalid");
    else if( bStart && strcmp(in->zEndOn, in->zStartOn)<0 ) field_errors_add(e, "end_on", "pdsa.error.end_before_start");
  }
  /* The previous cycle: same project, same change idea, started on or
  ** before this one, and not this one or a cycle that builds on it. */
  if( !domain_parse_id(in->zPreviousId, &prev) ){
    field_errors_add(e, "previous", "pdsa.error.previous_invalid");
  }else if( prev>0 ){
    struct stmt *s = db_prepare(db, "SELECT change_id, start_on FROM qi_pdsa WHERE id=?1 AND project_id=?2");
    stmt_bind_int(s, 1, prev);
    stmt_bind_int(s, 2, projectId);
    bool bFound = stmt_step(s)==1;
    long long prevChange = bFound ? stmt_int(s, 0) : 0;
    char zPrevStart[11] = "";
    if( bFound ) text_copy(zPrevStart, sizeof zPrevStart, stmt_text(s, 1));
    stmt_done(s);
    bool bLoop = false;
    if( bFound && selfId>0 ){
      long long cur = prev;
      for(int k=0; k<QI_PDSA_RAMP_MAX && cur>0; k++){
        if( cur==selfId ){ bLoop = true; break; }
        cur = previous_cycle(db, cur);
      }
    }
    if( !bFound || bLoop || (change>0 && prevChange!=change) ){
      field_errors_add(e, "previous", "pdsa.error.previous_invalid");
    }else if( bStart && strcmp(zPrevStart, in->zStartOn)>0 ){
      field_errors_add(e, "previous", "pdsa.error.previous_later");
    }
  }
  /* Cycles that build on this one keep their change idea and start later. */
  if( selfId>0 ){
    struct stmt *s = db_prepare(db,
      "SELECT count(*), COALESCE(sum(CASE WHEN change_id<>?2 THEN 1 ELSE 0 END),0),"
      "       COALESCE(sum(CASE WHEN start_on<?3 THEN 1 ELSE 0 END),0)"
      "  FROM qi_pdsa WHERE previous_id=?1");
    stmt_bind_int(s, 1, selfId);
    stmt_bind_int(s, 2, change);
    stmt_bind_text(s, 3, bStart ? in->zStartOn : "");
    if( stmt_step(s)==1 && stmt_int(s, 0)>0 ){
      if( change>0 && stmt_int(s, 1)>0 ) field_errors_add(e, "change", "pdsa.error.change_in_ramp");
      if( bStart && stmt_int(s, 2)>0 ) field_errors_add(e, "start_on", "pdsa.error.start_after_next");
    }
    stmt_done(s);
  }
  *pChange = change;
  *pPrevious = prev;
}

static void pdsa_json(struct buf *b, const struct qi_pdsa *c){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "change", c->zChangeText);
  if( c->previousId ) json_kv_int(b, &bFirst, "previous", c->previousId);
  json_kv_str(b, &bFirst, "title", c->zTitle);
  json_kv_str(b, &bFirst, "plan", c->zPlan);
  json_kv_str(b, &bFirst, "prediction", c->zPrediction);
  json_kv_str(b, &bFirst, "data_plan", c->zDataPlan);
  json_kv_str(b, &bFirst, "do", c->zDo);
  json_kv_str(b, &bFirst, "study", c->zStudy);
  json_kv_str(b, &bFirst, "act", c->zAct);
  json_kv_str(b, &bFirst, "act_text", c->zActText);
  json_kv_str(b, &bFirst, "start_on", c->zStartOn);
  json_kv_str(b, &bFirst, "end_on", c->zEndOn);
  buf_putc(b, '}');
}

/* Bind the parameters the INSERT and the UPDATE share: ?1 the project
** (new cycle) or the cycle, ?2..?13 the form, ?14 the time. */
static void pdsa_bind(struct stmt *s, long long key, long long change, long long prev,
                      const struct qi_pdsa_input *in){
  stmt_bind_int(s, 1, key);
  stmt_bind_int(s, 2, change);
  if( prev>0 ) stmt_bind_int(s, 3, prev); else stmt_bind_null(s, 3);
  const char *const azText[] = { in->zTitle, in->zPlan, in->zPrediction, in->zDataPlan };
  for(int i=0; i<4; i++) stmt_bind_text(s, 4+i, azText[i]);
  const char *const azOptional[] = { in->zDo, in->zStudy, in->zAct, in->zActText };
  for(int i=0; i<4; i++) stmt_bind_text(s, 8+i, qi_nonblank(azOptional[i]));
  stmt_bind_text(s, 12, in->zStartOn);
  stmt_bind_text(s, 13, qi_nonblank(in->zEndOn));
  stmt_bind_int(s, 14, (long long)time(0));
}

/* Load cycle id as written and audit it (zAction) against *pOld (NULL
** for a new cycle; freed). Inside the write transaction. */
static bool pdsa_audit(struct db *db, const struct user *u, const char *zAction, long long id,
                       long long unitId, struct buf *pOld){
  struct qi_pdsa *c = xmalloc(sizeof *c);
  bool ok = pdsa_load(db, id, c);
  struct buf bNew = {0};
  if( ok ) pdsa_json(&bNew, c);
  free(c);
  if( ok ) return domain_audit(db, u, zAction, "qi_pdsa", id, unitId, pOld, &bNew);
  if( pOld ) buf_free(pOld);
  return false;
}

long long qi_pdsa_create(struct db *db, const struct user *u, long long projectId,
                         const struct qi_pdsa_input *in, const char *zToday, struct field_errors *e){
  long long unitId = 0;
  /* The project, the change idea and the previous cycle are read inside
  ** the write transaction (see qi_pdsa_update). */
  if( !qi_begin(db, e, "title") ) return 0;
  if( !qi_project_writable(db, u, projectId, zToday, &unitId) ){
    return field_errors_refuse_in_tx(db, e, "title", "qi.error.not_saved");
  }
  long long change = 0, prev = 0;
  pdsa_validate(db, projectId, 0, in, &change, &prev, e);
  if( !field_errors_checked_in_tx(db, e, 0, "title", "qi.error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db,
    "INSERT INTO qi_pdsa(project_id,change_id,previous_id,title,plan,prediction,data_plan,do_text,"
    " study_text,act,act_text,start_on,end_on,created_at,updated_at)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?14) RETURNING id");
  pdsa_bind(s, projectId, change, prev, in);
  long long id = domain_first_int(s, 0);
  bool ok = id>0 && pdsa_audit(db, u, "create", id, unitId, 0);
  return qi_commit(db, ok, e, "title") ? id : 0;
}

long long qi_pdsa_update(struct db *db, const struct user *u, long long pdsaId,
                         const struct qi_pdsa_input *in, const char *zToday, struct field_errors *e){
  struct qi_pdsa *old = xmalloc(sizeof *old);
  long long unitId = 0, rc = 0;
  /* The cycle and everything its checks read (the change idea, the ramp
  ** before and after it) are read inside the write transaction: they
  ** still hold when it is written, and a read that fails refuses. */
  if( !qi_begin(db, e, "title") ) goto done;
  if( !pdsa_load(db, pdsaId, old) || !qi_project_writable(db, u, old->projectId, zToday, &unitId) ){
    rc = field_errors_refuse_in_tx(db, e, "title", "qi.error.not_saved");
    goto done;
  }
  long long change = 0, prev = 0;
  pdsa_validate(db, old->projectId, pdsaId, in, &change, &prev, e);
  if( !field_errors_checked_in_tx(db, e, 0, "title", "qi.error.not_saved") ) goto done;
  struct stmt *s = db_prepare(db,
    "UPDATE qi_pdsa SET change_id=?2, previous_id=?3, title=?4, plan=?5, prediction=?6, data_plan=?7,"
    " do_text=?8, study_text=?9, act=?10, act_text=?11, start_on=?12, end_on=?13, updated_at=?14"
    " WHERE id=?1");
  pdsa_bind(s, pdsaId, change, prev, in);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0};
    pdsa_json(&bOld, old);
    ok = pdsa_audit(db, u, "update", pdsaId, unitId, &bOld);
  }
  if( qi_commit(db, ok, e, "title") ) rc = pdsaId;
done:
  free(old);
  return rc;
}
