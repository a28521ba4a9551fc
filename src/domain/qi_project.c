/* Quality improvement projects: the Model for Improvement's questions,
** STEEEP, the team, and who may change a project (see qi.h). */
#include "domain/qi_internal.h"
#include "util/json.h"
#include "util/text.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const qi_steeep_code[6] = {
  "safe", "timely", "effective", "efficient", "equitable", "person_centred"
};

#define PROJECT_COLS \
  "p.id, p.unit_id, u.slug, u.name, p.title, p.aim, p.measures_question, p.changes_question," \
  " p.steeep, COALESCE(p.team_others,''), p.start_on, p.status, p.updated_at, u.name_cy" \
  " FROM qi_project p JOIN unit u ON u.id=p.unit_id"

static void project_from_row(struct stmt *s, struct qi_project *p){
  p->id = stmt_int(s, 0);
  p->unitId = stmt_int(s, 1);
  text_copy(p->zUnitSlug, sizeof p->zUnitSlug, stmt_text(s, 2));
  text_copy(p->zUnitName, sizeof p->zUnitName, stmt_text(s, 3));
  text_copy(p->zTitle, sizeof p->zTitle, stmt_text(s, 4));
  text_copy(p->zAim, sizeof p->zAim, stmt_text(s, 5));
  text_copy(p->zMeasuresQuestion, sizeof p->zMeasuresQuestion, stmt_text(s, 6));
  text_copy(p->zChangesQuestion, sizeof p->zChangesQuestion, stmt_text(s, 7));
  p->steeep = (int)stmt_int(s, 8);
  text_copy(p->zTeamOthers, sizeof p->zTeamOthers, stmt_text(s, 9));
  text_copy(p->zStartOn, sizeof p->zStartOn, stmt_text(s, 10));
  text_copy(p->zStatus, sizeof p->zStatus, stmt_text(s, 11));
  p->updatedAt = stmt_int(s, 12);
  text_copy(p->zUnitNameCy, sizeof p->zUnitNameCy, stmt_text(s, 13));
  p->bCanWrite = false;
}

bool qi_project_load(struct db *db, long long id, struct qi_project *p){
  struct stmt *s = db_prepare(db, "SELECT " PROJECT_COLS " WHERE p.id=?1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) project_from_row(s, p);
  stmt_done(s);
  return b;
}

/* True if u's person is on project projectId's team (and u is enabled). */
static bool on_team(struct db *db, const struct user *u, long long projectId){
  struct stmt *s = db_prepare(db,
    "SELECT 1 FROM app_user a JOIN qi_team t ON t.person_id=a.person_id"
    " WHERE a.id=?1 AND t.project_id=?2 AND a.disabled=0");
  stmt_bind_int(s, 1, u->id);
  stmt_bind_int(s, 2, projectId);
  return domain_has_row(s);
}

bool qi_can_write(struct db *db, const struct user *u, const struct qi_project *p, const char *zToday){
  if( !u || u->id<=0 || !p ) return false;
  if( u->role==ROLE_NATIONAL ) return false;
  if( access_can_write(db, u, p->unitId, zToday) ) return true;
  return access_can_read(db, u, p->unitId, zToday) && on_team(db, u, p->id);
}

bool qi_project_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                            struct qi_project *p){
  if( !qi_project_load(db, id, p) ) return false;
  if( !access_can_read(db, u, p->unitId, zToday) ) return false;
  p->bCanWrite = qi_can_write(db, u, p, zToday);
  return true;
}

bool qi_project_writable(struct db *db, const struct user *u, long long projectId, const char *zToday,
                         long long *pUnitId){
  struct qi_project *p = xmalloc(sizeof *p);
  bool b = qi_project_load(db, projectId, p) && qi_can_write(db, u, p, zToday);
  if( b ) *pUnitId = p->unitId;
  free(p);
  return b;
}

bool qi_project_visible(struct db *db, const struct user *u, long long projectId, const char *zToday,
                        struct qi_project *pProject){
  struct qi_project *p = pProject ? pProject : xmalloc(sizeof *p);
  bool b = qi_project_get_visible(db, u, projectId, zToday, p);
  if( !pProject ) free(p);
  return b;
}

int qi_project_list(struct db *db, long long unitId, qi_project_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " PROJECT_COLS " WHERE p.unit_id=?1 ORDER BY p.start_on DESC, p.id DESC");
  stmt_bind_int(s, 1, unitId);
  struct qi_project *p = xmalloc(sizeof *p);
  int n = 0;
  while( stmt_step(s)==1 ){
    project_from_row(s, p);
    x(pCtx, p);
    n++;
  }
  stmt_done(s);
  free(p);
  return n;
}

int qi_team_list(struct db *db, long long projectId, qi_person_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT p.id, p.name FROM qi_team t JOIN person p ON p.id=t.person_id"
    " WHERE t.project_id=?1 ORDER BY p.name, p.id");
  stmt_bind_int(s, 1, projectId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1));
    n++;
  }
  stmt_done(s);
  return n;
}

static const char *const azProjectStatus[] = { "active", "paused", "completed", "stopped" };

