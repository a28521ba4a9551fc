/* Quality improvement: projects, driver diagrams, PDSA cycles, measures
** and their data (see qi.h). */
#include "domain/qi.h"
#include "domain/audit.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/text.h"
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const qi_steeep_code[6] = {
  "safe", "timely", "effective", "efficient", "equitable", "person_centred"
};


/* ---- small helpers ----------------------------------------------------------- */

static double col_double(struct stmt *s, int i){ return stmt_double(s, i); }

static void fmt_double(double v, char zOut[40]){
  snprintf(zOut, 40, "%.17g", v);
}

static bool one_of(const char *z, const char *const *az, int n){
  for(int i=0; z && i<n; i++) if( strcmp(z, az[i])==0 ) return true;
  return false;
}

static const char *nonblank(const char *z){ return text_blank(z) ? 0 : z; }

/* Check a text field: required or not, at most nMax characters, clean
** UTF-8 (one line unless bMultiline). */
static void check_text(struct field_errors *e, const char *zField, const char *z, bool bRequired,
                       size_t nMax, bool bMultiline, const char *zRequiredKey,
                       const char *zTooLongKey, const char *zBadKey){
  if( text_blank(z) ){
    if( bRequired ) field_errors_add(e, zField, zRequiredKey);
    return;
  }
  if( !text_is_clean_utf8(z, bMultiline) ) field_errors_add(e, zField, zBadKey);
  else if( text_utf8_chars(z)>nMax ) field_errors_add(e, zField, zTooLongKey);
}

/* An id typed in a form: "" gives 0 (none); false for anything else
** that is not a positive integer. */
static bool parse_id(const char *z, long long *pId){
  *pId = 0;
  if( text_blank(z) ) return true;
  return text_to_int(z, 1, (long long)1<<53, pId);
}

/* Commit, or roll back and add the not-saved error. */
static bool finish(struct db *db, bool ok, struct field_errors *e, const char *zField){
  if( ok && db_commit(db) ) return true;
  db_rollback(db);
  if( e ) field_errors_add(e, zField, "qi.error.not_saved");
  return false;
}

static bool begin(struct db *db, struct field_errors *e, const char *zField){
  if( db_begin(db) ) return true;
  if( e ) field_errors_add(e, zField, "qi.error.not_saved");
  return false;
}

/* Statements, bound by the caller; each of these finishes s. */
/* True if s returns a row. */
static bool has_row(struct stmt *s){
  bool b = stmt_step(s)==1;
  stmt_done(s);
  return b;
}
/* The first column of s's row as an integer; dflt when there is no row. */
static long long first_int(struct stmt *s, long long dflt){
  long long v = stmt_step(s)==1 ? stmt_int(s, 0) : dflt;
  stmt_done(s);
  return v;
}
/* The first column of s's row as text into zOut of n bytes (untouched
** when there is no row); true if there was a row. */
static bool first_text(struct stmt *s, char *zOut, size_t n){
  bool b = stmt_step(s)==1;
  if( b ) text_copy(zOut, n, stmt_text(s, 0));
  stmt_done(s);
  return b;
}
/* Fill the record *pRec from the row s stands on. */
typedef void (*row_fn)(struct stmt *, void *pRec);
/* Step s: true with the next row in *pRec, else false (s finished). */
static bool next_row(struct stmt *s, row_fn xRow, void *pRec){
  if( stmt_step(s)==1 ){ xRow(s, pRec); return true; }
  stmt_done(s);
  return false;
}
/* The first row of s into *pRec; false if none. */
static bool one_row(struct stmt *s, row_fn xRow, void *pRec){
  if( !next_row(s, xRow, pRec) ) return false;
  stmt_done(s);
  return true;
}
/* Run s, the INSERT ... RETURNING id of a new record (id 0) or the
** UPDATE of record id: the record's id, 0 when it failed. */
static long long run_write(struct stmt *s, long long id){
  if( id==0 ) return first_int(s, 0);
  return stmt_exec(s) ? id : 0;
}

/* One audit entry whose old and new states are the JSON in *pOld and
** *pNew (NULL: none); frees both. */
static bool audit_bufs(struct db *db, const struct user *u, const char *zAction, const char *zEntity,
                       long long id, long long unitId, struct buf *pOld, struct buf *pNew){
  bool ok = audit_record(db, u, zAction, zEntity, id, unitId, pOld ? buf_cstr(pOld) : 0,
                         pNew ? buf_cstr(pNew) : 0);
  if( pOld ) buf_free(pOld);
  if( pNew ) buf_free(pNew);
  return ok;
}

/* What the writers share about a kind of record: its audit entity, the
** form field that takes a database failure, its size, where its project's
** id is, how to load one and how to write it as audit JSON. */
struct record_kind {
  const char *zEntity, *zField;
  size_t nSize, offProject;
  bool (*xGet)(struct db *, long long id, void *pRec);
  void (*xJson)(struct db *, struct buf *, const void *pRec);
};

/* The end of every create (pOld NULL) and update of a record of kind k,
** in its transaction: id is the record written (0: the write failed).
** Loads it as written, audits it against *pOld (its JSON before, freed)
** and commits. Returns id, or 0 with the not-saved error (rolled back). */
static long long audit_commit(struct db *db, const struct user *u, const struct record_kind *k,
                              long long id, long long unitId, struct buf *pOld, struct field_errors *e){
  void *pNew = xmalloc(k->nSize);
  bool ok = id>0 && k->xGet(db, id, pNew);
  if( ok ){
    struct buf bNew = {0};
    k->xJson(db, &bNew, pNew);
    ok = audit_bufs(db, u, pOld ? "update" : "create", k->zEntity, id, unitId, pOld, &bNew);
  }
  if( pOld ) buf_free(pOld);
  free(pNew);
  return finish(db, ok, e, k->zField) ? id : 0;
}

/* ---- projects ------------------------------------------------------------------ */

#define PROJECT_COLS \
  "p.id, p.unit_id, u.slug, u.name, p.title, p.aim, p.measures_question, p.changes_question," \
  " p.steeep, COALESCE(p.team_others,''), p.start_on, p.status, p.updated_at" \
  " FROM qi_project p JOIN unit u ON u.id=p.unit_id"

static void project_from_row(struct stmt *s, void *pRec){
  struct qi_project *p = pRec;
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
  p->bCanWrite = false;
}

static bool project_get(struct db *db, long long id, void *p){
  struct stmt *s = db_prepare(db, "SELECT " PROJECT_COLS " WHERE p.id=?1");
  stmt_bind_int(s, 1, id);
  return one_row(s, project_from_row, p);
}

bool qi_can_write(struct db *db, const struct user *u, const struct qi_project *p, const char *zToday){
  if( !u || u->id<=0 || !p ) return false;
  if( u->role==ROLE_NATIONAL ) return false;
  if( access_can_write(db, u, p->unitId, zToday) ) return true;
  if( !access_can_read(db, u, p->unitId, zToday) ) return false;
  struct stmt *s = db_prepare(db,
    "SELECT 1 FROM app_user a JOIN qi_team t ON t.person_id=a.person_id"
    " WHERE a.id=?1 AND t.project_id=?2 AND a.disabled=0");
  stmt_bind_int(s, 1, u->id);
  stmt_bind_int(s, 2, p->id);
  return has_row(s);
}

bool qi_project_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                            struct qi_project *p){
  if( !project_get(db, id, p) ) return false;
  if( !access_can_read(db, u, p->unitId, zToday) ) return false;
  p->bCanWrite = qi_can_write(db, u, p, zToday);
  return true;
}

int qi_project_list(struct db *db, long long unitId, qi_project_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " PROJECT_COLS " WHERE p.unit_id=?1 ORDER BY p.start_on DESC, p.id DESC");
  stmt_bind_int(s, 1, unitId);
  struct qi_project *p = xmalloc(sizeof *p);
  int n = 0;
  for(; next_row(s, project_from_row, p); n++) x(pCtx, p);
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

static bool is_current_member(struct db *db, long long unitId, long long personId, const char *zDate){
  struct stmt *s = db_prepare(db,
    "SELECT 1 FROM membership WHERE unit_id=?1 AND person_id=?2"
    "   AND valid_from<=?3 AND (valid_to IS NULL OR valid_to>=?3)");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, personId);
  stmt_bind_text(s, 3, zDate);
  return has_row(s);
}

/* Load the project projectId, check pUser may change it, and give its unit. */
static bool project_unit_for_write(struct db *db, const struct user *u, long long projectId,
                                   const char *zToday, long long *pUnitId){
  struct qi_project *p = xmalloc(sizeof *p);
  bool b = project_get(db, projectId, p) && qi_can_write(db, u, p, zToday);
  if( b ) *pUnitId = p->unitId;
  free(p);
  return b;
}

/* Load record id of kind k (freed by the caller) if pUser may change its
** project, whose unit goes into *pUnitId; else NULL. */
static void *record_for_write(struct db *db, const struct user *u, const struct record_kind *k,
                              long long id, const char *zToday, long long *pUnitId){
  void *pRec = xmalloc(k->nSize);
  if( k->xGet(db, id, pRec) ){
    long long projectId;
    memcpy(&projectId, (const char*)pRec + k->offProject, sizeof projectId);
    if( project_unit_for_write(db, u, projectId, zToday, pUnitId) ) return pRec;
  }
  free(pRec);
  return 0;
}

