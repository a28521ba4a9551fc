#include "domain/audit.h"
#include "util/buf.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const audit_action_codes[] = { "create", "update", "delete", "sign_in", "sign_out", 0 };
const char *const audit_entity_codes[] = {
  "action", "agenda_item", "api_token", "attendance", "calendar_feed", "decision", "declaration", "indicator",
  "indicator_value", "interest",
  "finance_commitment", "sfi_signatory", "sfi_version",
  "business_case", "business_case_cost", "business_case_criterion", "business_case_objective", "business_case_option", "business_case_risk",
  "plan", "plan_alignment", "plan_objective", "plan_objective_action", "plan_progress",
  "meeting", "membership", "minutes", "paper", "password", "password_reset", "plan_reference", "qi_driver", "qi_link", "qi_measure", "qi_pdsa",
  "qi_point", "qi_project", "qi_rebase", "session", "setting", "terms_of_reference", "user",
  "needs_assessment", "needs_evidence", "needs_finding", "priority",
  "finance_allocation", "finance_carry_forward", "finance_budget_line", "finance_spend", "finance_ledger_import",
  "project", "eval_text", "logic_item", "eval_measurement", "benefit",
  "risk", "project_issue",
  "project_doc", "project_link", "project_stakeholder",
  "project_gate", "project_milestone",
  0 };

static bool audit_known(const char *const *az, const char *z){
  for(int i=0; z && az[i]; i++) if( strcmp(az[i], z)==0 ) return true;
  return false;
}

bool audit_record(struct db *db, const struct user *u, const char *zAction,
                  const char *zEntity, long long entityId, long long unitId,
                  const char *zOld, const char *zNew){
  if( !audit_known(audit_action_codes, zAction) || !audit_known(audit_entity_codes, zEntity) ){
    /* A record the audit log could not name: refused, so that the tests
    ** of the new write path fail until its code is listed above. */
    fprintf(stderr, "carecluster: audit: unknown code %s %s: add it to audit.c and both catalogues\n",
            zAction ? zAction : "(null)", zEntity ? zEntity : "(null)");
    return false;
  }
  char zActor[512];
  if( u ) snprintf(zActor, sizeof zActor, "%s <%s>", u->zName, u->zEmail);
  else snprintf(zActor, sizeof zActor, "command line");
  struct stmt *s = db_prepare(db,
    "INSERT INTO audit_log(at,user_id,actor,action,entity,entity_id,unit_id,old_values,new_values)"
    " VALUES(?,?,?,?,?,?,?,?,?)");
  stmt_bind_int(s, 1, (long long)time(0));
  if( u && u->id>0 ) stmt_bind_int(s, 2, u->id); else stmt_bind_null(s, 2);
  stmt_bind_text(s, 3, zActor);
  stmt_bind_text(s, 4, zAction);
  stmt_bind_text(s, 5, zEntity);
  if( entityId>0 ) stmt_bind_int(s, 6, entityId); else stmt_bind_null(s, 6);
  if( unitId>0 ) stmt_bind_int(s, 7, unitId); else stmt_bind_null(s, 7);
  stmt_bind_text(s, 8, zOld);
  stmt_bind_text(s, 9, zNew);
  return stmt_exec(s);
}

int audit_list(struct db *db, long long beforeId, int nMax, audit_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, u.name,"
    "       a.old_values, a.new_values, u.name_cy"
    "  FROM audit_log a LEFT JOIN unit u ON u.id=a.unit_id"
    " WHERE (?1=0 OR a.id<?1) ORDER BY a.id DESC LIMIT ?2");
  stmt_bind_int(s, 1, beforeId);
  stmt_bind_int(s, 2, nMax);
  int n = 0;
  while( stmt_step(s)==1 ){
    struct audit_entry e;
    memset(&e, 0, sizeof e);
    e.id = stmt_int(s, 0);
    e.at = stmt_int(s, 1);
    snprintf(e.zActor, sizeof e.zActor, "%s", stmt_text(s, 2));
    snprintf(e.zAction, sizeof e.zAction, "%s", stmt_text(s, 3));
    snprintf(e.zEntity, sizeof e.zEntity, "%s", stmt_text(s, 4));
    e.entityId = stmt_int(s, 5);
    snprintf(e.zUnitName, sizeof e.zUnitName, "%s", stmt_text(s, 6));
    snprintf(e.zUnitNameCy, sizeof e.zUnitNameCy, "%s", stmt_text(s, 9));
    e.zOld = stmt_is_null(s, 7) ? 0 : stmt_text(s, 7);
    e.zNew = stmt_is_null(s, 8) ? 0 : stmt_text(s, 8);
    x(pCtx, &e);
    n++;
  }
  stmt_done(s);
  return n;
}

