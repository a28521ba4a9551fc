/* References plans align with (see plan_reference.h). */
#include "domain/plan_reference.h"
#include "domain/domain_write.h"
#include "domain/audit.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *plan_ref_title(const struct plan_ref *p, enum lang lang){
  return lang==LANG_CY && p->zTitleCy[0] ? p->zTitleCy : p->zTitleEn;
}

int plan_ref_kinds(const char *zUnitKind, const char *az[2]){
  if( strcmp(zUnitKind, "health_board")==0 ){ az[0] = "imtp"; return 1; }
  if( strcmp(zUnitKind, "rpb")==0 ){ az[0] = "rpb_area_plan"; return 1; }
  if( strcmp(zUnitKind, "nation")==0 ){ az[0] = "acd_outcome"; az[1] = "national_priority"; return 2; }
  return 0;
}

static void ref_row(struct stmt *s, struct plan_ref *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  text_copy(p->zKind, sizeof p->zKind, stmt_text(s, 1));
  p->unitId = stmt_int(s, 2);
  text_copy(p->zCode, sizeof p->zCode, stmt_text(s, 3));
  text_copy(p->zTitleEn, sizeof p->zTitleEn, stmt_text(s, 4));
  text_copy(p->zTitleCy, sizeof p->zTitleCy, stmt_text(s, 5));
  text_copy(p->zUrl, sizeof p->zUrl, stmt_text(s, 6));
  p->sortOrder = stmt_int(s, 7);
  p->bDemo = stmt_int(s, 8)==1;
}

int plan_ref_list(struct db *db, long long unitId, const char *zKind, plan_ref_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, kind, unit_id, code, title_en, title_cy, COALESCE(url,''), sort_order, demo"
    " FROM plan_reference WHERE unit_id=?1 AND (CAST(?2 AS TEXT) IS NULL OR kind=?2)"
    " ORDER BY kind, sort_order, code, id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zKind);
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct plan_ref *p = xmalloc(sizeof *p);
    ref_row(s, p);
    x(pCtx, p);
    free(p);
    n++;
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

bool plan_ref_get(struct db *db, long long unitId, long long id, struct plan_ref *p){
  struct stmt *s = db_prepare(db,
    "SELECT id, kind, unit_id, code, title_en, title_cy, COALESCE(url,''), sort_order, demo"
    " FROM plan_reference WHERE id=? AND unit_id=?");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, unitId);
  bool ok = stmt_step(s)==1;
  if( ok ) ref_row(s, p);
  stmt_done(s);
  return ok;
}

/* A required single line of at most nMax characters. */
static void check_line(struct field_errors *e, const char *zField, const char *z, size_t nMax,
                       const char *zMissing, const char *zLong){
  domain_check_text(e, zField, z, true, nMax, false, zMissing, zLong, zLong);
}

static bool url_ok(const char *z){
  if( strncmp(z, "https://", 8)!=0 && strncmp(z, "http://", 7)!=0 ) return false;
  if( strlen(z)>PLANREF_URL_MAX || strlen(z)<=8 ) return false;
  for(const char *p=z; *p; p++) if( (unsigned char)*p<=' ' || *p=='"' || *p=='<' || *p=='>' ) return false;
  return true;
}

static void ref_json(struct buf *b, const char *zKind, const char *zCode, const char *zEn, const char *zCy,
                     const char *zUrl, long long order){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "kind", zKind);
  json_kv_str(b, &bFirst, "code", zCode);
  json_kv_str(b, &bFirst, "title_en", zEn);
  json_kv_str(b, &bFirst, "title_cy", zCy);
  json_kv_str(b, &bFirst, "url", zUrl);
  json_kv_int(b, &bFirst, "sort_order", order);
  buf_putc(b, '}');
}

