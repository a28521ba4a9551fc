/* Circulating a meeting: the agenda pack and its invitation, updates and
** cancellations (see circulate.h); the outbox's tally and the settings
** of circulation for the admin pages. */
#include "domain/circulate.h"
#include "domain/audit.h"
#include "domain/export_meeting.h"
#include "domain/member.h"
#include "domain/unit.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The language of the pack and invitation for a reader who chose ml, and
** uses carecluster in zAccountLang ("" or NULL: has no account). */
static enum lang reader_lang(enum mail_lang ml, const char *zAccountLang){
  if( ml==MAIL_EN ) return LANG_EN;
  if( ml==MAIL_CY ) return LANG_CY;
  return zAccountLang && strcmp(zAccountLang, "en")==0 ? LANG_EN : LANG_CY;
}

/* Addresses already taken, compared without case. */
struct seen { char (*a)[255]; int n, nAlloc; };
static bool seen_add(struct seen *s, const char *zEmail){
  for(int i=0; i<s->n; i++) if( strcasecmp(s->a[i], zEmail)==0 ) return false;
  if( s->n==s->nAlloc ){
    s->nAlloc = s->nAlloc ? 2*s->nAlloc : 32;
    s->a = xrealloc(s->a, sizeof(s->a[0])*(size_t)s->nAlloc);
  }
  snprintf(s->a[s->n++], sizeof s->a[0], "%s", zEmail);
  return true;
}

/* ---- who gets the pack --------------------------------------------------- */

int circulate_pack_recipients(struct db *db, const struct meeting *m, circulate_person_cb x, void *pCtx){
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  struct stmt *s = db_prepare(db,
    "SELECT p.id, p.name, COALESCE(p.email,''), p.mail_mode, p.mail_lang,"
    "  COALESCE((SELECT MIN(u.id) FROM app_user u WHERE u.person_id=p.id AND u.disabled=0),0),"
    "  COALESCE((SELECT u.lang FROM app_user u WHERE u.person_id=p.id AND u.disabled=0 ORDER BY u.id LIMIT 1),''),"
    "  CASE WHEN EXISTS(SELECT 1 FROM membership ms WHERE ms.person_id=p.id AND ms.unit_id=?1"
    "    AND " MEMBER_ON_SQL("ms", "?2") ") THEN 1 ELSE 0 END,"
    "  CASE WHEN EXISTS(SELECT 1 FROM agenda_item a WHERE a.meeting_id=?3 AND a.status='accepted'"
    "    AND a.lead_person_id=p.id) THEN 1 ELSE 0 END"
    " FROM person p"
    " WHERE p.id IN (SELECT ms.person_id FROM membership ms WHERE ms.unit_id=?1 AND " MEMBER_ON_SQL("ms", "?2") ")"
    "    OR p.id IN (SELECT a.lead_person_id FROM agenda_item a WHERE a.meeting_id=?3 AND a.status='accepted'"
    "                AND a.lead_person_id IS NOT NULL)"
    " ORDER BY p.name, p.id");
  stmt_bind_int(s, 1, m->unitId);
  stmt_bind_text(s, 2, zDate);
  stmt_bind_int(s, 3, m->id);
  struct seen seen = {0};
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct circulate_person c;
    memset(&c, 0, sizeof c);
    c.to.personId = stmt_int(s, 0);
    text_copy(c.to.zName, sizeof c.to.zName, stmt_text(s, 1));
    text_copy(c.to.zEmail, sizeof c.to.zEmail, stmt_text(s, 2));
    c.to.bDigest = strcmp(stmt_text(s, 3), "digest")==0;
    if( !mail_lang_parse(stmt_text(s, 4), &c.to.lang) ) c.to.lang = MAIL_BOTH;
    c.to.userId = stmt_int(s, 5);
    c.readerLang = reader_lang(c.to.lang, stmt_text(s, 6));
    c.bMember = stmt_int(s, 7)!=0;
    c.bLead = stmt_int(s, 8)!=0;
    /* A second person at an address already taken: that inbox has its copy. */
    if( c.to.zEmail[0] && !seen_add(&seen, c.to.zEmail) ) continue;
    x(pCtx, &c);
    n++;
  }
  stmt_done(s);
  free(seen.a);
  return rc<0 ? -1 : n;
}

