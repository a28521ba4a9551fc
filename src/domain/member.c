#include "domain/member.h"
#include "domain/audit.h"
#include "domain/mail_prefs.h"
#include "util/json.h"
#include "util/text.h"
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MEMBERSHIP_COLS \
  "m.id, m.person_id, m.unit_id, p.name, p.email, p.job_title, p.organisation," \
  " m.role_code, r.label_key, m.is_core, m.is_voting, m.valid_from, m.valid_to, p.mail_mode, p.mail_lang"

static void membership_from_row(struct stmt *s, struct membership *m){
  memset(m, 0, sizeof *m);
  m->id = stmt_int(s, 0);
  m->personId = stmt_int(s, 1);
  m->unitId = stmt_int(s, 2);
  snprintf(m->zName, sizeof m->zName, "%s", stmt_text(s, 3));
  snprintf(m->zEmail, sizeof m->zEmail, "%s", stmt_text(s, 4));
  snprintf(m->zJobTitle, sizeof m->zJobTitle, "%s", stmt_text(s, 5));
  snprintf(m->zOrganisation, sizeof m->zOrganisation, "%s", stmt_text(s, 6));
  snprintf(m->zRole, sizeof m->zRole, "%s", stmt_text(s, 7));
  snprintf(m->zRoleKey, sizeof m->zRoleKey, "%s", stmt_text(s, 8));
  m->bCore = stmt_int(s, 9)!=0;
  m->bVoting = stmt_int(s, 10)!=0;
  snprintf(m->zFrom, sizeof m->zFrom, "%s", stmt_text(s, 11));
  snprintf(m->zTo, sizeof m->zTo, "%s", stmt_text(s, 12));
  snprintf(m->zMailMode, sizeof m->zMailMode, "%s", stmt_text(s, 13));
  snprintf(m->zMailLang, sizeof m->zMailLang, "%s", stmt_text(s, 14));
}

bool member_on_date(struct db *db, long long unitId, long long personId, const char *zDate){
  struct stmt *s = db_prepare(db,
    "SELECT 1 FROM membership m WHERE m.unit_id=?1 AND m.person_id=?2 AND " MEMBER_ON_SQL("m", "?3"));
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, personId);
  stmt_bind_text(s, 3, zDate);
  bool b = stmt_step(s)==1;
  stmt_done(s);
  return b;
}

int membership_list(struct db *db, long long unitId, bool bCurrent, const char *zToday,
                    membership_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " MEMBERSHIP_COLS
    "  FROM membership m JOIN person p ON p.id=m.person_id"
    "  JOIN cluster_role r ON r.code=m.role_code"
    " WHERE m.unit_id=?1"
    "   AND (?2=0 OR " MEMBER_ON_SQL("m", "?3") ")"
    " ORDER BY m.is_core DESC, r.sort_order, p.name, m.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, bCurrent ? 1 : 0);
  stmt_bind_text(s, 3, zToday);
  int n = 0;
  struct membership m;
  while( stmt_step(s)==1 ){
    membership_from_row(s, &m);
    x(pCtx, &m);
    n++;
  }
  stmt_done(s);
  return n;
}