/* Validate and write a record of kind k: a new one of project or unit
** parentId (pOld NULL), or a change to *pOld. Its kind's writer: see
** record_create and record_update. */
typedef long long (*save_fn)(struct db *, const struct user *, long long unitId, long long parentId,
                             const void *pOld, const void *pIn, const char *zToday,
                             struct field_errors *);

/* A new record of project projectId: -1 when pUser may not change it. */
static long long record_create(struct db *db, const struct user *u, save_fn xSave, long long projectId,
                               const void *pIn, const char *zToday, struct field_errors *e){
  long long unitId = 0;
  if( !project_unit_for_write(db, u, projectId, zToday, &unitId) ) return -1;
  return xSave(db, u, unitId, projectId, 0, pIn, zToday, e);
}

/* A change to record id of kind k: -1 when there is none or pUser may not change it. */
static long long record_update(struct db *db, const struct user *u, const struct record_kind *k,
                               save_fn xSave, long long id, const void *pIn, const char *zToday,
                               struct field_errors *e){
  long long unitId = 0;
  void *pOld = record_for_write(db, u, k, id, zToday, &unitId);
  if( !pOld ) return -1;
  long long rc = xSave(db, u, unitId, 0, pOld, pIn, zToday, e);
  free(pOld);
  return rc;
}

#define QI_TEAM_MAX 100

static const char *const azProjectStatus[] = { "active", "paused", "completed", "stopped" };

/* Validate a project form; the team, deduplicated, into aTeam (QI_TEAM_MAX). */
static void project_validate(struct db *db, long long unitId, const struct qi_project_input *in,
                             const char *zToday, long long *aTeam, int *pnTeam,
                             struct field_errors *e){
  check_text(e, "title", in->zTitle, true, QI_TITLE_MAX, false, "qi.error.title_required",
             "qi.error.title_too_long", "qi.error.bad_characters");
  check_text(e, "aim", in->zAim, true, QI_TEXT_MAX, true, "qi.error.aim_required",
             "qi.error.text_too_long", "qi.error.bad_characters");
  check_text(e, "measures_question", in->zMeasuresQuestion, true, QI_TEXT_MAX, true,
             "qi.error.measures_question_required", "qi.error.text_too_long", "qi.error.bad_characters");
  check_text(e, "changes_question", in->zChangesQuestion, true, QI_TEXT_MAX, true,
             "qi.error.changes_question_required", "qi.error.text_too_long", "qi.error.bad_characters");
  if( in->steeep<=0 || (in->steeep & ~QI_STEEEP__ALL) ) field_errors_add(e, "steeep", "qi.error.steeep_required");
  int n = 0;
  bool bTeamOk = in->nTeam>=0 && in->nTeam<=QI_TEAM_MAX && (in->nTeam==0 || in->aTeam);
  for(int i=0; bTeamOk && i<in->nTeam; i++){
    long long id = in->aTeam[i];
    bool bDup = false;
    for(int k=0; k<n; k++) if( aTeam[k]==id ) bDup = true;
    if( bDup ) continue;
    if( id<=0 || !is_current_member(db, unitId, id, zToday) ){ bTeamOk = false; break; }
    aTeam[n++] = id;
  }
  if( !bTeamOk ) field_errors_add(e, "team", "qi.error.team_not_member");
  *pnTeam = n;
  check_text(e, "team_others", in->zTeamOthers, false, QI_TEXT_MAX, true, 0,
             "qi.error.text_too_long", "qi.error.bad_characters");
  if( text_blank(in->zStartOn) ) field_errors_add(e, "start_on", "qi.error.start_on_required");
  else if( !text_is_date(in->zStartOn) ) field_errors_add(e, "start_on", "qi.error.date_invalid");
  if( !text_blank(in->zStatus) && !one_of(in->zStatus, azProjectStatus, 4) ){
    field_errors_add(e, "status", "qi.error.status_invalid");
  }
}

static void collect_name(void *pCtx, long long id, const char *zName){
  (void)id;
  struct buf *b = pCtx;
  if( b->n ) buf_puts(b, ", ");
  buf_puts(b, zName);
}

static void project_audit_json(struct db *db, struct buf *b, const void *pRec){
  const struct qi_project *p = pRec;
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

static const struct record_kind kProject = {
  "qi_project", "title", sizeof(struct qi_project), offsetof(struct qi_project, id),
  project_get, project_audit_json,
};

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

/* The INSERT and the UPDATE take the same parameters: ?1 the unit (for
** a new project) or the project, ?10 the time. */
#define PROJECT_INSERT \
  "INSERT INTO qi_project(unit_id,title,aim,measures_question,changes_question,steeep,team_others," \
  " start_on,status,created_at,updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10) RETURNING id"
#define PROJECT_UPDATE \
  "UPDATE qi_project SET title=?2, aim=?3, measures_question=?4, changes_question=?5, steeep=?6," \
  " team_others=?7, start_on=?8, status=?9, updated_at=?10 WHERE id=?1"

static void project_bind(struct stmt *s, long long key, const struct qi_project_input *in){
  stmt_bind_int(s, 1, key);
  stmt_bind_text(s, 2, in->zTitle);
  stmt_bind_text(s, 3, in->zAim);
  stmt_bind_text(s, 4, in->zMeasuresQuestion);
  stmt_bind_text(s, 5, in->zChangesQuestion);
  stmt_bind_int(s, 6, in->steeep);
  stmt_bind_text(s, 7, nonblank(in->zTeamOthers));
  stmt_bind_text(s, 8, in->zStartOn);
  stmt_bind_text(s, 9, text_blank(in->zStatus) ? "active" : in->zStatus);
  stmt_bind_int(s, 10, (long long)time(0));
}

/* A save_fn: parentId is the unit of a new project. */
static long long project_save(struct db *db, const struct user *u, long long unitId, long long parentId,
                              const void *pOld, const void *pIn, const char *zToday,
                              struct field_errors *e){
  const struct qi_project *old = pOld;
  (void)parentId;
  long long aTeam[QI_TEAM_MAX];
  int nTeam = 0;
  project_validate(db, unitId, pIn, zToday, aTeam, &nTeam, e);
  if( e->n || !begin(db, e, kProject.zField) ) return 0;
  struct buf bOld = {0};
  if( old ) project_audit_json(db, &bOld, old);   /* before the team changes */
  struct stmt *s = old ? db_prepare(db, PROJECT_UPDATE) : db_prepare(db, PROJECT_INSERT);
  project_bind(s, old ? old->id : unitId, pIn);
  long long id = run_write(s, old ? old->id : 0);
  if( id>0 && !team_write(db, id, aTeam, nTeam) ) id = 0;
  return audit_commit(db, u, &kProject, id, unitId, old ? &bOld : 0, e);
}

static const char *const azProjectUnitKind[] = { "cluster", "collaborative" };

long long qi_project_create(struct db *db, const struct user *u, long long unitId,
                            const struct qi_project_input *in, const char *zToday,
                            struct field_errors *e){
  if( !u || u->role==ROLE_NATIONAL || !access_can_write(db, u, unitId, zToday) ) return -1;
  struct stmt *s = db_prepare(db, "SELECT kind FROM unit WHERE id=?1");
  stmt_bind_int(s, 1, unitId);
  char zKind[20] = "";
  if( !first_text(s, zKind, sizeof zKind) ) return -1;
  if( !one_of(zKind, azProjectUnitKind, 2) ){
    field_errors_add(e, "unit", "qi.error.unit_kind");
    return 0;
  }
  return project_save(db, u, unitId, unitId, 0, in, zToday, e);
}

long long qi_project_update(struct db *db, const struct user *u, long long projectId,
                            const struct qi_project_input *in, const char *zToday,
                            struct field_errors *e){
  return record_update(db, u, &kProject, project_save, projectId, in, zToday, e);
}

/* ---- driver diagram ------------------------------------------------------------ */

#define DRIVER_COLS "id, project_id, COALESCE(parent_id,0), kind, text, position FROM qi_driver"

static void driver_from_row(struct stmt *s, void *pRec){
  struct qi_driver *d = pRec;
  d->id = stmt_int(s, 0);
  d->projectId = stmt_int(s, 1);
  d->parentId = stmt_int(s, 2);
  text_copy(d->zKind, sizeof d->zKind, stmt_text(s, 3));
  text_copy(d->zText, sizeof d->zText, stmt_text(s, 4));
  d->position = (int)stmt_int(s, 5);
  d->depth = 0;
}

bool qi_driver_get(struct db *db, long long driverId, struct qi_driver *d){
  struct stmt *s = db_prepare(db, "SELECT " DRIVER_COLS " WHERE id=?1");
  stmt_bind_int(s, 1, driverId);
  bool b = one_row(s, driver_from_row, d);
  if( b && strcmp(d->zKind, "secondary")==0 ) d->depth = 1;
  else if( b && strcmp(d->zKind, "change")==0 ){
    d->depth = 2;
    char zParentKind[10] = "";
    s = db_prepare(db, "SELECT kind FROM qi_driver WHERE id=?1");
    stmt_bind_int(s, 1, d->parentId);
    if( first_text(s, zParentKind, sizeof zParentKind) && strcmp(zParentKind, "primary")==0 ) d->depth = 1;
  }
  return b;
}

static bool driver_get(struct db *db, long long id, void *pRec){ return qi_driver_get(db, id, pRec); }

static void driver_audit_json(struct db *db, struct buf *b, const void *pRec){
  const struct qi_driver *d = pRec;
  bool bFirst = true;
  (void)db;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "kind", d->zKind);
  if( d->parentId>0 ) json_kv_int(b, &bFirst, "parent", d->parentId);
  json_kv_str(b, &bFirst, "text", d->zText);
  buf_putc(b, '}');
}