long long plan_ref_save(struct db *db, const struct user *u, long long unitId, const char *zUnitKind,
                        long long id, const struct plan_ref_input *in, const char *zToday,
                        struct field_errors *e){
  e->n = 0;
  const char *azKind[2];
  int nKind = plan_ref_kinds(zUnitKind, azKind);
  if( nKind==0 ) return -1;
  /* Trimmed copies of what was typed. */
  char *zCode = xstrdup(in->zCode ? in->zCode : "");
  char *zEn = xstrdup(in->zTitleEn ? in->zTitleEn : "");
  char *zCy = xstrdup(in->zTitleCy ? in->zTitleCy : "");
  char *zUrl = xstrdup(in->zUrl ? in->zUrl : "");
  char *zOrder = xstrdup(in->zSortOrder ? in->zSortOrder : "");
  const char *zC = text_trim(zCode), *zE = text_trim(zEn), *zY = text_trim(zCy), *zU = text_trim(zUrl);
  const char *zO = text_trim(zOrder);
  const char *zKind = in->zKind && in->zKind[0] ? in->zKind : (nKind==1 ? azKind[0] : "");
  bool bKind = false;
  for(int i=0; i<nKind; i++) if( strcmp(zKind, azKind[i])==0 ){ bKind = true; zKind = azKind[i]; }
  if( !bKind ) field_errors_add(e, "kind", "planref.error.kind");
  check_line(e, "code", zC, PLANREF_CODE_MAX, "planref.error.code_missing", "planref.error.code_long");
  check_line(e, "title_en", zE, PLANREF_TITLE_MAX, "planref.error.title_en_missing", "planref.error.title_long");
  check_line(e, "title_cy", zY, PLANREF_TITLE_MAX, "planref.error.title_cy_missing", "planref.error.title_long");
  if( zU[0] && !url_ok(zU) ) field_errors_add(e, "url", "planref.error.url");
  long long order = 0;
  if( zO[0] && !text_to_int(zO, -100000, 100000, &order) ) field_errors_add(e, "sort_order", "planref.error.sort_order");
  long long result = 0;
  if( e->n ) goto done;
  if( !access_can_write(db, u, unitId, zToday) ){ result = -1; goto done; }
  if( !domain_begin(db, e, "code", "error.not_saved") ) goto done;
  struct plan_ref old;
  bool bOld = false;
  if( id ){
    bOld = plan_ref_get(db, unitId, id, &old);
    if( !bOld ){ result = field_errors_refuse_in_tx(db, e, "code", "error.not_saved"); goto done; }
  }
  /* The code is unique among the unit's references of the kind. */
  struct stmt *s = db_prepare(db, "SELECT id FROM plan_reference WHERE kind=? AND unit_id=? AND code=? AND id<>?");
  stmt_bind_text(s, 1, zKind);
  stmt_bind_int(s, 2, unitId);
  stmt_bind_text(s, 3, zC);
  stmt_bind_int(s, 4, id);
  if( stmt_step(s)==1 ) field_errors_add(e, "code", "planref.error.code_taken");
  stmt_done(s);
  if( !field_errors_checked_in_tx(db, e, 0, "code", "error.not_saved") ) goto done;
  long long now = (long long)time(0);
  if( id ){
    s = db_prepare(db,
      "UPDATE plan_reference SET kind=?, code=?, title_en=?, title_cy=?, url=?, sort_order=?, updated_at=?"
      " WHERE id=? AND unit_id=?");
  }else{
    s = db_prepare(db,
      "INSERT INTO plan_reference(kind,code,title_en,title_cy,url,sort_order,updated_at,unit_id,demo,created_at)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,0,?7) RETURNING id");
  }
  stmt_bind_text(s, 1, zKind);
  stmt_bind_text(s, 2, zC);
  stmt_bind_text(s, 3, zE);
  stmt_bind_text(s, 4, zY);
  if( zU[0] ) stmt_bind_text(s, 5, zU); else stmt_bind_null(s, 5);
  stmt_bind_int(s, 6, order);
  stmt_bind_int(s, 7, now);
  if( id ){
    stmt_bind_int(s, 8, id);
    stmt_bind_int(s, 9, unitId);
  }else{
    stmt_bind_int(s, 8, unitId);
  }
  bool ok;
  if( id ){
    ok = stmt_exec(s);
  }else{
    id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    ok = id>0;
  }
  struct buf jOld = {0}, jNew = {0};
  if( bOld ) ref_json(&jOld, old.zKind, old.zCode, old.zTitleEn, old.zTitleCy, old.zUrl, old.sortOrder);
  ref_json(&jNew, zKind, zC, zE, zY, zU, order);
  ok = ok && audit_record(db, u, bOld ? "update" : "create", "plan_reference", id, unitId,
                          bOld ? buf_cstr(&jOld) : 0, buf_cstr(&jNew));
  buf_free(&jOld);
  buf_free(&jNew);
  if( domain_commit(db, ok, e, "code", "error.not_saved") ) result = id;
done:
  free(zCode); free(zEn); free(zCy); free(zUrl); free(zOrder);
  return result;
}