bool membership_get(struct db *db, long long id, struct membership *m){
  struct stmt *s = db_prepare(db,
    "SELECT " MEMBERSHIP_COLS
    "  FROM membership m JOIN person p ON p.id=m.person_id"
    "  JOIN cluster_role r ON r.code=m.role_code WHERE m.id=?1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) membership_from_row(s, m);
  stmt_done(s);
  return b;
}

int membership_roles(struct db *db, struct role_option *a, int nMax){
  struct stmt *s = db_prepare(db,
    "SELECT code, label_key, core_default, voting_default FROM cluster_role ORDER BY sort_order");
  int n = 0;
  while( stmt_step(s)==1 && n<nMax ){
    snprintf(a[n].zCode, sizeof a[n].zCode, "%s", stmt_text(s, 0));
    snprintf(a[n].zKey, sizeof a[n].zKey, "%s", stmt_text(s, 1));
    a[n].bCore = stmt_int(s, 2)!=0;
    a[n].bVoting = stmt_int(s, 3)!=0;
    n++;
  }
  stmt_done(s);
  return n;
}

/* True if z is missing or blank: a name of spaces is no name. */
static bool empty(const char *z){
  if( !z ) return true;
  while( *z==' ' || *z=='\t' || *z=='\r' || *z=='\n' ) z++;
  return *z==0;
}

static void check_text(struct field_errors *e, const char *zField, const char *z,
                       bool bRequired, const char *zRequiredKey){
  if( empty(z) ){
    if( bRequired ) field_errors_add(e, zField, zRequiredKey);
    return;
  }
  if( strlen(z)>MEMBER_NAME_MAX ) field_errors_add(e, zField, "error.too_long_200");
  else if( !text_is_clean_utf8(z, false) ) field_errors_add(e, zField, "error.bad_characters");
}

/* Validate in; with idSelf the membership being changed (0 when new). */
static void member_validate(struct db *db, long long unitId, long long idSelf,
                            const struct member_input *in, struct field_errors *e){
  check_text(e, "name", in->zName, true, "error.name_required");
  if( in->zMailMode || in->zMailLang ) mail_prefs_check(in->zMailMode, in->zMailLang, e);
  if( !empty(in->zEmail) && !text_is_email(in->zEmail) ){
    field_errors_add(e, "email", "error.email_invalid");
  }
  check_text(e, "job_title", in->zJobTitle, false, 0);
  check_text(e, "organisation", in->zOrganisation, false, 0);
  if( empty(in->zRole) ){
    field_errors_add(e, "role", "error.role_required");
  }else{
    struct stmt *s = db_prepare(db, "SELECT 1 FROM cluster_role WHERE code=?");
    stmt_bind_text(s, 1, in->zRole);
    if( stmt_step(s)!=1 ) field_errors_add(e, "role", "error.role_required");
    stmt_done(s);
  }
  if( empty(in->zCore) || (strcmp(in->zCore, "core")!=0 && strcmp(in->zCore, "attendance")!=0) ){
    field_errors_add(e, "core", "error.core_required");
  }
  if( empty(in->zVoting) || (strcmp(in->zVoting, "yes")!=0 && strcmp(in->zVoting, "no")!=0) ){
    field_errors_add(e, "voting", "error.voting_required");
  }
  bool bFromOk = false;
  if( empty(in->zFrom) ) field_errors_add(e, "valid_from", "error.start_required");
  else if( !text_is_date(in->zFrom) ) field_errors_add(e, "valid_from", "error.date_invalid");
  else bFromOk = true;
  if( !empty(in->zTo) ){
    if( !text_is_date(in->zTo) ) field_errors_add(e, "valid_to", "error.date_invalid");
    else if( bFromOk && strcmp(in->zTo, in->zFrom)<0 ) field_errors_add(e, "valid_to", "error.end_before_start");
  }
  /* A cluster has one chair at a time. */
  if( bFromOk && in->zRole && strcmp(in->zRole, "cluster_lead")==0 && !field_errors_get(e, "valid_to") ){
    struct stmt *s = db_prepare(db,
      "SELECT 1 FROM membership WHERE unit_id=?1 AND role_code='cluster_lead' AND id<>?2"
      "   AND valid_from<=COALESCE(?4,'9999-12-31')"
      "   AND (valid_to IS NULL OR valid_to>=?3)");
    stmt_bind_int(s, 1, unitId);
    stmt_bind_int(s, 2, idSelf);
    stmt_bind_text(s, 3, in->zFrom);
    stmt_bind_text(s, 4, empty(in->zTo) ? 0 : in->zTo);
    if( stmt_step(s)==1 ) field_errors_add(e, "role", "error.one_cluster_lead");
    stmt_done(s);
  }
}

static const char *nz(const char *z){ return empty(z) ? 0 : z; }

/* JSON of a membership's recorded fields, for the audit log. */
static void member_json(struct buf *b, const struct membership *m){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "name", m->zName);
  json_kv_str(b, &bFirst, "email", m->zEmail);
  json_kv_str(b, &bFirst, "job_title", m->zJobTitle);
  json_kv_str(b, &bFirst, "organisation", m->zOrganisation);
  json_kv_str(b, &bFirst, "role", m->zRole);
  json_kv_bool(b, &bFirst, "core", m->bCore);
  json_kv_bool(b, &bFirst, "voting", m->bVoting);
  json_kv_str(b, &bFirst, "valid_from", m->zFrom);
  if( m->zTo[0] ) json_kv_str(b, &bFirst, "valid_to", m->zTo);
  else json_kv_null(b, &bFirst, "valid_to");
  json_kv_str(b, &bFirst, "mail_mode", m->zMailMode);
  json_kv_str(b, &bFirst, "mail_lang", m->zMailLang);
  buf_putc(b, '}');
}

/* The person's e-mail choices as the form sent them (checked): their
** audit is the membership's, which carries them. */
static bool set_mail_prefs(struct db *db, long long personId, const struct member_input *in){
  struct buf bOld = {0}, bNew = {0};
  bool ok = mail_prefs_write(db, personId, in->zMailMode, in->zMailLang, &bOld, &bNew);
  buf_free(&bOld);
  buf_free(&bNew);
  return ok;
}