static const struct record_kind kDriver = {
  "qi_driver", "text", sizeof(struct qi_driver), offsetof(struct qi_driver, projectId),
  driver_get, driver_audit_json,
};

static void driver_check_text(struct field_errors *e, const char *zText){
  check_text(e, "text", zText, true, QI_TEXT_MAX, true, "qi.driver.error.text_required",
             "qi.driver.error.text_too_long", "qi.driver.error.bad_characters");
}

long long qi_driver_add(struct db *db, const struct user *u, long long projectId, long long parentId,
                        const char *zKind, const char *zText, const char *zToday,
                        struct field_errors *e){
  long long unitId = 0;
  if( !project_unit_for_write(db, u, projectId, zToday, &unitId) ) return -1;
  static const char *const azKind[] = { "primary", "secondary", "change" };
  if( !one_of(zKind, azKind, 3) ){
    field_errors_add(e, "kind", "qi.driver.error.kind");
  }else{
    char zParentKind[10] = "";
    if( parentId>0 ){
      struct stmt *s = db_prepare(db, "SELECT kind FROM qi_driver WHERE id=?1 AND project_id=?2");
      stmt_bind_int(s, 1, parentId);
      stmt_bind_int(s, 2, projectId);
      first_text(s, zParentKind, sizeof zParentKind);
    }
    bool bOk;
    if( strcmp(zKind, "primary")==0 ) bOk = parentId==0;
    else if( strcmp(zKind, "secondary")==0 ) bOk = strcmp(zParentKind, "primary")==0;
    else bOk = strcmp(zParentKind, "primary")==0 || strcmp(zParentKind, "secondary")==0;
    if( !bOk ) field_errors_add(e, "parent", "qi.driver.error.parent");
  }
  driver_check_text(e, zText);
  if( e->n || !begin(db, e, kDriver.zField) ) return 0;
  struct stmt *s = db_prepare(db,
    "INSERT INTO qi_driver(project_id,parent_id,kind,text,position)"
    " VALUES(?1,?2,?3,?4,(SELECT COALESCE(max(position),0)+1 FROM qi_driver"
    "   WHERE project_id=?1 AND COALESCE(parent_id,0)=?5)) RETURNING id");
  stmt_bind_int(s, 1, projectId);
  if( parentId>0 ) stmt_bind_int(s, 2, parentId); else stmt_bind_null(s, 2);
  stmt_bind_text(s, 3, zKind);
  stmt_bind_text(s, 4, zText);
  stmt_bind_int(s, 5, parentId);
  return audit_commit(db, u, &kDriver, run_write(s, 0), unitId, 0, e);
}

long long qi_driver_update(struct db *db, const struct user *u, long long driverId, const char *zText,
                           const char *zToday, struct field_errors *e){
  long long unitId = 0, rc = 0;
  struct qi_driver *d = record_for_write(db, u, &kDriver, driverId, zToday, &unitId);
  if( !d ) return -1;
  driver_check_text(e, zText);
  if( !e->n && begin(db, e, kDriver.zField) ){
    struct buf bOld = {0};
    driver_audit_json(db, &bOld, d);
    struct stmt *s = db_prepare(db, "UPDATE qi_driver SET text=?1 WHERE id=?2");
    stmt_bind_text(s, 1, zText);
    stmt_bind_int(s, 2, driverId);
    rc = audit_commit(db, u, &kDriver, run_write(s, driverId), unitId, &bOld, e);
  }
  free(d);
  return rc;
}

long long qi_driver_delete(struct db *db, const struct user *u, long long driverId, const char *zToday,
                           struct field_errors *e){
  long long unitId = 0, rc = 0;
  struct qi_driver *d = record_for_write(db, u, &kDriver, driverId, zToday, &unitId);
  if( !d ) return -1;
  struct stmt *s = db_prepare(db,
    "SELECT (SELECT count(*) FROM qi_driver WHERE parent_id=?1)"
    "     + (SELECT count(*) FROM qi_pdsa WHERE change_id=?1)");
  stmt_bind_int(s, 1, driverId);
  if( first_int(s, 1)>0 ){
    field_errors_add(e, "driver", "qi.driver.error.in_use");
  }else if( begin(db, e, "driver") ){
    s = db_prepare(db, "DELETE FROM qi_driver WHERE id=?1");
    stmt_bind_int(s, 1, driverId);
    bool ok = stmt_exec(s);
    if( ok ){
      struct buf b = {0};
      driver_audit_json(db, &b, d);
      ok = audit_bufs(db, u, "delete", "qi_driver", driverId, unitId, &b, 0);
    }
    if( finish(db, ok, e, "driver") ) rc = driverId;
  }
  free(d);
  return rc;
}

struct drv { long long id, parentId; int position; char zKind[10]; char *zText; };

int qi_driver_list(struct db *db, long long projectId, qi_driver_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " DRIVER_COLS " WHERE project_id=?1 ORDER BY position, id");
  stmt_bind_int(s, 1, projectId);
  struct drv *a = 0;
  size_t n = 0, nAlloc = 0;
  while( stmt_step(s)==1 ){
    if( n>=nAlloc ){ nAlloc = nAlloc ? nAlloc*2 : 16; a = xrealloc(a, nAlloc*sizeof *a); }
    a[n].id = stmt_int(s, 0);
    a[n].parentId = stmt_int(s, 2);
    text_copy(a[n].zKind, sizeof a[n].zKind, stmt_text(s, 3));
    a[n].zText = xstrdup(stmt_text(s, 4));
    a[n].position = (int)stmt_int(s, 5);
    n++;
  }
  stmt_done(s);
  struct qi_driver *d = xmalloc(sizeof *d);
  int nOut = 0;
#define EMIT(k, dep) do{ d->id = a[k].id; d->projectId = projectId; d->parentId = a[k].parentId; \
    text_copy(d->zKind, sizeof d->zKind, a[k].zKind); text_copy(d->zText, sizeof d->zText, a[k].zText); \
    d->position = a[k].position; d->depth = (dep); x(pCtx, d); nOut++; }while(0)
  for(size_t i=0; i<n; i++){
    if( strcmp(a[i].zKind, "primary")!=0 ) continue;
    EMIT(i, 0);
    for(size_t j=0; j<n; j++){
      if( a[j].parentId!=a[i].id || strcmp(a[j].zKind, "secondary")!=0 ) continue;
      EMIT(j, 1);
      for(size_t k=0; k<n; k++){
        if( a[k].parentId==a[j].id && strcmp(a[k].zKind, "change")==0 ) EMIT(k, 2);
      }
    }
    for(size_t j=0; j<n; j++){
      if( a[j].parentId==a[i].id && strcmp(a[j].zKind, "change")==0 ) EMIT(j, 1);
    }
  }
#undef EMIT
  for(size_t i=0; i<n; i++) free(a[i].zText);
  free(a);
  free(d);
  return nOut;
}

/* ---- PDSA cycles ------------------------------------------------------------------ */

#define PDSA_COLS \
  "c.id, c.project_id, c.change_id, COALESCE(c.previous_id,0), d.text, c.title, c.plan, c.prediction," \
  " c.data_plan, COALESCE(c.do_text,''), COALESCE(c.study_text,''), COALESCE(c.act,'')," \
  " COALESCE(c.act_text,''), c.start_on, COALESCE(c.end_on,'')"
#define PDSA_FROM " FROM qi_pdsa c JOIN qi_driver d ON d.id=c.change_id"

static void pdsa_from_row(struct stmt *s, void *pRec){
  struct qi_pdsa *c = pRec;
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

/* A row of the timeline query: the cycle and, last, its ramp number. */
static void pdsa_from_list_row(struct stmt *s, void *pRec){
  pdsa_from_row(s, pRec);
  ((struct qi_pdsa*)pRec)->rampNumber = (int)stmt_int(s, 15);
}

#define PDSA_RAMP_MAX 10000

/* The cycle before cycle id in its ramp (0 for none). */
static long long previous_cycle(struct db *db, long long id){
  struct stmt *s = db_prepare(db, "SELECT COALESCE(previous_id,0) FROM qi_pdsa WHERE id=?1");
  stmt_bind_int(s, 1, id);
  return first_int(s, 0);
}

/* The position of cycle id in its ramp: 1 + the number of cycles before it. */
static int ramp_number(struct db *db, long long id){
  int n = 1;
  long long cur = id;
  while( n<PDSA_RAMP_MAX ){
    long long prev = previous_cycle(db, cur);
    if( prev<=0 || prev==id ) break;
    cur = prev;
    n++;
  }
  return n;
}

static bool pdsa_get(struct db *db, long long id, void *pRec){
  struct qi_pdsa *c = pRec;
  struct stmt *s = db_prepare(db, "SELECT " PDSA_COLS PDSA_FROM " WHERE c.id=?1");
  stmt_bind_int(s, 1, id);
  if( !one_row(s, pdsa_from_row, c) ) return false;
  c->rampNumber = ramp_number(db, id);
  return true;
}

/* True if pUser may read project projectId's unit; the project into
** *pProject too when not NULL. */
static bool visible_in_project(struct db *db, const struct user *u, long long projectId, const char *zToday,
                               struct qi_project *pProject){
  struct qi_project *p = pProject ? pProject : xmalloc(sizeof *p);
  bool b = qi_project_get_visible(db, u, projectId, zToday, p);
  if( !pProject ) free(p);
  return b;
}

bool qi_pdsa_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                         struct qi_pdsa *c, struct qi_project *pProject){
  return pdsa_get(db, id, c) && visible_in_project(db, u, c->projectId, zToday, pProject);
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
  for(; next_row(s, pdsa_from_list_row, c); n++) x(pCtx, c);
  free(c);
  return n;
}