/* The recipients with an address, gathered. */
struct people { struct circulate_person *a; int n, nAlloc; };
static void people_add(void *pCtx, const struct circulate_person *c){
  struct people *p = pCtx;
  if( !c->to.zEmail[0] ) return;
  if( p->n==p->nAlloc ){
    p->nAlloc = p->nAlloc ? 2*p->nAlloc : 32;
    p->a = xrealloc(p->a, sizeof(p->a[0])*(size_t)p->nAlloc);
  }
  p->a[p->n++] = *c;
}

void circulate_pack_languages(struct db *db, const struct meeting *m, bool abNeed[LANG__MAX]){
  struct people p = {0};
  circulate_pack_recipients(db, m, people_add, &p);
  for(int i=0; i<p.n; i++) abNeed[p.a[i].readerLang] = true;
  free(p.a);
}

/* ---- what every message about a meeting says ------------------------------ */

/* The agenda as the pack shows it to one who may not see restricted items. */
struct pack_item {
  char zStart[6];
  int position;
  char zTitle[201];          /* "" for a standing item shown by its key, or a restricted one */
  const char *zStdKey;       /* a standing item's title key, or NULL */
  char zLead[201];
};
struct agenda_gather { struct pack_item *a; int n, nAlloc; };
static void gather_item(void *pCtx, const struct agenda_item *it){
  struct agenda_gather *g = pCtx;
  if( strcmp(it->zStatus, "accepted")!=0 ) return;
  if( g->n==g->nAlloc ){
    g->nAlloc = g->nAlloc ? 2*g->nAlloc : 16;
    g->a = xrealloc(g->a, sizeof(g->a[0])*(size_t)g->nAlloc);
  }
  struct pack_item *p = &g->a[g->n++];
  memset(p, 0, sizeof *p);
  snprintf(p->zStart, sizeof p->zStart, "%s", it->zStart);
  p->position = it->position;
  p->zStdKey = agenda_title_key(it->zStanding, it->zTitle);
  if( !p->zStdKey ) text_copy(p->zTitle, sizeof p->zTitle, it->zTitle);
  text_copy(p->zLead, sizeof p->zLead, it->zLeadName);
}

/* When, where and how to join, as paragraphs. */
static void write_arrangements(struct letter *l, enum lang lang, const struct meeting *m){
  char zDate[48];
  letter_date(lang, m->zStartsAt, zDate);
  letter_para(l, I18N_FORMAT(lang, "mail.meeting.when"), zDate, m->zStartsAt+11, m->zEndsAt+11);
  if( m->zLocation[0] ) letter_para(l, I18N_FORMAT(lang, "mail.meeting.where"), m->zLocation);
  if( m->zOnlineLink[0] ) letter_para(l, I18N_FORMAT(lang, "mail.meeting.online"), m->zOnlineLink);
}

static void meeting_link(struct letter *l, enum lang lang, const struct meeting *m){
  char zPath[64];
  snprintf(zPath, sizeof zPath, "/meetings/%lld", m->id);
  letter_link(l, i18n_get(lang, "mail.meeting.link"), zPath);
}

/* ---- the pack ----------------------------------------------------------- */

struct pack_letter {
  const struct meeting *m;
  const char *zPublisher;
  bool bAgain;
  bool bAttached;
  const struct agenda_gather *pAgenda;
};