/* A flat JSON object parsed into key/value text pairs. */
struct flat { int n; char *azKey[32]; char *azVal[32]; };

static void flat_free(struct flat *f){
  for(int i=0; i<f->n; i++){ free(f->azKey[i]); free(f->azVal[i]); }
  f->n = 0;
}

/* Parse a JSON string at *pz (just after its opening quote) into a new
** string; advance *pz past the closing quote. NULL on malformed input. */
static char *flat_string(const char **pz){
  struct buf b = {0};
  const char *z = *pz;
  while( *z && *z!='"' ){
    if( *z=='\\' ){
      z++;
      switch( *z ){
        case 'n': buf_putc(&b, '\n'); break;
        case 't': buf_putc(&b, '\t'); break;
        case 'r': buf_putc(&b, '\r'); break;
        case 'u': {
          unsigned v = 0;
          for(int i=1; i<=4; i++){
            char c = z[i];
            if( !isxdigit((unsigned char)c) ){ buf_free(&b); return 0; }
            v = v*16 + (unsigned)(c<='9' ? c-'0' : (c|0x20)-'a'+10);
          }
          /* audit_record only escapes ASCII this way */
          if( v<0x80 ) buf_putc(&b, (char)v);
          z += 4;
          break;
        }
        case 0: buf_free(&b); return 0;
        default: buf_putc(&b, *z);
      }
      z++;
      continue;
    }
    buf_putc(&b, *z++);
  }
  if( *z!='"' ){ buf_free(&b); return 0; }
  *pz = z+1;
  return buf_steal(&b);
}

static bool flat_parse(const char *z, struct flat *f){
  f->n = 0;
  if( !z ) return true;
  while( *z==' ' ) z++;
  if( *z++!='{' ) return false;
  while( *z==' ' ) z++;
  if( *z=='}' ) return true;
  while( f->n<32 ){
    if( *z++!='"' ) goto bad;
    char *zKey = flat_string(&z);
    if( !zKey ) goto bad;
    f->azKey[f->n] = zKey;
    f->azVal[f->n] = 0;
    f->n++;
    if( *z++!=':' ) goto bad;
    if( *z=='"' ){
      z++;
      if( !(f->azVal[f->n-1] = flat_string(&z)) ) goto bad;
    }else{
      /* A nested object or array is not flat: refuse it rather than
      ** read its first comma or brace as the end of the value. */
      if( *z=='{' || *z=='[' ) goto bad;
      const char *zStart = z;
      while( *z && *z!=',' && *z!='}' ) z++;
      f->azVal[f->n-1] = xstrndup(zStart, (size_t)(z-zStart));
      if( strcmp(f->azVal[f->n-1], "null")==0 ){ free(f->azVal[f->n-1]); f->azVal[f->n-1] = xstrdup(""); }
    }
    if( *z=='}' ) return true;
    if( *z++!=',' ) goto bad;
  }
bad:
  flat_free(f);
  return false;
}

static const char *flat_get(const struct flat *f, const char *zKey){
  for(int i=0; i<f->n; i++) if( strcmp(f->azKey[i], zKey)==0 ) return f->azVal[i];
  return 0;
}

bool audit_diff(const char *zOld, const char *zNew, audit_field_cb x, void *pCtx){
  struct flat o, n;
  if( !flat_parse(zOld, &o) ) return false;
  if( !flat_parse(zNew, &n) ){ flat_free(&o); return false; }
  for(int i=0; i<n.n; i++){
    const char *zWas = flat_get(&o, n.azKey[i]);
    if( !zWas || strcmp(zWas, n.azVal[i])!=0 ) x(pCtx, n.azKey[i], zWas, n.azVal[i]);
  }
  for(int i=0; i<o.n; i++){
    if( !flat_get(&n, o.azKey[i]) ) x(pCtx, o.azKey[i], o.azVal[i], 0);
  }
  flat_free(&o);
  flat_free(&n);
  return true;
}