static const char *const azAct[] = { "adopt", "adapt", "abandon" };

/* Validate a PDSA form for project projectId; selfId is the cycle being
** changed (0 for a new one). */
static void pdsa_validate(struct db *db, long long projectId, long long selfId,
                          const struct qi_pdsa_input *in, long long *pChange, long long *pPrevious,
                          struct field_errors *e){
  long long change = 0, prev = 0;
  if( text_blank(in->zChangeId) ){
    field_errors_add(e, "change", "pdsa.error.change_required");
  }else{
    bool bOk = parse_id(in->zChangeId, &change) && change>0;
    if( bOk ){
      struct stmt *s = db_prepare(db,
        "SELECT 1 FROM qi_driver WHERE id=?1 AND project_id=?2 AND kind='change'");
      stmt_bind_int(s, 1, change);
      stmt_bind_int(s, 2, projectId);
      bOk = has_row(s);
    }
    if( !bOk ){ field_errors_add(e, "change", "pdsa.error.change_invalid"); change = 0; }
  }
  check_text(e, "title", in->zTitle, true, QI_TITLE_MAX, false, "pdsa.error.title_required",
             "pdsa.error.title_too_long", "pdsa.error.bad_characters");
  check_text(e, "plan", in->zPlan, true, QI_TEXT_MAX, true, "pdsa.error.plan_required",
             "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  check_text(e, "prediction", in->zPrediction, true, QI_TEXT_MAX, true, "pdsa.error.prediction_required",
             "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  check_text(e, "data_plan", in->zDataPlan, true, QI_TEXT_MAX, true, "pdsa.error.data_plan_required",
             "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  check_text(e, "do", in->zDo, false, QI_TEXT_MAX, true, 0, "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  check_text(e, "study", in->zStudy, false, QI_TEXT_MAX, true, 0, "pdsa.error.text_too_long", "pdsa.error.bad_characters");
  if( !text_blank(in->zAct) ){
    if( !one_of(in->zAct, azAct, 3) ) field_errors_add(e, "act", "pdsa.error.act_invalid");
    else if( text_blank(in->zStudy) ) field_errors_add(e, "act", "pdsa.error.act_needs_study");
  }
  check_text(e, "act_text", in->zActText, false, QI_TEXT_MAX, true, 0, "pdsa.error.text_too_long", "pdsa.error.bad_characters");
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
  if( !parse_id(in->zPreviousId, &prev) ){
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
      for(int k=0; k<PDSA_RAMP_MAX && cur>0; k++){
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
      "SELECT count(*), COALESCE(sum(change_id<>?2),0), COALESCE(sum(start_on<?3),0)"
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

static void pdsa_audit_json(struct db *db, struct buf *b, const void *pRec){
  const struct qi_pdsa *c = pRec;
  bool bFirst = true;
  (void)db;
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

static const struct record_kind kPdsa = {
  "qi_pdsa", "title", sizeof(struct qi_pdsa), offsetof(struct qi_pdsa, projectId),
  pdsa_get, pdsa_audit_json,
};

/* The INSERT and the UPDATE take the same parameters: ?1 the project (for
** a new cycle) or the cycle, ?14 the time. */
#define PDSA_INSERT \
  "INSERT INTO qi_pdsa(project_id,change_id,previous_id,title,plan,prediction,data_plan,do_text," \
  " study_text,act,act_text,start_on,end_on,created_at,updated_at)" \
  " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?14) RETURNING id"
#define PDSA_UPDATE \
  "UPDATE qi_pdsa SET change_id=?2, previous_id=?3, title=?4, plan=?5, prediction=?6, data_plan=?7," \
  " do_text=?8, study_text=?9, act=?10, act_text=?11, start_on=?12, end_on=?13, updated_at=?14" \
  " WHERE id=?1"

static void pdsa_bind(struct stmt *s, long long key, long long change, long long prev,
                      const struct qi_pdsa_input *in){
  stmt_bind_int(s, 1, key);
  stmt_bind_int(s, 2, change);
  if( prev>0 ) stmt_bind_int(s, 3, prev); else stmt_bind_null(s, 3);
  const char *const azText[] = { in->zTitle, in->zPlan, in->zPrediction, in->zDataPlan };
  for(int i=0; i<4; i++) stmt_bind_text(s, 4+i, azText[i]);
  const char *const azOptional[] = { in->zDo, in->zStudy, in->zAct, in->zActText };
  for(int i=0; i<4; i++) stmt_bind_text(s, 8+i, nonblank(azOptional[i]));
  stmt_bind_text(s, 12, in->zStartOn);
  stmt_bind_text(s, 13, nonblank(in->zEndOn));
  stmt_bind_int(s, 14, (long long)time(0));
}

/* A save_fn: parentId is the project of a new cycle. */
static long long pdsa_save(struct db *db, const struct user *u, long long unitId, long long parentId,
                           const void *pOld, const void *pIn, const char *zToday,
                           struct field_errors *e){
  const struct qi_pdsa *old = pOld;
  (void)zToday;
  long long change = 0, prev = 0;
  pdsa_validate(db, old ? old->projectId : parentId, old ? old->id : 0, pIn, &change, &prev, e);
  if( e->n || !begin(db, e, kPdsa.zField) ) return 0;
  struct buf bOld = {0};
  if( old ) pdsa_audit_json(db, &bOld, old);
  struct stmt *s = old ? db_prepare(db, PDSA_UPDATE) : db_prepare(db, PDSA_INSERT);
  pdsa_bind(s, old ? old->id : parentId, change, prev, pIn);
  return audit_commit(db, u, &kPdsa, run_write(s, old ? old->id : 0), unitId, old ? &bOld : 0, e);
}

long long qi_pdsa_create(struct db *db, const struct user *u, long long projectId,
                         const struct qi_pdsa_input *in, const char *zToday, struct field_errors *e){
  return record_create(db, u, pdsa_save, projectId, in, zToday, e);
}

long long qi_pdsa_update(struct db *db, const struct user *u, long long pdsaId,
                         const struct qi_pdsa_input *in, const char *zToday, struct field_errors *e){
  return record_update(db, u, &kPdsa, pdsa_save, pdsaId, in, zToday, e);
}

/* ---- measures ------------------------------------------------------------------- */

#define MEASURE_COLS \
  "m.id, m.project_id, m.kind, m.name, m.definition, COALESCE(m.unit,''), m.direction," \
  " m.target, m.chart, m.screen_outliers," \
  " EXISTS(SELECT 1 FROM qi_point x WHERE x.measure_id=m.id) FROM qi_measure m"

static void measure_from_row(struct stmt *s, void *pRec){
  struct qi_measure *m = pRec;
  m->id = stmt_int(s, 0);
  m->projectId = stmt_int(s, 1);
  text_copy(m->zKind, sizeof m->zKind, stmt_text(s, 2));
  text_copy(m->zName, sizeof m->zName, stmt_text(s, 3));
  text_copy(m->zDefinition, sizeof m->zDefinition, stmt_text(s, 4));
  text_copy(m->zUnit, sizeof m->zUnit, stmt_text(s, 5));
  text_copy(m->zDirection, sizeof m->zDirection, stmt_text(s, 6));
  m->target = col_double(s, 7);
  m->bHasTarget = !isnan(m->target);
  if( !m->bHasTarget ) m->target = 0;
  text_copy(m->zChart, sizeof m->zChart, stmt_text(s, 8));
  m->bScreenOutliers = stmt_int(s, 9)!=0;
  m->bHasPoints = stmt_int(s, 10)!=0;
}

static bool measure_get(struct db *db, long long id, void *m){
  struct stmt *s = db_prepare(db, "SELECT " MEASURE_COLS " WHERE m.id=?1");
  stmt_bind_int(s, 1, id);
  return one_row(s, measure_from_row, m);
}

bool qi_measure_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                            struct qi_measure *m, struct qi_project *pProject){
  return measure_get(db, id, m) && visible_in_project(db, u, m->projectId, zToday, pProject);
}

int qi_measure_list(struct db *db, long long projectId, qi_measure_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " MEASURE_COLS " WHERE m.project_id=?1 ORDER BY m.position, m.id");
  stmt_bind_int(s, 1, projectId);
  struct qi_measure *m = xmalloc(sizeof *m);
  int n = 0;
  for(; next_row(s, measure_from_row, m); n++) x(pCtx, m);
  free(m);
  return n;
}

static bool is_ratio(const char *zChart){ return strcmp(zChart, "p")==0 || strcmp(zChart, "u")==0; }

static const char *const azMeasureKind[] = { "outcome", "process", "balancing" };
static const char *const azDirection[] = { "increase", "decrease", "neutral" };
static const char *const azChart[] = { "run", "xmr", "p", "u" };

static void measure_validate(const struct qi_measure_input *in, const struct qi_measure *old,
                             bool *pHasTarget, double *pTarget, struct field_errors *e){
  if( !one_of(in->zKind, azMeasureKind, 3) ) field_errors_add(e, "kind", "measure.error.kind");
  check_text(e, "name", in->zName, true, QI_TITLE_MAX, false, "measure.error.name_required",
             "measure.error.name_too_long", "measure.error.bad_characters");
  check_text(e, "definition", in->zDefinition, true, QI_TEXT_MAX, true, "measure.error.definition_required",
             "measure.error.definition_too_long", "measure.error.bad_characters");
  check_text(e, "unit", in->zUnit, false, 60, false, 0, "measure.error.unit_too_long",
             "measure.error.bad_characters");
  if( !one_of(in->zDirection, azDirection, 3) ) field_errors_add(e, "direction", "measure.error.direction");
  *pHasTarget = false;
  *pTarget = 0;
  if( !text_blank(in->zTarget) ){
    if( !qi_parse_number(in->zTarget, pTarget) || fabs(*pTarget)>QI_VALUE_MAX ){
      field_errors_add(e, "target", "measure.error.target_number");
    }else{
      *pHasTarget = true;
    }
  }
  if( !one_of(in->zChart, azChart, 4) ){
    field_errors_add(e, "chart", "measure.error.chart");
  }else if( old && old->bHasPoints && strcmp(old->zChart, in->zChart)!=0 ){
    if( is_ratio(old->zChart) || is_ratio(in->zChart) ) field_errors_add(e, "chart", "measure.error.chart_locked");
  }
}

static void measure_audit_json(struct db *db, struct buf *b, const void *pRec){
  const struct qi_measure *m = pRec;
  bool bFirst = true;
  (void)db;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "kind", m->zKind);
  json_kv_str(b, &bFirst, "name", m->zName);
  json_kv_str(b, &bFirst, "definition", m->zDefinition);
  json_kv_str(b, &bFirst, "unit", m->zUnit);
  json_kv_str(b, &bFirst, "direction", m->zDirection);
  if( m->bHasTarget ){
    char z[40];
    fmt_double(m->target, z);
    json_kv_str(b, &bFirst, "target", z);
  }else{
    json_kv_null(b, &bFirst, "target");
  }
  json_kv_str(b, &bFirst, "chart", m->zChart);
  json_kv_bool(b, &bFirst, "screen_outliers", m->bScreenOutliers);
  buf_putc(b, '}');
}

static const struct record_kind kMeasure = {
  "qi_measure", "name", sizeof(struct qi_measure), offsetof(struct qi_measure, projectId),
  measure_get, measure_audit_json,
};

/* The INSERT and the UPDATE take the same parameters: ?1 the project (for
** a new measure, placed last) or the measure, ?10 the time. */
#define MEASURE_INSERT \
  "INSERT INTO qi_measure(project_id,kind,name,definition,unit,direction,target,chart,screen_outliers," \
  " position,created_at,updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9," \
  " (SELECT COALESCE(max(position),0)+1 FROM qi_measure WHERE project_id=?1),?10,?10) RETURNING id"
#define MEASURE_UPDATE \
  "UPDATE qi_measure SET kind=?2, name=?3, definition=?4, unit=?5, direction=?6, target=?7, chart=?8," \
  " screen_outliers=?9, updated_at=?10 WHERE id=?1"

static void measure_bind(struct stmt *s, long long key, const struct qi_measure_input *in, bool bTarget,
                         double target){
  stmt_bind_int(s, 1, key);
  const char *const azText[] = { in->zKind, in->zName, in->zDefinition, nonblank(in->zUnit), in->zDirection };
  for(int i=0; i<5; i++) stmt_bind_text(s, 2+i, azText[i]);
  stmt_bind_double(s, 7, bTarget ? target : NAN);
  stmt_bind_text(s, 8, in->zChart);
  stmt_bind_int(s, 9, in->bScreenOutliers ? 1 : 0);
  stmt_bind_int(s, 10, (long long)time(0));
}

/* A save_fn: parentId is the project of a new measure. */
static long long measure_save(struct db *db, const struct user *u, long long unitId, long long parentId,
                              const void *pOld, const void *pIn, const char *zToday,
                              struct field_errors *e){
  const struct qi_measure *old = pOld;
  (void)zToday;
  bool bTarget = false;
  double target = 0;
  measure_validate(pIn, old, &bTarget, &target, e);
  if( e->n || !begin(db, e, kMeasure.zField) ) return 0;
  struct buf bOld = {0};
  if( old ) measure_audit_json(db, &bOld, old);
  struct stmt *s = old ? db_prepare(db, MEASURE_UPDATE) : db_prepare(db, MEASURE_INSERT);
  measure_bind(s, old ? old->id : parentId, pIn, bTarget, target);
  return audit_commit(db, u, &kMeasure, run_write(s, old ? old->id : 0), unitId, old ? &bOld : 0, e);
}

long long qi_measure_create(struct db *db, const struct user *u, long long projectId,
                            const struct qi_measure_input *in, const char *zToday, struct field_errors *e){
  return record_create(db, u, measure_save, projectId, in, zToday, e);
}

long long qi_measure_update(struct db *db, const struct user *u, long long measureId,
                            const struct qi_measure_input *in, const char *zToday, struct field_errors *e){
  return record_update(db, u, &kMeasure, measure_save, measureId, in, zToday, e);
}

/* Load measure measureId (freed by the caller) if pUser may change it;
** its project's unit into *pUnitId. */
static struct qi_measure *measure_for_write(struct db *db, const struct user *u, long long measureId,
                                            const char *zToday, long long *pUnitId){
  return record_for_write(db, u, &kMeasure, measureId, zToday, pUnitId);
}

/* ---- points ---------------------------------------------------------------------- */

static bool point_date_taken(struct db *db, long long measureId, const char *zOn){
  struct stmt *s = db_prepare(db, "SELECT 1 FROM qi_point WHERE measure_id=?1 AND on_date=?2");
  stmt_bind_int(s, 1, measureId);
  stmt_bind_text(s, 2, zOn);
  return has_row(s);
}

/* Check an annotation: a note and "" or a cycle of the project. */
static void annotation_validate(struct db *db, long long projectId, const char *zNote, const char *zPdsaId,
                                long long *pPdsa, struct field_errors *e){
  check_text(e, "note", zNote, false, QI_TEXT_MAX, true, 0, "qi.point.error.note_too_long",
             "qi.point.error.bad_characters");
  long long pdsa = 0;
  bool bOk = parse_id(zPdsaId, &pdsa);
  if( bOk && pdsa>0 ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM qi_pdsa WHERE id=?1 AND project_id=?2");
    stmt_bind_int(s, 1, pdsa);
    stmt_bind_int(s, 2, projectId);
    bOk = has_row(s);
  }
  if( !bOk ){ field_errors_add(e, "pdsa", "qi.point.error.pdsa_invalid"); pdsa = 0; }
  *pPdsa = pdsa;
}

/* A number field of a point: required, a number, within range. */
static bool point_number(struct field_errors *e, const char *zField, const char *z, const char *zRequiredKey,
                         double *pOut){
  if( text_blank(z) ){ field_errors_add(e, zField, zRequiredKey); return false; }
  if( !qi_parse_number(z, pOut) ){ field_errors_add(e, zField, "qi.point.error.not_number"); return false; }
  if( fabs(*pOut)>QI_VALUE_MAX ){ field_errors_add(e, zField, "qi.point.error.too_large"); return false; }
  return true;
}

struct point_row {
  long long id, measureId, pdsaId;
  char zOn[11];
  double value, num, den;
  char *zNote;
};

/* A point of measure zMeasure with the annotation zNote and pdsa. */
static void point_audit_json(struct buf *b, const char *zMeasure, const struct point_row *r,
                             const char *zNote, long long pdsa){
  bool bFirst = true;
  char z[40];
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "measure", zMeasure);
  json_kv_str(b, &bFirst, "on", r->zOn);
  fmt_double(r->value, z);
  json_kv_str(b, &bFirst, "value", z);
  if( !isnan(r->num) ){ fmt_double(r->num, z); json_kv_str(b, &bFirst, "numerator", z); }
  if( !isnan(r->den) ){ fmt_double(r->den, z); json_kv_str(b, &bFirst, "denominator", z); }
  if( zNote && zNote[0] ) json_kv_str(b, &bFirst, "note", zNote);
  if( pdsa>0 ) json_kv_int(b, &bFirst, "pdsa", pdsa);
  buf_putc(b, '}');
}

/* The latest date a value can have been measured on: today in the UK
** (the program runs on Europe/London time), or zToday (UTC, the date the
** rest of the request goes by) if that is later. Between midnight and
** 1 a.m. in summer the two differ, and a value for the UK's today is
** still today's. */
static void latest_measured(const char *zToday, char zOut[11]){
  char zLocal[17];
  text_local_now(zLocal);
  zLocal[10] = 0;
  text_copy(zOut, 11, strcmp(zLocal, zToday)>0 ? zLocal : zToday);
}

long long qi_point_add(struct db *db, const struct user *u, long long measureId,
                       const struct qi_point_input *in, const char *zToday, struct field_errors *e){
  long long unitId = 0, rc = -1;
  struct qi_measure *m = measure_for_write(db, u, measureId, zToday, &unitId);
  if( !m ) goto done;
  rc = 0;
  struct point_row r = { .measureId = measureId, .value = NAN, .num = NAN, .den = NAN };
  char zLatest[11];
  latest_measured(zToday, zLatest);
  if( text_blank(in->zOn) ) field_errors_add(e, "on", "qi.point.error.date_required");
  else if( !qi_parse_date(in->zOn, r.zOn) ) field_errors_add(e, "on", "qi.point.error.date_invalid");
  else if( strcmp(r.zOn, zLatest)>0 ) field_errors_add(e, "on", "qi.point.error.date_future");
  else if( point_date_taken(db, measureId, r.zOn) ) field_errors_add(e, "on", "qi.point.error.date_taken");
  if( is_ratio(m->zChart) ){
    bool bNum = point_number(e, "numerator", in->zNumerator, "qi.point.error.numerator_required", &r.num);
    bool bDen = point_number(e, "denominator", in->zDenominator, "qi.point.error.denominator_required", &r.den);
    if( bNum && r.num<0 ){ field_errors_add(e, "numerator", "qi.point.error.numerator_negative"); bNum = false; }
    if( bDen && r.den<=0 ){ field_errors_add(e, "denominator", "qi.point.error.denominator_zero"); bDen = false; }
    if( bNum && bDen && strcmp(m->zChart, "p")==0 && r.num>r.den ){
      field_errors_add(e, "numerator", "qi.point.error.numerator_exceeds");
    }
    if( bNum && bDen ){
      r.value = r.num/r.den;
      if( !isfinite(r.value) || fabs(r.value)>QI_VALUE_MAX ) field_errors_add(e, "denominator", "qi.point.error.too_large");
    }
  }else{
    point_number(e, "value", in->zValue, "qi.point.error.value_required", &r.value);
  }
  annotation_validate(db, m->projectId, in->zNote, in->zPdsaId, &r.pdsaId, e);
  if( e->n || !begin(db, e, "on") ) goto done;
  struct stmt *s = db_prepare(db,
    "INSERT INTO qi_point(measure_id,on_date,value,numerator,denominator,note,pdsa_id)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7) RETURNING id");
  stmt_bind_int(s, 1, measureId);
  stmt_bind_text(s, 2, r.zOn);
  stmt_bind_double(s, 3, r.value);
  stmt_bind_double(s, 4, r.num);
  stmt_bind_double(s, 5, r.den);
  stmt_bind_text(s, 6, nonblank(in->zNote));
  if( r.pdsaId>0 ) stmt_bind_int(s, 7, r.pdsaId); else stmt_bind_null(s, 7);
  long long id = run_write(s, 0);
  bool ok = id>0;
  if( !ok && db_last_was_unique_violation(db) ){
    db_rollback(db);
    field_errors_add(e, "on", "qi.point.error.date_taken");
    goto done;
  }
  if( ok ){
    struct buf b = {0};
    point_audit_json(&b, m->zName, &r, nonblank(in->zNote), r.pdsaId);
    ok = audit_bufs(db, u, "create", "qi_point", id, unitId, 0, &b);
  }
  if( finish(db, ok, e, "on") ) rc = id;
done:
  free(m);
  return rc;
}

static void point_from_row(struct stmt *s, void *pRec){
  struct point_row *r = pRec;
  r->id = stmt_int(s, 0);
  r->measureId = stmt_int(s, 1);
  r->pdsaId = stmt_int(s, 2);
  text_copy(r->zOn, sizeof r->zOn, stmt_text(s, 3));
  r->value = col_double(s, 4);
  r->num = col_double(s, 5);
  r->den = col_double(s, 6);
  r->zNote = xstrdup(stmt_text(s, 7));
}

/* Load point id (r->zNote freed by the caller) if pUser may change its
** measure; the measure (freed by the caller) or NULL. */
static struct qi_measure *point_for_write(struct db *db, const struct user *u, long long id, const char *zToday,
                                          struct point_row *r, long long *pUnitId){
  struct stmt *s = db_prepare(db,
    "SELECT id, measure_id, COALESCE(pdsa_id,0), on_date, value, numerator"
    ", denominator, COALESCE(note,'') FROM qi_point WHERE id=?1");
  stmt_bind_int(s, 1, id);
  if( !one_row(s, point_from_row, r) ) return 0;
  return measure_for_write(db, u, r->measureId, zToday, pUnitId);
}

long long qi_point_annotate(struct db *db, const struct user *u, long long pointId, const char *zNote,
                            const char *zPdsaId, const char *zToday, struct field_errors *e){
  struct point_row r = {0};
  long long unitId = 0, rc = -1;
  struct qi_measure *m = point_for_write(db, u, pointId, zToday, &r, &unitId);
  if( !m ) goto done;
  rc = 0;
  long long pdsa = 0;
  annotation_validate(db, m->projectId, zNote, zPdsaId, &pdsa, e);
  if( e->n || !begin(db, e, "note") ) goto done;
  struct stmt *s = db_prepare(db, "UPDATE qi_point SET note=?1, pdsa_id=?2 WHERE id=?3");
  stmt_bind_text(s, 1, nonblank(zNote));
  if( pdsa>0 ) stmt_bind_int(s, 2, pdsa); else stmt_bind_null(s, 2);
  stmt_bind_int(s, 3, pointId);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    point_audit_json(&bOld, m->zName, &r, r.zNote, r.pdsaId);
    point_audit_json(&bNew, m->zName, &r, nonblank(zNote), pdsa);
    ok = audit_bufs(db, u, "update", "qi_point", pointId, unitId, &bOld, &bNew);
  }
  if( finish(db, ok, e, "note") ) rc = pointId;
done:
  free(r.zNote);
  free(m);
  return rc;
}

long long qi_point_delete(struct db *db, const struct user *u, long long pointId, const char *zToday){
  struct point_row r = {0};
  long long unitId = 0, rc = -1;
  struct qi_measure *m = point_for_write(db, u, pointId, zToday, &r, &unitId);
  if( !m || !db_begin(db) ) goto done;
  /* A rebase from this date goes with it: limits are recalculated only
  ** from a date that has a point. */
  struct stmt *s = db_prepare(db, "DELETE FROM qi_rebase WHERE measure_id=?1 AND from_date=?2");
  stmt_bind_int(s, 1, r.measureId);
  stmt_bind_text(s, 2, r.zOn);
  bool ok = stmt_exec(s);
  if( ok ){
    s = db_prepare(db, "DELETE FROM qi_point WHERE id=?1");
    stmt_bind_int(s, 1, pointId);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf b = {0};
    point_audit_json(&b, m->zName, &r, r.zNote, r.pdsaId);
    ok = audit_bufs(db, u, "delete", "qi_point", pointId, unitId, &b, 0);
  }
  if( finish(db, ok, 0, 0) ) rc = pointId;
done:
  free(r.zNote);
  free(m);
  return rc;
}

/* ---- series ---------------------------------------------------------------------- */

void qi_series_free(struct qi_series *p){
  if( !p ) return;
  for(size_t i=0; i<p->n; i++){
    if( p->azNote ) free(p->azNote[i]);
    if( p->azPdsaTitle ) free(p->azPdsaTitle[i]);
  }
  for(size_t i=0; i<p->nRebase; i++) if( p->azRebaseReason ) free(p->azRebaseReason[i]);
  free(p->aId); free(p->azDate); free(p->aValue); free(p->aNum); free(p->aDen);
  free(p->azNote); free(p->aPdsaId); free(p->azPdsaTitle);
  free(p->aRebase); free(p->azRebaseDate); free(p->azRebaseReason);
  memset(p, 0, sizeof *p);
}

/* Room for more points in p's arrays (doubling, from 256); the new
** annotation slots are empty. */
static void series_grow(struct qi_series *p, size_t *pnAlloc){
  size_t nOld = *pnAlloc, nNew = nOld ? 2*nOld : 256;
  p->aId = xrealloc(p->aId, nNew*sizeof *p->aId);
  p->azDate = xrealloc(p->azDate, nNew*sizeof *p->azDate);
  p->aValue = xrealloc(p->aValue, nNew*sizeof *p->aValue);
  p->aNum = xrealloc(p->aNum, nNew*sizeof *p->aNum);
  p->aDen = xrealloc(p->aDen, nNew*sizeof *p->aDen);
  p->azNote = xrealloc(p->azNote, nNew*sizeof *p->azNote);
  p->aPdsaId = xrealloc(p->aPdsaId, nNew*sizeof *p->aPdsaId);
  p->azPdsaTitle = xrealloc(p->azPdsaTitle, nNew*sizeof *p->azPdsaTitle);
  memset(p->azNote + nOld, 0, (nNew-nOld)*sizeof *p->azNote);
  memset(p->aPdsaId + nOld, 0, (nNew-nOld)*sizeof *p->aPdsaId);
  memset(p->azPdsaTitle + nOld, 0, (nNew-nOld)*sizeof *p->azPdsaTitle);
  *pnAlloc = nNew;
}

bool qi_series_load(struct db *db, long long measureId, struct qi_series *p){
  memset(p, 0, sizeof *p);
  struct stmt *s = db_prepare(db, "SELECT chart FROM qi_measure WHERE id=?1");
  stmt_bind_int(s, 1, measureId);
  if( stmt_step(s)!=1 ){ stmt_done(s); return false; }
  bool bRatio = is_ratio(stmt_text(s, 0));
  stmt_done(s);
  size_t nAlloc = 0;
  /* The figures, from the covering index qi_point_series (migration
  ** 0007); then the annotations, from qi_point_annotated, merged in by
  ** date (both ascend). */
  s = db_prepare(db,
    "SELECT id, on_date, value, numerator, denominator FROM qi_point"
    " WHERE measure_id=?1 ORDER BY on_date");
  stmt_bind_int(s, 1, measureId);
  int rc;
  while( (rc = stmt_step(s))==1 ){
    if( p->n>=nAlloc ) series_grow(p, &nAlloc);
    size_t i = p->n++;
    p->aId[i] = stmt_int(s, 0);
    text_copy(p->azDate[i], sizeof p->azDate[i], stmt_text(s, 1));
    p->aValue[i] = col_double(s, 2);
    p->aNum[i] = bRatio ? col_double(s, 3) : NAN;
    p->aDen[i] = bRatio ? col_double(s, 4) : NAN;
  }
  stmt_done(s);
  if( rc<0 ){ qi_series_free(p); return false; }
  if( nAlloc==0 ) series_grow(p, &nAlloc);   /* no points: the arrays exist all the same */
  s = db_prepare(db,
    "SELECT x.on_date, x.note, COALESCE(x.pdsa_id,0), c.title"
    "  FROM qi_point x LEFT JOIN qi_pdsa c ON c.id=x.pdsa_id"
    " WHERE x.measure_id=?1 AND (x.note IS NOT NULL OR x.pdsa_id IS NOT NULL) ORDER BY x.on_date");
  stmt_bind_int(s, 1, measureId);
  size_t j = 0;
  while( (rc = stmt_step(s))==1 ){
    const char *zOn = stmt_text(s, 0);
    while( j<p->n && strcmp(p->azDate[j], zOn)<0 ) j++;
    if( j>=p->n || strcmp(p->azDate[j], zOn)!=0 ) continue;
    p->azNote[j] = stmt_is_null(s, 1) ? 0 : xstrdup(stmt_text(s, 1));
    p->aPdsaId[j] = stmt_int(s, 2);
    p->azPdsaTitle[j] = stmt_is_null(s, 3) ? 0 : xstrdup(stmt_text(s, 3));
  }
  stmt_done(s);
  if( rc<0 ){ qi_series_free(p); return false; }
  /* Rebases: the index of the first point on or after each date, kept
  ** only when valid for the statistics (ascending, > 0, < n). */
  s = db_prepare(db, "SELECT from_date, reason FROM qi_rebase WHERE measure_id=?1 ORDER BY from_date");
  stmt_bind_int(s, 1, measureId);
  size_t nRAlloc = 0;
  size_t k = 0;
  while( (rc = stmt_step(s))==1 ){
    const char *zFrom = stmt_text(s, 0);
    while( k<p->n && strcmp(p->azDate[k], zFrom)<0 ) k++;
    if( k==0 || k>=p->n ) continue;
    if( p->nRebase>0 && p->aRebase[p->nRebase-1]==k ) continue;
    if( p->nRebase>=nRAlloc ){
      nRAlloc = nRAlloc ? nRAlloc*2 : 4;
      p->aRebase = xrealloc(p->aRebase, nRAlloc*sizeof *p->aRebase);
      p->azRebaseDate = xrealloc(p->azRebaseDate, nRAlloc*sizeof *p->azRebaseDate);
      p->azRebaseReason = xrealloc(p->azRebaseReason, nRAlloc*sizeof *p->azRebaseReason);
    }
    p->aRebase[p->nRebase] = k;
    text_copy(p->azRebaseDate[p->nRebase], sizeof p->azRebaseDate[0], zFrom);
    p->azRebaseReason[p->nRebase] = xstrdup(stmt_text(s, 1));
    p->nRebase++;
  }
  stmt_done(s);
  if( rc<0 ){ qi_series_free(p); return false; }
  return true;
}

/* ---- rebases ---------------------------------------------------------------------- */

static void rebase_audit_json(struct buf *b, const char *zMeasure, const char *zFrom, const char *zReason){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "measure", zMeasure);
  json_kv_str(b, &bFirst, "from", zFrom);
  json_kv_str(b, &bFirst, "reason", zReason);
  buf_putc(b, '}');
}