static void write_pack(struct letter *l, enum lang lang, void *pCtx){
  const struct pack_letter *x = pCtx;
  const struct meeting *m = x->m;
  const char *zUnit = unit_name_in(lang, m->zUnitName, m->zUnitNameCy);
  char zDate[48];
  letter_date(lang, m->zStartsAt, zDate);
  if( x->bAgain ){
    letter_subject(l, I18N_FORMAT(lang, "mail.pack.subject_again"), m->zTitle, zDate);
    letter_para(l, I18N_FORMAT(lang, "mail.pack.intro_again"), x->zPublisher, zUnit);
  }else{
    letter_subject(l, I18N_FORMAT(lang, "mail.pack.subject"), m->zTitle, zDate);
    letter_para(l, I18N_FORMAT(lang, "mail.pack.intro"), x->zPublisher, zUnit);
  }
  letter_quote(l, m->zTitle);
  write_arrangements(l, lang, m);
  const struct agenda_gather *g = x->pAgenda;
  if( g->n>0 ) letter_para(l, I18N_FORMAT(lang, "mail.pack.agenda"));
  for(int i=0; i<g->n; i++){
    const struct pack_item *it = &g->a[i];
    const char *zTitle = it->zStdKey ? i18n_get(lang, it->zStdKey)
                       : it->zTitle[0] ? it->zTitle : i18n_get(lang, "agenda.restricted");
    if( it->zLead[0] ) letter_bullet(l, I18N_FORMAT(lang, "mail.pack.item_lead"), it->zStart, it->position, zTitle, it->zLead);
    else letter_bullet(l, I18N_FORMAT(lang, "mail.pack.item"), it->zStart, it->position, zTitle);
  }
  if( x->bAttached ){
    letter_para(l, I18N_FORMAT(lang, "mail.pack.attached"));
  }else{
    letter_para(l, I18N_FORMAT(lang, "mail.pack.too_large"));
    char zPath[64];
    snprintf(zPath, sizeof zPath, "/meetings/%lld/pack.pdf", m->id);
    letter_link(l, i18n_get(lang, "mail.pack.download"), zPath);
  }
  letter_para(l, I18N_FORMAT(lang, "mail.pack.invitation"), x->zPublisher);
  meeting_link(l, lang, m);
}

/* The invitation in each language some recipient reads it in. */
struct invitations { struct buf a[LANG__MAX]; bool abMade[LANG__MAX]; };
static bool make_invitations(struct db *db, const struct meeting *m, enum invitation_method method,
                             const struct invitation_person *pOrganizer, const struct people *p,
                             const char *zReason, struct invitations *inv){
  memset(inv, 0, sizeof *inv);
  struct invitation_person *aAtt = xmalloc(sizeof(aAtt[0])*(size_t)(p->n ? p->n : 1));
  for(int i=0; i<p->n; i++){
    aAtt[i].zEmail = p->a[i].to.zEmail;
    aAtt[i].zName = p->a[i].to.zName;
  }
  bool ok = true;
  for(int i=0; i<p->n && ok; i++){
    enum lang l = p->a[i].readerLang;
    if( inv->abMade[l] ) continue;
    ok = export_meeting_invitation(db, m, method, pOrganizer, aAtt, p->n, zReason, l, &inv->a[l]);
    inv->abMade[l] = true;
  }
  free(aAtt);
  return ok;
}
static void invitations_free(struct invitations *inv){
  for(int l=0; l<LANG__MAX; l++) buf_free(&inv->a[l]);
}

bool circulate_pack(struct db *db, const struct user *pPublisher, const struct meeting *m,
                    const long long aFileId[LANG__MAX], bool bAgain){
  if( !outbox_enabled() ) return true;
  struct people p = {0};
  if( circulate_pack_recipients(db, m, people_add, &p)<0 ){ free(p.a); return false; }
  struct agenda_gather g = {0};
  agenda_list(db, 0, m, false, gather_item, &g);
  struct invitation_person org = { pPublisher->zEmail, pPublisher->zName };
  struct invitations inv;
  /* Times that cannot be read: the pack goes without an invitation. */
  bool bIcs = make_invitations(db, m, INVITATION_REQUEST, &org, &p, 0, &inv);
  bool ok = true;
  for(int i=0; i<p.n && ok; i++){
    enum lang l = p.a[i].readerLang, other = l==LANG_EN ? LANG_CY : LANG_EN;
    long long fileId = aFileId[l]>0 ? aFileId[l] : aFileId[other];
    struct pack_letter x = { m, pPublisher->zName, bAgain, fileId>0, &g };
    struct outbox_mail mail = {
      .zKind = "pack", .unitId = m->unitId, .meetingId = m->id, .to = &p.a[i].to,
      .write = write_pack, .pCtx = &x, .zIcs = bIcs ? buf_cstr(&inv.a[l]) : 0, .fileId = fileId,
      .bUrgent = true,
    };
    ok = outbox_queue(db, &mail);
  }
  invitations_free(&inv);
  free(g.a);
  free(p.a);
  return ok;
}