/* Validate a project form for unit unitId; the team, deduplicated, into
** aTeam (room for QI_TEAM_MAX). */
static void project_validate(struct db *db, long long unitId, const struct qi_project_input *in,
                             const char *zToday, long long *aTeam, int *pnTeam,
                             struct field_errors *e){
  domain_check_text(e, "title", in->zTitle, true, QI_TITLE_MAX, false, "qi.error.title_required",
                "qi.error.title_too_long", "qi.error.bad_characters");
  domain_check_text(e, "aim", in->zAim, true, QI_TEXT_MAX, true, "qi.error.aim_required",
                "qi.error.text_too_long", "qi.error.bad_characters");
  domain_check_text(e, "measures_question", in->zMeasuresQuestion, true, QI_TEXT_MAX, true,
                "qi.error.measures_question_required", "qi.error.text_too_long", "qi.error.bad_characters");
  domain_check_text(e, "changes_question", in->zChangesQuestion, true, QI_TEXT_MAX, true,
                "qi.error.changes_question_required", "qi.error.text_too_long", "qi.error.bad_characters");
  if( in->steeep<=0 || (in->steeep & ~QI_STEEEP__ALL) ) field_errors_add(e, "steeep", "qi.error.steeep_required");
  int n = 0;
  bool bTeamOk = in->nTeam>=0 && in->nTeam<=QI_TEAM_MAX && (in->nTeam==0 || in->aTeam);
  for(int i=0; bTeamOk && i<in->nTeam; i++){
    long long id = in->aTeam[i];
    bool bDup = false;
    for(int k=0; k<n; k++) if( aTeam[k]==id ) bDup = true;
    if( bDup ) continue;
    if( id<=0 || !member_on_date(db, unitId, id, zToday) ){ bTeamOk = false; break; }
    aTeam[n++] = id;
  }
  if( !bTeamOk ) field_errors_add(e, "team", "qi.error.team_not_member");
  *pnTeam = n;
  domain_check_text(e, "team_others", in->zTeamOthers, false, QI_TEXT_MAX, true, 0,
                "qi.error.text_too_long", "qi.error.bad_characters");
  if( text_blank(in->zStartOn) ) field_errors_add(e, "start_on", "qi.error.start_on_required");
  else if( !text_is_date(in->zStartOn) ) field_errors_add(e, "start_on", "qi.error.date_invalid");
  if( !text_blank(in->zStatus) && !qi_one_of(in->zStatus, azProjectStatus, 4) ){
    field_errors_add(e, "status", "qi.error.status_invalid");
  }
}

/* True if aTeam[0..nTeam) (distinct ids) is not exactly project
** projectId's team. */
static bool team_differs(struct db *db, long long projectId, const long long *aTeam, int nTeam){
  struct stmt *s = db_prepare(db, "SELECT person_id FROM qi_team WHERE project_id=?1");
  stmt_bind_int(s, 1, projectId);
  int nSame = 0, nNow = 0;
  while( stmt_step(s)==1 ){
    long long id = stmt_int(s, 0);
    nNow++;
    for(int i=0; i<nTeam; i++) if( aTeam[i]==id ){ nSame++; break; }
  }
  stmt_done(s);
  return nNow!=nTeam || nSame!=nTeam;
}

static void collect_name(void *pCtx, long long id, const char *zName){
  (void)id;
  struct buf *b = pCtx;
  if( b->n ) buf_puts(b, ", ");
  buf_puts(b, zName);
}

/* Project p as audit JSON, with its team as it stands in the database. */
static void project_json(struct db *db, struct buf *b, const struct qi_project *p){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "title", p->zTitle);
  json_kv_str(b, &bFirst, "aim", p->zAim);
  json_kv_str(b, &bFirst, "measures_question", p->zMeasuresQuestion);
  json_kv_str(b, &bFirst, "changes_question", p->zChangesQuestion);
  struct buf st = {0};
  for(int i=0; i<6; i++){
    if( p->steeep & (1<<i) ){ if( st.n ) buf_putc(&st, ','); buf_puts(&st, qi_steeep_code[i]); }
  }
  json_kv_str(b, &bFirst, "steeep", buf_cstr(&st));
  buf_free(&st);
  struct buf team = {0};
  qi_team_list(db, p->id, collect_name, &team);
  json_kv_str(b, &bFirst, "team", buf_cstr(&team));
  buf_free(&team);
  json_kv_str(b, &bFirst, "team_others", p->zTeamOthers);
  json_kv_str(b, &bFirst, "start_on", p->zStartOn);
  json_kv_str(b, &bFirst, "status", p->zStatus);
  buf_putc(b, '}');
}

static bool team_write(struct db *db, long long projectId, const long long *aTeam, int nTeam){
  struct stmt *s = db_prepare(db, "DELETE FROM qi_team WHERE project_id=?1");
  stmt_bind_int(s, 1, projectId);
  if( !stmt_exec(s) ) return false;
  for(int i=0; i<nTeam; i++){
    s = db_prepare(db, "INSERT INTO qi_team(project_id,person_id) VALUES(?1,?2)");
    stmt_bind_int(s, 1, projectId);
    stmt_bind_int(s, 2, aTeam[i]);
    if( !stmt_exec(s) ) return false;
  }
  return true;
}