long long qi_rebase_add(struct db *db, const struct user *u, long long measureId, const char *zFrom,
                        const char *zReason, const char *zToday, struct field_errors *e){
  long long unitId = 0, rc = -1;
  struct qi_measure *m = measure_for_write(db, u, measureId, zToday, &unitId);
  if( !m ) goto done;
  rc = 0;
  char zOn[11] = "";
  if( text_blank(zFrom) || !qi_parse_date(zFrom, zOn) ){
    field_errors_add(e, "from", "qi.rebase.error.not_point_date");
  }else{
    struct stmt *s = db_prepare(db,
      "SELECT EXISTS(SELECT 1 FROM qi_point WHERE measure_id=?1 AND on_date=?2),"
      "       (SELECT min(on_date) FROM qi_point WHERE measure_id=?1),"
      "       EXISTS(SELECT 1 FROM qi_rebase WHERE measure_id=?1 AND from_date=?2)");
    stmt_bind_int(s, 1, measureId);
    stmt_bind_text(s, 2, zOn);
    if( stmt_step(s)==1 ){
      if( !stmt_int(s, 0) ) field_errors_add(e, "from", "qi.rebase.error.not_point_date");
      else if( strcmp(stmt_text(s, 1), zOn)==0 ) field_errors_add(e, "from", "qi.rebase.error.first_point");
      else if( stmt_int(s, 2) ) field_errors_add(e, "from", "qi.rebase.error.exists");
    }
    stmt_done(s);
  }
  check_text(e, "reason", zReason, true, QI_TEXT_MAX, true, "qi.rebase.error.reason_required",
             "qi.rebase.error.reason_too_long", "qi.rebase.error.bad_characters");
  if( e->n || !begin(db, e, "from") ) goto done;
  struct stmt *s = db_prepare(db,
    "INSERT INTO qi_rebase(measure_id,from_date,reason,created_at) VALUES(?1,?2,?3,?4)");
  stmt_bind_int(s, 1, measureId);
  stmt_bind_text(s, 2, zOn);
  stmt_bind_text(s, 3, zReason);
  stmt_bind_int(s, 4, (long long)time(0));
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf b = {0};
    rebase_audit_json(&b, m->zName, zOn, zReason);
    ok = audit_bufs(db, u, "create", "qi_rebase", measureId, unitId, 0, &b);
  }
  if( finish(db, ok, e, "from") ) rc = measureId;