/* ---- after a change ------------------------------------------------------- */

/* The people the latest pack of meeting m went to (published at
** m->packPublishedAt), each once, with their choices of language as they
** are now; and the organiser of its invitation. */
static bool latest_pack_people(struct db *db, const struct meeting *m, struct people *p,
                               char *zOrgEmail, size_t nOrgEmail, char *zOrgName, size_t nOrgName){
  zOrgEmail[0] = zOrgName[0] = 0;
  if( m->packPublishedAt<=0 ) return true;
  struct stmt *s = db_prepare(db,
    "SELECT o.to_addr, o.to_name, COALESCE(o.person_id,0), COALESCE(o.user_id,0),"
    "  COALESCE(p.mail_lang, o.lang), COALESCE(u.lang,''), o.ics"
    " FROM outbox o LEFT JOIN person p ON p.id=o.person_id LEFT JOIN app_user u ON u.id=o.user_id"
    " WHERE o.meeting_id=?1 AND o.kind='pack' AND o.created_at>=?2 ORDER BY o.id DESC");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, m->packPublishedAt);
  struct seen seen = {0};
  int rc;
  while( (rc = stmt_step(s))==1 ){
    if( !zOrgEmail[0] && !stmt_is_null(s, 6) ){
      export_invitation_organizer(stmt_text(s, 6), zOrgEmail, nOrgEmail, zOrgName, nOrgName);
    }
    if( !seen_add(&seen, stmt_text(s, 0)) ) continue;
    struct circulate_person c;
    memset(&c, 0, sizeof c);
    text_copy(c.to.zEmail, sizeof c.to.zEmail, stmt_text(s, 0));
    text_copy(c.to.zName, sizeof c.to.zName, stmt_text(s, 1));
    c.to.personId = stmt_int(s, 2);
    c.to.userId = stmt_int(s, 3);
    if( !mail_lang_parse(stmt_text(s, 4), &c.to.lang) ) c.to.lang = MAIL_BOTH;
    c.readerLang = reader_lang(c.to.lang, stmt_text(s, 5));
    people_add(p, &c);
  }
  stmt_done(s);
  free(seen.a);
  /* Oldest first, as the pack went. */
  for(int i=0, j=p->n-1; i<j; i++, j--){
    struct circulate_person t = p->a[i];
    p->a[i] = p->a[j];
    p->a[j] = t;
  }
  return rc>=0;
}

struct change_letter {
  const struct meeting *m;       /* as it is now */
  const struct meeting *pOld;    /* before the change (NULL for a cancellation) */
  const char *zActor;
  const char *zReason;
};

static void write_change(struct letter *l, enum lang lang, void *pCtx){
  const struct change_letter *x = pCtx;
  const struct meeting *m = x->m, *o = x->pOld;
  const char *zUnit = unit_name_in(lang, m->zUnitName, m->zUnitNameCy);
  char zDate[48];
  letter_date(lang, m->zStartsAt, zDate);
  letter_subject(l, I18N_FORMAT(lang, "mail.update.subject"), m->zTitle, zDate);
  letter_para(l, I18N_FORMAT(lang, "mail.update.intro"), x->zActor, zUnit);
  letter_quote(l, m->zTitle);
  write_arrangements(l, lang, m);
  if( strcmp(o->zTitle, m->zTitle)!=0 ) letter_para(l, I18N_FORMAT(lang, "mail.update.was_title"), o->zTitle);
  if( strcmp(o->zStartsAt, m->zStartsAt)!=0 || strcmp(o->zEndsAt, m->zEndsAt)!=0 ){
    char zOld[48];
    letter_date(lang, o->zStartsAt, zOld);
    letter_para(l, I18N_FORMAT(lang, "mail.update.was_when"), zOld, o->zStartsAt+11, o->zEndsAt+11);
  }
  if( strcmp(o->zLocation, m->zLocation)!=0 && o->zLocation[0] ){
    letter_para(l, I18N_FORMAT(lang, "mail.update.was_where"), o->zLocation);
  }
  letter_para(l, I18N_FORMAT(lang, "mail.update.invitation"));
  meeting_link(l, lang, m);
}