long long membership_add(struct db *db, const struct user *u, long long unitId,
                         const struct member_input *in, const char *zToday,
                         struct field_errors *e){
  if( !access_can_write(db, u, unitId, zToday) ) return -1;
  /* The checks that read (one Cluster Lead at a time) run inside the
  ** write transaction: two people adding a Cluster Lead at once, on one
  ** server or two, cannot both find the chair free. */
  if( !db_begin(db) ){ field_errors_add(e, "name", "error.not_saved"); return 0; }
  member_validate(db, unitId, 0, in, e);
  if( !field_errors_checked_in_tx(db, e, 0, "name", "error.not_saved") ) return 0;
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "INSERT INTO person(name,email,job_title,organisation,home_unit_id,created_at,updated_at)"
    " VALUES(?,?,?,?,?,?,?) RETURNING id");
  stmt_bind_text(s, 1, in->zName);
  stmt_bind_text(s, 2, nz(in->zEmail));
  stmt_bind_text(s, 3, nz(in->zJobTitle));
  stmt_bind_text(s, 4, nz(in->zOrganisation));
  stmt_bind_int(s, 5, unitId);
  stmt_bind_int(s, 6, now);
  stmt_bind_int(s, 7, now);
  long long personId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  long long id = 0;
  if( personId ){
    s = db_prepare(db,
      "INSERT INTO membership(person_id,unit_id,role_code,is_core,is_voting,valid_from,valid_to,"
      " created_at,updated_at) VALUES(?,?,?,?,?,?,?,?,?) RETURNING id");
    stmt_bind_int(s, 1, personId);
    stmt_bind_int(s, 2, unitId);
    stmt_bind_text(s, 3, in->zRole);
    stmt_bind_int(s, 4, strcmp(in->zCore, "core")==0);
    stmt_bind_int(s, 5, strcmp(in->zVoting, "yes")==0);
    stmt_bind_text(s, 6, in->zFrom);
    stmt_bind_text(s, 7, nz(in->zTo));
    stmt_bind_int(s, 8, now);
    stmt_bind_int(s, 9, now);
    id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
  }
  bool ok = id>0;
  if( ok && in->zMailMode && in->zMailLang ) ok = set_mail_prefs(db, personId, in);
  struct membership m;
  ok = ok && membership_get(db, id, &m);
  if( ok ){
    struct buf b = {0};
    member_json(&b, &m);
    ok = audit_record(db, u, "create", "membership", id, unitId, 0, buf_cstr(&b));
    buf_free(&b);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "name", "error.not_saved");
    return 0;
  }
  return id;
}

long long membership_update(struct db *db, const struct user *u, long long id,
                            const struct member_input *in, const char *zToday,
                            struct field_errors *e){
  struct membership old;
  if( !membership_get(db, id, &old) ) return -1;
  if( !access_can_write(db, u, old.unitId, zToday) ) return -1;
  /* Validated inside the write transaction, as membership_add. */
  if( !db_begin(db) ){ field_errors_add(e, "name", "error.not_saved"); return 0; }
  member_validate(db, old.unitId, id, in, e);
  if( !field_errors_checked_in_tx(db, e, 0, "name", "error.not_saved") ) return 0;
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "UPDATE person SET name=?, email=?, job_title=?, organisation=?, updated_at=? WHERE id=?");
  stmt_bind_text(s, 1, in->zName);
  stmt_bind_text(s, 2, nz(in->zEmail));
  stmt_bind_text(s, 3, nz(in->zJobTitle));
  stmt_bind_text(s, 4, nz(in->zOrganisation));
  stmt_bind_int(s, 5, now);
  stmt_bind_int(s, 6, old.personId);
  bool ok = stmt_exec(s);
  if( ok ){
    s = db_prepare(db,
      "UPDATE membership SET role_code=?, is_core=?, is_voting=?, valid_from=?, valid_to=?,"
      " updated_at=? WHERE id=?");
    stmt_bind_text(s, 1, in->zRole);
    stmt_bind_int(s, 2, strcmp(in->zCore, "core")==0);
    stmt_bind_int(s, 3, strcmp(in->zVoting, "yes")==0);
    stmt_bind_text(s, 4, in->zFrom);
    stmt_bind_text(s, 5, nz(in->zTo));
    stmt_bind_int(s, 6, now);
    stmt_bind_int(s, 7, id);
    ok = stmt_exec(s);
  }
  if( ok && in->zMailMode && in->zMailLang ) ok = set_mail_prefs(db, old.personId, in);
  struct membership neu;
  if( ok ) ok = membership_get(db, id, &neu);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    member_json(&bOld, &old);
    member_json(&bNew, &neu);
    if( strcmp(buf_cstr(&bOld), buf_cstr(&bNew))!=0 ){
      ok = audit_record(db, u, "update", "membership", id, old.unitId, buf_cstr(&bOld), buf_cstr(&bNew));
    }
    buf_free(&bOld);
    buf_free(&bNew);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "name", "error.not_saved");
    return 0;
  }
  return id;
}

bool membership_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                            struct membership *p){
  return membership_get(db, id, p) && access_can_read(db, u, p->unitId, zToday);
}