done:
  free(m);
  return rc;
}

long long qi_rebase_delete(struct db *db, const struct user *u, long long measureId, const char *zFrom,
                           const char *zToday){
  long long unitId = 0, rc = -1;
  char *zReason = 0;
  struct qi_measure *m = zFrom ? measure_for_write(db, u, measureId, zToday, &unitId) : 0;
  if( !m ) goto done;
  struct stmt *s = db_prepare(db, "SELECT reason FROM qi_rebase WHERE measure_id=?1 AND from_date=?2");
  stmt_bind_int(s, 1, measureId);
  stmt_bind_text(s, 2, zFrom);
  if( stmt_step(s)==1 ) zReason = xstrdup(stmt_text(s, 0));
  stmt_done(s);
  if( !zReason || !db_begin(db) ) goto done;
  s = db_prepare(db, "DELETE FROM qi_rebase WHERE measure_id=?1 AND from_date=?2");
  stmt_bind_int(s, 1, measureId);
  stmt_bind_text(s, 2, zFrom);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf b = {0};
    rebase_audit_json(&b, m->zName, zFrom, zReason);
    ok = audit_bufs(db, u, "delete", "qi_rebase", measureId, unitId, &b, 0);
  }
  if( finish(db, ok, 0, 0) ) rc = measureId;