static void write_cancel(struct letter *l, enum lang lang, void *pCtx){
  const struct change_letter *x = pCtx;
  const struct meeting *m = x->m;
  const char *zUnit = unit_name_in(lang, m->zUnitName, m->zUnitNameCy);
  char zDate[48];
  letter_date(lang, m->zStartsAt, zDate);
  letter_subject(l, I18N_FORMAT(lang, "mail.cancel.subject"), m->zTitle, zDate);
  letter_para(l, I18N_FORMAT(lang, "mail.cancel.intro"), x->zActor, zUnit, zDate, m->zStartsAt+11, m->zEndsAt+11);
  letter_quote(l, m->zTitle);
  letter_para(l, I18N_FORMAT(lang, "mail.cancel.reason"));
  letter_quote(l, x->zReason);
  letter_para(l, I18N_FORMAT(lang, "mail.cancel.invitation"));
  meeting_link(l, lang, m);
}

/* An update or cancellation of meeting meetingId to the people its latest
** pack went to. */
static bool circulate_change(struct db *db, const struct user *pActor, long long meetingId,
                             const struct meeting *pOld, const char *zReason){
  if( !outbox_enabled() ) return true;
  struct meeting m;
  if( !meeting_load(db, meetingId, &m) ) return false;
  struct people p = {0};
  char zOrgEmail[255], zOrgName[201];
  if( !latest_pack_people(db, &m, &p, zOrgEmail, sizeof zOrgEmail, zOrgName, sizeof zOrgName) ){
    free(p.a);
    return false;
  }
  if( p.n==0 ){ free(p.a); return true; }
  /* The invitation's own organiser: a calendar matches the update to it. */
  struct invitation_person org = { zOrgEmail, zOrgName };
  if( !zOrgEmail[0] && pActor ){ org.zEmail = pActor->zEmail; org.zName = pActor->zName; }
  bool bCancel = pOld==0;
  struct invitations inv;
  bool bIcs = make_invitations(db, &m, bCancel ? INVITATION_CANCEL : INVITATION_REQUEST, &org, &p, zReason, &inv);
  struct change_letter x = { &m, pOld, pActor ? pActor->zName : "carecluster", zReason };
  bool ok = true;
  for(int i=0; i<p.n && ok; i++){
    struct outbox_mail mail = {
      .zKind = bCancel ? "invitation_cancel" : "invitation_update", .unitId = m.unitId, .meetingId = m.id,
      .to = &p.a[i].to, .write = bCancel ? write_cancel : write_change, .pCtx = &x,
      .zIcs = bIcs ? buf_cstr(&inv.a[p.a[i].readerLang]) : 0, .bUrgent = true,
    };
    ok = outbox_queue(db, &mail);
  }
  invitations_free(&inv);
  free(p.a);
  return ok;
}

bool circulate_meeting_changed(struct db *db, const struct user *pActor, const struct meeting *pOld){
  return circulate_change(db, pActor, pOld->id, pOld, 0);
}

bool circulate_meeting_cancelled(struct db *db, const struct user *pActor, long long meetingId,
                                 const char *zReason){
  return circulate_change(db, pActor, meetingId, 0, zReason ? zReason : "");
}

/* ---- the outbox at a glance ------------------------------------------------ */

bool circulate_outbox_tally(struct db *db, struct outbox_tally *t){
  memset(t, 0, sizeof *t);
  struct stmt *s = db_prepare(db,
    "SELECT status, CASE WHEN attempts>0 THEN 1 ELSE 0 END AS tried, COUNT(*)"
    " FROM outbox GROUP BY status, CASE WHEN attempts>0 THEN 1 ELSE 0 END");
  int rc;
  while( (rc = stmt_step(s))==1 ){
    const char *z = stmt_text(s, 0);
    bool bTried = stmt_int(s, 1)!=0;
    long long n = stmt_int(s, 2);
    t->nAll += n;
    if( strcmp(z, "queued")==0 ){ if( bTried ) t->nRetrying += n; else t->nQueued += n; }
    else if( strcmp(z, "held")==0 ) t->nHeld += n;
    else if( strcmp(z, "sending")==0 ) t->nSending += n;
    else if( strcmp(z, "sent")==0 ) t->nSent += n;
    else if( strcmp(z, "failed")==0 ) t->nFailed += n;
    else if( strcmp(z, "digested")==0 ) t->nDigested += n;
  }
  stmt_done(s);
  return rc==0;
}