/* Bind the parameters PROJECT_INSERT and PROJECT_UPDATE share: ?1 the
** unit (new project) or the project, ?2..?9 the form, ?10 the time. */
static void project_bind(struct stmt *s, long long key, const struct qi_project_input *in){
  stmt_bind_int(s, 1, key);
  stmt_bind_text(s, 2, in->zTitle);
  stmt_bind_text(s, 3, in->zAim);
  stmt_bind_text(s, 4, in->zMeasuresQuestion);
  stmt_bind_text(s, 5, in->zChangesQuestion);
  stmt_bind_int(s, 6, in->steeep);
  stmt_bind_text(s, 7, qi_nonblank(in->zTeamOthers));
  stmt_bind_text(s, 8, in->zStartOn);
  stmt_bind_text(s, 9, text_blank(in->zStatus) ? "active" : in->zStatus);
  stmt_bind_int(s, 10, (long long)time(0));
}

/* Load project id as written and audit it (zAction) against *pOld (NULL
** for a new project; freed). Inside the write transaction. */
static bool project_audit(struct db *db, const struct user *u, const char *zAction, long long id,
                          long long unitId, struct buf *pOld){
  struct qi_project *p = xmalloc(sizeof *p);
  bool ok = qi_project_load(db, id, p);
  struct buf bNew = {0};
  if( ok ) project_json(db, &bNew, p);
  free(p);
  if( ok ) return domain_audit(db, u, zAction, "qi_project", id, unitId, pOld, &bNew);
  if( pOld ) buf_free(pOld);
  return false;
}

static const char *const azProjectUnitKind[] = { "cluster", "collaborative" };

long long qi_project_create(struct db *db, const struct user *u, long long unitId,
                            const struct qi_project_input *in, const char *zToday,
                            struct field_errors *e){
  if( !u || u->role==ROLE_NATIONAL || !access_can_write(db, u, unitId, zToday) ) return -1;
  struct stmt *s = db_prepare(db, "SELECT kind FROM unit WHERE id=?1");
  stmt_bind_int(s, 1, unitId);
  char zKind[20] = "";
  if( !domain_first_text(s, zKind, sizeof zKind) ) return -1;
  if( !qi_one_of(zKind, azProjectUnitKind, 2) ){
    field_errors_add(e, "unit", "qi.error.unit_kind");
    return 0;
  }
  long long aTeam[QI_TEAM_MAX];
  int nTeam = 0;
  project_validate(db, unitId, in, zToday, aTeam, &nTeam, e);
  if( e->n || !qi_begin(db, e, "title") ) return 0;
  s = db_prepare(db,
    "INSERT INTO qi_project(unit_id,title,aim,measures_question,changes_question,steeep,team_others,"
    " start_on,status,created_at,updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10) RETURNING id");
  project_bind(s, unitId, in);
  long long id = domain_first_int(s, 0);
  bool ok = id>0 && team_write(db, id, aTeam, nTeam)
         && project_audit(db, u, "create", id, unitId, 0);
  return qi_commit(db, ok, e, "title") ? id : 0;
}

long long qi_project_update(struct db *db, const struct user *u, long long projectId,
                            const struct qi_project_input *in, const char *zToday,
                            struct field_errors *e){
  struct qi_project *old = xmalloc(sizeof *old);
  long long rc = -1;
  if( !qi_project_load(db, projectId, old) || !qi_can_write(db, u, old, zToday) ) goto done;
  rc = 0;
  long long aTeam[QI_TEAM_MAX];
  int nTeam = 0;
  project_validate(db, old->unitId, in, zToday, aTeam, &nTeam, e);
  /* Being on the team is leave to change the project, so only those who
  ** may write its unit choose the team: a team member may not hand that
  ** leave to others. (team_others names people outside the unit and
  ** gives no leave: the team may keep it up to date.) */
  if( !field_errors_get(e, "team") && !access_can_write(db, u, old->unitId, zToday)
   && team_differs(db, projectId, aTeam, nTeam) ){
    field_errors_add(e, "team", "qi.error.team_writers_only");
  }
  if( e->n || !qi_begin(db, e, "title") ) goto done;
  struct buf bOld = {0};
  project_json(db, &bOld, old);   /* before the team changes */
  struct stmt *s = db_prepare(db,
    "UPDATE qi_project SET title=?2, aim=?3, measures_question=?4, changes_question=?5, steeep=?6,"
    " team_others=?7, start_on=?8, status=?9, updated_at=?10 WHERE id=?1");
  project_bind(s, projectId, in);
  bool ok = stmt_exec(s) && team_write(db, projectId, aTeam, nTeam);
  if( ok ) ok = project_audit(db, u, "update", projectId, old->unitId, &bOld);
  else buf_free(&bOld);
  if( qi_commit(db, ok, e, "title") ) rc = projectId;
done:
  free(old);
  return rc;
}