done:
  free(zReason);
  free(m);
  return rc;
}

/* ---- CSV import -------------------------------------------------------------------- */

/* Record an error found at import into the parsed file, keeping aError
** ordered by line (the first QI_CSV_MAX_ERRORS lines). */
static void csv_error_insert(struct qi_csv *c, int line, int column, const char *zKey, const char *zText){
  c->nError++;
  int nKept = c->nError-1<QI_CSV_MAX_ERRORS ? c->nError-1 : QI_CSV_MAX_ERRORS;
  int at = nKept;
  while( at>0 && c->aError[at-1].line>line ) at--;
  if( at>=QI_CSV_MAX_ERRORS ) return;
  int nMove = (nKept<QI_CSV_MAX_ERRORS ? nKept : QI_CSV_MAX_ERRORS-1) - at;
  if( nMove>0 ) memmove(&c->aError[at+1], &c->aError[at], (size_t)nMove*sizeof c->aError[0]);
  c->aError[at].line = line;
  c->aError[at].column = column;
  c->aError[at].zKey = zKey;
  text_copy(c->aError[at].zText, sizeof c->aError[at].zText, zText);
}

long long qi_points_import(struct db *db, const struct user *u, long long measureId,
                           struct qi_csv *c, bool bValidOnly, const char *zToday,
                           struct field_errors *e){
  long long unitId = 0, rc = -1;
  char *aTaken = 0;
  struct qi_measure *m = measure_for_write(db, u, measureId, zToday, &unitId);
  if( !m ) goto done;
  rc = 0;
  if( c->bFileError ){
    field_errors_add(e, "file", c->nError>0 ? c->aError[0].zKey : "qi.import.error.empty");
    goto done;
  }
  bool bRatio = is_ratio(m->zChart);
  for(size_t i=0; i<c->n; i++){
    if( c->aRow[i].bRatio!=bRatio ){ field_errors_add(e, "file", "qi.import.error.chart"); goto done; }
  }
  /* Dates after today (a measurement has happened; 2062 for 2026 is a
  ** slip) and dates the measure already has: errors by line, rows taken
  ** out of aRow (both lists ascend, so one merge walk). aTaken: 1 the
  ** date is taken, 2 it is in the future. */
  struct stmt *s = db_prepare(db, "SELECT on_date FROM qi_point WHERE measure_id=?1 ORDER BY on_date");
  stmt_bind_int(s, 1, measureId);
  size_t k = 0, nTaken = 0;
  aTaken = xcalloc(c->n ? c->n : 1, 1);
  int st;
  while( (st = stmt_step(s))==1 && k<c->n ){
    const char *zOn = stmt_text(s, 0);
    while( k<c->n && strcmp(c->aRow[k].zOn, zOn)<0 ) k++;
    if( k<c->n && strcmp(c->aRow[k].zOn, zOn)==0 ){ aTaken[k] = 1; nTaken++; k++; }
  }
  stmt_done(s);
  if( st<0 ){ field_errors_add(e, "file", "qi.error.not_saved"); goto done; }
  char zLatest[11];
  latest_measured(zToday, zLatest);
  for(size_t i=c->n; i>0 && strcmp(c->aRow[i-1].zOn, zLatest)>0; i--){
    if( !aTaken[i-1] ) nTaken++;
    aTaken[i-1] = 2;
  }
  if( nTaken ){
    size_t j = 0;
    for(size_t i=0; i<c->n; i++){
      if( aTaken[i] ){
        csv_error_insert(c, c->aRow[i].line, 1,
                         aTaken[i]==2 ? "qi.import.error.date_future" : "qi.import.error.date_exists", c->aRow[i].zOn);
        c->nRejected++;
      }else{
        c->aRow[j++] = c->aRow[i];
      }
    }
    c->n = j;
  }
  if( c->nError>0 && !bValidOnly ){ field_errors_add(e, "file", "qi.import.error.has_errors"); goto done; }
  if( c->n==0 ){ field_errors_add(e, "file", "qi.import.error.no_valid_rows"); goto done; }
  if( !begin(db, e, "file") ) goto done;
  bool ok = true;
  for(size_t i=0; ok && i<c->n; i++){
    const struct qi_csv_row *r = &c->aRow[i];
    s = db_prepare(db,
      "INSERT INTO qi_point(measure_id,on_date,value,numerator,denominator) VALUES(?1,?2,?3,?4,?5)");
    stmt_bind_int(s, 1, measureId);
    stmt_bind_text(s, 2, r->zOn);
    stmt_bind_double(s, 3, r->value);
    if( bRatio ){
      stmt_bind_double(s, 4, r->num);
      stmt_bind_double(s, 5, r->den);
    }else{
      stmt_bind_null(s, 4);
      stmt_bind_null(s, 5);
    }
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_str(&b, &bFirst, "measure", m->zName);
    json_kv_str(&b, &bFirst, "import", "csv");
    json_kv_int(&b, &bFirst, "count", (long long)c->n);
    json_kv_str(&b, &bFirst, "from", c->aRow[0].zOn);
    json_kv_str(&b, &bFirst, "to", c->aRow[c->n-1].zOn);
    json_kv_int(&b, &bFirst, "lines_left_out", (long long)c->nRejected);
    buf_putc(&b, '}');
    /* One entry for the whole import (the log allows create, update and
    ** delete): entity qi_point, the measure's id. */
    ok = audit_bufs(db, u, "create", "qi_point", measureId, unitId, 0, &b);
  }
  if( finish(db, ok, e, "file") ) rc = (long long)c->n;
done:
  free(aTaken);
  free(m);
  return rc;
}