/* ---- settings --------------------------------------------------------------- */

void circulate_settings_get(struct db *db, struct circulate_settings *c){
  c->packAttachMaxKb = setting_get_int(db, SETTING_PACK_ATTACH_MAX_KB, PACK_ATTACH_MAX_KB_DEFAULT);
  c->callDays = setting_get_int(db, SETTING_CALL_DAYS, CALL_DAYS_DEFAULT);
}

int circulate_settings_save(struct db *db, const struct user *u, const char *zAttachKb,
                            const char *zCallDays, struct field_errors *e){
  if( !u || u->role!=ROLE_ADMIN ) return -1;
  long long kb = 0, days = 0;
  char zKb[32], zDays[32];
  text_copy(zKb, sizeof zKb, zAttachKb ? zAttachKb : "");
  text_copy(zDays, sizeof zDays, zCallDays ? zCallDays : "");
  /* "5,120" as people write it, and spaces around, are the number. */
  char *aZ[2] = { zKb, zDays };
  for(int k=0; k<2; k++){
    char *w = aZ[k];
    for(char *r = aZ[k]; *r; r++) if( *r!=',' && *r!=' ' ) *w++ = *r;
    *w = 0;
  }
  if( !text_to_int(zKb, 1, PACK_ATTACH_MAX_KB_LIMIT, &kb) ) field_errors_add(e, "pack_attach_max_kb", "error.setting_attach_kb");
  if( !text_to_int(zDays, 1, CALL_DAYS_LIMIT, &days) ) field_errors_add(e, "call_for_items_days", "error.setting_call_days");
  if( e->n ) return 0;
  if( !db_begin(db) ){ field_errors_add(e, "pack_attach_max_kb", "error.not_saved"); return 0; }
  struct circulate_settings old;
  circulate_settings_get(db, &old);
  struct buf bo = {0}, bn = {0};
  bool bFirstO = true, bFirstN = true, ok = true;
  buf_putc(&bo, '{');
  buf_putc(&bn, '{');
  if( old.packAttachMaxKb!=kb ){
    json_kv_int(&bo, &bFirstO, SETTING_PACK_ATTACH_MAX_KB, old.packAttachMaxKb);
    json_kv_int(&bn, &bFirstN, SETTING_PACK_ATTACH_MAX_KB, kb);
    ok = setting_set_int(db, SETTING_PACK_ATTACH_MAX_KB, kb);
  }
  if( ok && old.callDays!=days ){
    json_kv_int(&bo, &bFirstO, SETTING_CALL_DAYS, old.callDays);
    json_kv_int(&bn, &bFirstN, SETTING_CALL_DAYS, days);
    ok = setting_set_int(db, SETTING_CALL_DAYS, days);
  }
  buf_putc(&bo, '}');
  buf_putc(&bn, '}');
  bool bChanged = !bFirstN;
  if( ok && bChanged ) ok = audit_record(db, u, "update", "setting", 0, u->scopeUnitId, buf_cstr(&bo), buf_cstr(&bn));
  buf_free(&bo);
  buf_free(&bn);
  if( !bChanged ){ db_rollback(db); return 1; }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "pack_attach_max_kb", "error.not_saved");
    return 0;
  }
  return 1;
}

/* ---- publishing the agenda pack --------------------------------------- */

static void iso_utc(long long t, char zOut[21]){
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(zOut, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The audit entry of publishing: pack_published_at before and after. */
static bool publish_audit(struct db *db, const struct user *u, const struct meeting *m, long long old, long long now){
  char zOld[21], zNew[21];
  struct buf bo = {0}, bn = {0};
  bool bFirst = true;
  buf_putc(&bo, '{');
  if( old>0 ){ iso_utc(old, zOld); json_kv_str(&bo, &bFirst, "pack_published_at", zOld); }
  else json_kv_null(&bo, &bFirst, "pack_published_at");
  buf_putc(&bo, '}');
  bFirst = true;
  iso_utc(now, zNew);
  buf_putc(&bn, '{');
  json_kv_str(&bn, &bFirst, "pack_published_at", zNew);
  buf_putc(&bn, '}');
  bool ok = audit_record(db, u, "update", "meeting", m->id, m->unitId, buf_cstr(&bo), buf_cstr(&bn));
  buf_free(&bo);
  buf_free(&bn);
  return ok;
}

enum publish_result meeting_publish_pack(struct db *db, const struct user *u, const struct meeting *m,
                                         const char *zToday){
  if( !access_can_write(db, u, m->unitId, zToday) ) return PUBLISH_NOT_ALLOWED;
  if( strcmp(m->zStatus, "cancelled")==0 ) return PUBLISH_CANCELLED;
  long long now = (long long)time(0);
  bool bCirculate = outbox_enabled();
  /* The pack is drawn from reads outside the write transaction: one that
  ** failed would leave it short, so any failure since here refuses. */
  long long nFailedBefore = db_step_failures(db);
  /* The pack as it goes out says it was published now. Drawn before the
  ** write transaction, which then holds the database only to write. */
  struct meeting pub = *m;
  pub.packPublishedAt = now;
  struct buf aPdf[LANG__MAX];
  bool abMade[LANG__MAX] = {0};
  memset(aPdf, 0, sizeof aPdf);
  enum publish_result rc = PUBLISH_OK;
  if( bCirculate ){
    bool abNeed[LANG__MAX] = {0};
    circulate_pack_languages(db, m, abNeed);
    for(int l=0; l<LANG__MAX && rc==PUBLISH_OK; l++){
      if( !abNeed[l] ) continue;
      char zErr[300];
      /* NULL user: the pack goes by e-mail, so restricted items are time slots only. */
      if( !export_meeting_pdf(db, 0, &pub, EXPORT_PDF_PACK, (enum lang)l, outbox_base_url(), &aPdf[l], zErr, sizeof zErr) ){
        fprintf(stderr, "carecluster: meeting %lld: the agenda pack to circulate: %s\n", m->id, zErr);
        rc = PUBLISH_FAILED;
      }
      abMade[l] = true;
    }
  }
  long long maxKb = bCirculate ? setting_get_int(db, SETTING_PACK_ATTACH_MAX_KB, PACK_ATTACH_MAX_KB_DEFAULT) : 0;
  if( db_step_failures(db)!=nFailedBefore ) rc = PUBLISH_FAILED;
  if( rc==PUBLISH_OK && !db_begin(db) ) rc = PUBLISH_FAILED;
  if( rc==PUBLISH_OK ){
    /* Read the old value first: the audit entry records before and after. */
    struct stmt *s = db_prepare(db, "SELECT pack_published_at FROM meeting WHERE id=?");
    stmt_bind_int(s, 1, m->id);
    long long old = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    s = db_prepare(db, "UPDATE meeting SET pack_published_at=? WHERE id=?");
    stmt_bind_int(s, 1, now);
    stmt_bind_int(s, 2, m->id);
    bool ok = stmt_exec(s) && publish_audit(db, u, m, old, now);
    if( ok && bCirculate ){
      /* Each pack stored once, however many it goes to; none over the limit. */
      long long aFile[LANG__MAX] = {0};
      char zName[160];
      snprintf(zName, sizeof zName, "%s-%.10s-agenda.pdf", m->zUnitSlug, m->zStartsAt);
      for(int l=0; l<LANG__MAX && ok; l++){
        if( !abMade[l] || (long long)aPdf[l].n > maxKb*1024 ) continue;
        aFile[l] = outbox_file_add(db, m->id, zName, "application/pdf", aPdf[l].z, aPdf[l].n);
        ok = aFile[l]>0;
      }
      ok = ok && circulate_pack(db, u, &pub, aFile, old>0);
    }
    if( !ok || !db_commit(db) ){ db_rollback(db); rc = PUBLISH_FAILED; }
  }
  for(int l=0; l<LANG__MAX; l++) buf_free(&aPdf[l]);
  return rc;
}