/* ---- links ------------------------------------------------------------------------- */

long long qi_link_add(struct db *db, const struct user *u, long long projectId, const char *zKind,
                      long long refId, const char *zToday, struct field_errors *e){
  long long unitId = 0;
  if( !project_unit_for_write(db, u, projectId, zToday, &unitId) ) return -1;
  bool bDecision = zKind && strcmp(zKind, "decision")==0;
  bool bAction = zKind && strcmp(zKind, "action")==0;
  if( !bDecision && !bAction ){ field_errors_add(e, "kind", "qi.link.error.kind"); return 0; }
  struct stmt *s;
  char zText[2001] = "";
  bool bFound;
  if( bDecision ){
    /* A decision of a meeting of the unit, not on a restricted item (a
    ** link shows its text to everyone who may read the project). */
    s = db_prepare(db,
      "SELECT d.text FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id"
      "  JOIN meeting m ON m.id=a.meeting_id"
      " WHERE d.id=?1 AND m.unit_id=?2 AND a.restricted=0");
  }else{
    s = db_prepare(db, "SELECT ref || ' ' || description FROM action WHERE id=?1 AND unit_id=?2");
  }
  stmt_bind_int(s, 1, refId);
  stmt_bind_int(s, 2, unitId);
  bFound = first_text(s, zText, sizeof zText) && refId>0;
  if( !bFound ){ field_errors_add(e, "ref", "qi.link.error.not_found"); return 0; }
  s = db_prepare(db, "SELECT 1 FROM qi_link WHERE project_id=?1 AND (decision_id=?2 OR action_id=?3)");
  stmt_bind_int(s, 1, projectId);
  if( bDecision ){ stmt_bind_int(s, 2, refId); stmt_bind_null(s, 3); }
  else{ stmt_bind_null(s, 2); stmt_bind_int(s, 3, refId); }
  if( has_row(s) ){ field_errors_add(e, "ref", "qi.link.error.duplicate"); return 0; }
  if( !begin(db, e, "ref") ) return 0;
  s = db_prepare(db, "INSERT INTO qi_link(project_id,decision_id,action_id) VALUES(?1,?2,?3) RETURNING id");
  stmt_bind_int(s, 1, projectId);
  if( bDecision ){ stmt_bind_int(s, 2, refId); stmt_bind_null(s, 3); }
  else{ stmt_bind_null(s, 2); stmt_bind_int(s, 3, refId); }
  long long id = run_write(s, 0);
  bool ok = id>0;
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "project", projectId);
    json_kv_str(&b, &bFirst, "kind", zKind);
    json_kv_int(&b, &bFirst, bDecision ? "decision" : "action", refId);
    json_kv_str(&b, &bFirst, "text", zText);
    buf_putc(&b, '}');
    ok = audit_bufs(db, u, "create", "qi_link", id, unitId, 0, &b);
  }
  return finish(db, ok, e, "ref") ? id : 0;
}

long long qi_link_delete(struct db *db, const struct user *u, long long linkId, const char *zToday){
  struct stmt *s = db_prepare(db,
    "SELECT project_id, COALESCE(decision_id,0), COALESCE(action_id,0) FROM qi_link WHERE id=?1");
  stmt_bind_int(s, 1, linkId);
  if( stmt_step(s)!=1 ){ stmt_done(s); return -1; }
  long long projectId = stmt_int(s, 0), decisionId = stmt_int(s, 1), actionId = stmt_int(s, 2);
  stmt_done(s);
  long long unitId = 0;
  if( !project_unit_for_write(db, u, projectId, zToday, &unitId) || !db_begin(db) ) return -1;
  s = db_prepare(db, "DELETE FROM qi_link WHERE id=?1");
  stmt_bind_int(s, 1, linkId);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "project", projectId);
    if( decisionId ) json_kv_int(&b, &bFirst, "decision", decisionId);
    else json_kv_int(&b, &bFirst, "action", actionId);
    buf_putc(&b, '}');
    ok = audit_bufs(db, u, "delete", "qi_link", linkId, unitId, &b, 0);
  }
  return finish(db, ok, 0, 0) ? linkId : -1;
}

int qi_link_list(struct db *db, long long projectId, qi_link_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT l.id, COALESCE(l.decision_id,0), COALESCE(l.action_id,0), COALESCE(m.id,0),"
    "       COALESCE(m.starts_at,''), COALESCE(d.text, a.description, ''), COALESCE(a.ref,''),"
    "       COALESCE(a.status,'')"
    "  FROM qi_link l"
    "  LEFT JOIN decision d ON d.id=l.decision_id"
    "  LEFT JOIN agenda_item ai ON ai.id=d.agenda_item_id"
    "  LEFT JOIN action a ON a.id=l.action_id"
    "  LEFT JOIN meeting m ON m.id=COALESCE(ai.meeting_id, a.meeting_id)"
    " WHERE l.project_id=?1 ORDER BY COALESCE(m.starts_at,''), l.id");
  stmt_bind_int(s, 1, projectId);
  struct qi_link *l = xmalloc(sizeof *l);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(l, 0, sizeof *l);
    l->id = stmt_int(s, 0);
    l->decisionId = stmt_int(s, 1);
    l->actionId = stmt_int(s, 2);
    l->meetingId = stmt_int(s, 3);
    text_copy(l->zMeetingStartsAt, sizeof l->zMeetingStartsAt, stmt_text(s, 4));
    text_copy(l->zText, sizeof l->zText, stmt_text(s, 5));
    text_copy(l->zRef, sizeof l->zRef, stmt_text(s, 6));
    text_copy(l->zStatus, sizeof l->zStatus, stmt_text(s, 7));
    x(pCtx, l);
    n++;
  }
  stmt_done(s);
  free(l);
  return n;
}
