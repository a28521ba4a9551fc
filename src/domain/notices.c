/* What the meeting cycle sends: see notices.h. */
#include "domain/notices.h"
#include "domain/audit.h"
#include "domain/member.h"
#include "domain/outbox.h"
#include "domain/unit.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers -------------------------------------------------------------- */

/* A meeting's day and time as a letter writes them: "10 December 2026", "13:30". */
static void meeting_when(enum lang lang, const char *zStartsAt, char zDate[48], char zTime[6]){
  char zDay[11];
  snprintf(zDay, sizeof zDay, "%.10s", zStartsAt);
  letter_date(lang, zDay, zDate);
  snprintf(zTime, 6, "%.5s", strlen(zStartsAt)>=16 ? zStartsAt+11 : "");
}

/* z on one line, cut to at most nChars characters with "…" when cut,
** into zOut (n bytes). */
static void clip(const char *z, size_t nChars, char *zOut, size_t n){
  if( !z ) z = "";
  size_t i = 0, o = 0, c = 0;
  while( z[i] && c<nChars ){
    size_t k = 1;
    while( ((unsigned char)z[i+k] & 0xC0)==0x80 ) k++;
    if( o+k+4>n ) break;
    /* One line: a line break would break the list it sits in. */
    if( z[i]=='\r' || z[i]=='\n' || z[i]=='\t' ) zOut[o++] = ' ';
    else{ memcpy(zOut+o, z+i, k); o += k; }
    i += k;
    c++;
  }
  zOut[o] = 0;
  if( z[i] ) strcat(zOut, "\xe2\x80\xa6");
}

/* Queue the message to person personId (nothing when they have no address). */
static bool to_person(struct db *db, long long personId, const char *zKind, long long unitId,
                      long long meetingId, letter_writer w, void *pCtx){
  struct recipient to;
  if( personId<=0 || !outbox_recipient_person(db, personId, &to) ) return true;
  struct outbox_mail mm = { .zKind = zKind, .unitId = unitId, .meetingId = meetingId, .to = &to,
                            .write = w, .pCtx = pCtx };
  return outbox_queue(db, &mm);
}

/* The distinct people with a membership of unitId on zDate1 or zDate2,
** into *pa (freed by the caller); how many, -1 on failure. */
static int unit_people(struct db *db, long long unitId, const char *zDate1, const char *zDate2, long long **pa){
  struct stmt *s = db_prepare(db,
    "SELECT DISTINCT mb.person_id FROM membership mb WHERE mb.unit_id=?1"
    "   AND (" MEMBER_ON_SQL("mb", "?2") " OR " MEMBER_ON_SQL("mb", "?3") ")"
    " ORDER BY mb.person_id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zDate1);
  stmt_bind_text(s, 3, zDate2);
  int n = 0, nAlloc = 0, rc;
  long long *a = 0;
  while( (rc = stmt_step(s))==1 ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 32; a = xrealloc(a, sizeof(a[0])*(size_t)nAlloc); }
    a[n++] = stmt_int(s, 0);
  }
  stmt_done(s);
  *pa = a;
  return rc<0 ? -1 : n;
}

/* Send to every person of unit unitId on zDate1 or zDate2. */
static bool to_members(struct db *db, long long unitId, const char *zDate1, const char *zDate2,
                       const char *zKind, long long meetingId, letter_writer w, void *pCtx){
  long long *a = 0;
  int n = unit_people(db, unitId, zDate1, zDate2, &a);
  bool ok = n>=0;
  for(int i=0; ok && i<n; i++) ok = to_person(db, a[i], zKind, unitId, meetingId, w, pCtx);
  free(a);
  return ok;
}

static void meeting_path(const struct meeting *m, const char *zTail, char zOut[96]){
  snprintf(zOut, 96, "/meetings/%lld%s", m->id, zTail);
}

/* ---- who chairs --------------------------------------------------------------- */

int notices_chair_people(struct db *db, long long unitId, const char *zDate, long long *a, int nMax){
  /* The Cluster Lead first; a deputy only when there is none. */
  struct stmt *s = db_prepare(db,
    "SELECT mb.person_id, mb.role_code FROM membership mb"
    " WHERE mb.unit_id=?1 AND mb.role_code IN ('cluster_lead','deputy_cluster_lead')"
    "   AND " MEMBER_ON_SQL("mb", "?2")
    " ORDER BY CASE WHEN mb.role_code='cluster_lead' THEN 0 ELSE 1 END, mb.person_id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zDate);
  int n = 0;
  bool bLead = false;
  while( stmt_step(s)==1 && n<nMax ){
    bool bThisLead = strcmp(stmt_text(s, 1), "cluster_lead")==0;
    if( bLead && !bThisLead ) break;
    bLead = bLead || bThisLead;
    a[n++] = stmt_int(s, 0);
  }
  stmt_done(s);
  return n;
}

/* ---- each person's choices ----------------------------------------------------- */

int notices_prefs_set(struct db *db, const struct user *u, const char *zMode, const char *zLang,
                      struct field_errors *e){
  long long personId = meeting_user_person(db, u);
  if( personId<=0 ) return -1;
  mail_prefs_check(zMode, zLang, e);
  if( e->n ) return 0;
  if( !db_begin(db) ){ field_errors_add(e, "mail_mode", "error.not_saved"); return 0; }
  struct stmt *s = db_prepare(db, "SELECT home_unit_id FROM person WHERE id=?");
  stmt_bind_int(s, 1, personId);
  long long unitId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  struct buf bOld = {0}, bNew = {0};
  buf_putc(&bOld, '{');
  buf_putc(&bNew, '{');
  bool ok = unitId>0 && mail_prefs_write(db, personId, zMode, zLang, &bOld, &bNew);
  buf_putc(&bOld, '}');
  buf_putc(&bNew, '}');
  if( ok ) ok = audit_record(db, u, "update", "user", u->id, unitId, buf_cstr(&bOld), buf_cstr(&bNew));
  buf_free(&bOld);
  buf_free(&bNew);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "mail_mode", "error.not_saved");
    return 0;
  }
  return 1;
}

/* ---- the call for items ------------------------------------------------------ */

struct call_letter { const struct meeting *m; };

static void write_call(struct letter *l, enum lang lang, void *pCtx){
  const struct meeting *m = ((struct call_letter*)pCtx)->m;
  char zDate[48], zTime[6], zDlDate[48], zDlTime[6];
  meeting_when(lang, m->zStartsAt, zDate, zTime);
  meeting_when(lang, m->zItemsDeadline, zDlDate, zDlTime);
  const char *zUnit = unit_name_in(lang, m->zUnitName, m->zUnitNameCy);
  letter_subject(l, I18N_FORMAT(lang, "mail.call.subject"), m->zTitle, zDate);
  letter_para(l, I18N_FORMAT(lang, "mail.call.intro"), zUnit, m->zTitle, zDate, zTime);
  letter_para(l, I18N_FORMAT(lang, "mail.call.deadline"), zDlTime, zDlDate);
  letter_para(l, I18N_FORMAT(lang, "mail.call.how"));
  char zPath[96];
  meeting_path(m, "#add-item", zPath);
  letter_link(l, i18n_get(lang, "mail.call.link"), zPath);
}

bool notices_call_for_items(struct db *db, const struct meeting *m, const char *zToday){
  struct call_letter x = { m };
  return to_members(db, m->unitId, zToday, zToday, "call_for_items", m->id, write_call, &x);
}

/* ---- proposals ------------------------------------------------------------- */

struct proposal_letter {
  const struct meeting *m;
  const char *zBy;
  long long itemId;
  const char *zTitle, *zDescription, *zPurpose;
  long long nMinutes;
};

static void write_proposal(struct letter *l, enum lang lang, void *pCtx){
  const struct proposal_letter *x = pCtx;
  char zDate[48], zTime[6];
  meeting_when(lang, x->m->zStartsAt, zDate, zTime);
  letter_subject(l, I18N_FORMAT(lang, "mail.proposal.subject"), x->zTitle);
  letter_para(l, I18N_FORMAT(lang, "mail.proposal.intro"), x->zBy, x->m->zTitle, zDate);
  letter_quote(l, x->zTitle);
  if( x->zDescription && x->zDescription[0] ) letter_quote(l, x->zDescription);
  letter_para(l, I18N_FORMAT(lang, "mail.proposal.purpose"),
              i18n_get(lang, agenda_purpose_key(x->zPurpose)), x->nMinutes);
  char zPath[96];
  snprintf(zPath, sizeof zPath, "/meetings/%lld/items/%lld", x->m->id, x->itemId);
  letter_link(l, i18n_get(lang, "mail.proposal.link"), zPath);
}

bool notices_proposal_chair(struct db *db, const struct user *pProposer, const struct meeting *m,
                            long long itemId, const struct agenda_input *pIn, const char *zToday){
  long long nMinutes = 0;
  text_to_int(pIn->zDuration, 1, 480, &nMinutes);
  struct proposal_letter x = { m, pProposer->zName, itemId, pIn->zTitle, pIn->zDescription,
                               pIn->zPurpose, nMinutes };
  long long proposerPerson = meeting_user_person(db, pProposer);
  long long aChair[4];
  int nChair = notices_chair_people(db, m->unitId, zToday, aChair, 4);
  bool ok = true;
  for(int i=0; ok && i<nChair; i++){
    if( aChair[i]==proposerPerson ) continue;
    ok = to_person(db, aChair[i], "proposal", m->unitId, m->id, write_proposal, &x);
  }
  if( nChair>0 || !ok ) return ok;
  /* No chair recorded: the users who lead the cluster. */
  struct stmt *s = db_prepare(db,
    "SELECT id, scope_unit_id FROM app_user WHERE role='cluster_lead' AND disabled=0 ORDER BY id");
  long long aUser[16], aScope[16];
  int n = 0;
  while( n<16 && stmt_step(s)==1 ){ aUser[n] = stmt_int(s, 0); aScope[n] = stmt_int(s, 1); n++; }
  stmt_done(s);
  for(int i=0; ok && i<n; i++){
    if( aUser[i]==pProposer->id || !access_is_within(db, m->unitId, aScope[i], zToday) ) continue;
    struct recipient to;
    if( !outbox_recipient_user(db, aUser[i], &to) ) continue;
    struct outbox_mail mm = { .zKind = "proposal", .unitId = m->unitId, .meetingId = m->id, .to = &to,
                              .write = write_proposal, .pCtx = &x };
    ok = outbox_queue(db, &mm);
  }
  return ok;
}

struct decided_letter {
  const struct meeting *m;
  const struct agenda_item *it;
  const char *zBy;
  bool bAccept;
  const char *zReason;
};

static void write_decided(struct letter *l, enum lang lang, void *pCtx){
  const struct decided_letter *x = pCtx;
  char zDate[48], zTime[6];
  meeting_when(lang, x->m->zStartsAt, zDate, zTime);
  if( x->bAccept ){
    letter_subject(l, I18N_FORMAT(lang, "mail.proposal_accepted.subject"), x->it->zTitle);
    letter_para(l, I18N_FORMAT(lang, "mail.proposal_accepted.intro"), x->zBy, x->m->zTitle, zDate);
    letter_quote(l, x->it->zTitle);
    letter_para(l, I18N_FORMAT(lang, "mail.proposal_accepted.next"));
  }else{
    letter_subject(l, I18N_FORMAT(lang, "mail.proposal_declined.subject"), x->it->zTitle);
    letter_para(l, I18N_FORMAT(lang, "mail.proposal_declined.intro"), x->zBy, x->m->zTitle, zDate);
    letter_quote(l, x->it->zTitle);
    letter_para(l, I18N_FORMAT(lang, "mail.proposal_declined.reason"));
    letter_quote(l, x->zReason);
  }
  char zPath[96];
  snprintf(zPath, sizeof zPath, "/meetings/%lld/items/%lld", x->m->id, x->it->id);
  letter_link(l, i18n_get(lang, "mail.proposal_decided.link"), zPath);
}

bool notices_proposal_decided(struct db *db, const struct user *pChair, const struct meeting *m,
                              const struct agenda_item *it, bool bAccept, const char *zReason){
  struct recipient to;
  bool bTo = false;
  if( it->proposedById>0 ) bTo = outbox_recipient_person(db, it->proposedById, &to);
  if( !bTo && it->proposedByUserId>0 ) bTo = outbox_recipient_user(db, it->proposedByUserId, &to);
  if( !bTo ) return true;
  if( pChair && to.userId>0 && to.userId==pChair->id ) return true;
  struct decided_letter x = { m, it, pChair ? pChair->zName : "", bAccept, zReason ? zReason : "" };
  struct outbox_mail mm = { .zKind = bAccept ? "proposal_accepted" : "proposal_declined",
                            .unitId = m->unitId, .meetingId = m->id, .to = &to,
                            .write = write_decided, .pCtx = &x };
  return outbox_queue(db, &mm);
}

/* ---- minutes --------------------------------------------------------------- */

struct minutes_letter { const struct meeting *m; const struct meeting *at; const char *zBy; };

static void write_minutes_draft(struct letter *l, enum lang lang, void *pCtx){
  const struct minutes_letter *x = pCtx;
  char zDate[48], zTime[6];
  meeting_when(lang, x->m->zStartsAt, zDate, zTime);
  letter_subject(l, I18N_FORMAT(lang, "mail.minutes_draft.subject"), x->m->zTitle, zDate);
  letter_para(l, I18N_FORMAT(lang, "mail.minutes_draft.intro"), x->m->zTitle, zDate,
              unit_name_in(lang, x->m->zUnitName, x->m->zUnitNameCy));
  letter_para(l, I18N_FORMAT(lang, "mail.minutes_draft.comment"), x->zBy);
  char zPath[96];
  meeting_path(x->m, "/minutes", zPath);
  letter_link(l, i18n_get(lang, "mail.minutes_draft.link"), zPath);
  meeting_path(x->m, "/minutes.pdf", zPath);
  letter_link(l, i18n_get(lang, "mail.minutes.pdf_link"), zPath);
}

static void write_minutes_approved(struct letter *l, enum lang lang, void *pCtx){
  const struct minutes_letter *x = pCtx;
  char zDate[48], zTime[6], zAt[48], zAtTime[6];
  meeting_when(lang, x->m->zStartsAt, zDate, zTime);
  meeting_when(lang, x->at->zStartsAt, zAt, zAtTime);
  letter_subject(l, I18N_FORMAT(lang, "mail.minutes_approved.subject"), x->m->zTitle, zDate);
  letter_para(l, I18N_FORMAT(lang, "mail.minutes_approved.intro"), x->m->zTitle, zDate,
              unit_name_in(lang, x->m->zUnitName, x->m->zUnitNameCy), zAt);
  char zPath[96];
  meeting_path(x->m, "/minutes", zPath);
  letter_link(l, i18n_get(lang, "mail.minutes_approved.link"), zPath);
  meeting_path(x->m, "/minutes.pdf", zPath);
  letter_link(l, i18n_get(lang, "mail.minutes.pdf_link"), zPath);
}

long long notices_minutes_circulated_at(struct db *db, long long meetingId){
  struct stmt *s = db_prepare(db, "SELECT minutes_circulated_at FROM meeting WHERE id=?");
  stmt_bind_int(s, 1, meetingId);
  long long t = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return t;
}

int notices_minutes_circulate(struct db *db, const struct user *u, const struct meeting *m,
                              const char *zToday, struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return -1;
  if( !outbox_enabled() ){ field_errors_add(e, "circulate", "error.circulation_off"); return 0; }
  if( !db_begin(db) ){ field_errors_add(e, "circulate", "error.not_saved"); return 0; }
  /* Where the minutes stand, read under the write lock: approved a moment
  ** ago, they are no longer a draft to comment on. */
  struct stmt *s = db_prepare(db,
    "SELECT status, minutes_status, COALESCE(minutes_circulated_at,0) FROM meeting WHERE id=?");
  stmt_bind_int(s, 1, m->id);
  char zStatus[12] = "", zMinutes[10] = "";
  long long before = 0;
  if( stmt_step(s)==1 ){
    text_copy(zStatus, sizeof zStatus, stmt_text(s, 0));
    text_copy(zMinutes, sizeof zMinutes, stmt_text(s, 1));
    before = stmt_int(s, 2);
  }
  stmt_done(s);
  if( strcmp(zStatus, "cancelled")==0 ) field_errors_add(e, "circulate", "error.meeting_cancelled");
  else if( strcmp(zMinutes, "approved")==0 ) field_errors_add(e, "circulate", "error.minutes_circulate_approved");
  else if( strcmp(zMinutes, "draft")!=0 ) field_errors_add(e, "circulate", "error.minutes_circulate_none");
  if( !field_errors_checked_in_tx(db, e, 0, "circulate", "error.not_saved") ) return 0;
  long long now = (long long)time(0);
  s = db_prepare(db, "UPDATE meeting SET minutes_circulated_at=? WHERE id=?");
  stmt_bind_int(s, 1, now);
  stmt_bind_int(s, 2, m->id);
  bool ok = stmt_exec(s);
  if( ok ){
    char zOld[64], zNew[64];
    if( before ) snprintf(zOld, sizeof zOld, "{\"minutes_circulated_at\":%lld}", before);
    else snprintf(zOld, sizeof zOld, "{\"minutes_circulated_at\":null}");
    snprintf(zNew, sizeof zNew, "{\"minutes_circulated_at\":%lld}", now);
    ok = audit_record(db, u, "update", "meeting", m->id, m->unitId, zOld, zNew);
  }
  if( ok ){
    char zDay[11];
    snprintf(zDay, sizeof zDay, "%.10s", m->zStartsAt);
    struct minutes_letter x = { m, 0, u->zName };
    ok = to_members(db, m->unitId, zDay, zToday, "minutes_draft", m->id, write_minutes_draft, &x);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "circulate", "error.not_saved");
    return 0;
  }
  return 1;
}

bool notices_minutes_approved(struct db *db, const struct user *pActor, const struct meeting *prev,
                              const struct meeting *at, const char *zToday){
  char zDay[11];
  snprintf(zDay, sizeof zDay, "%.10s", prev->zStartsAt);
  struct minutes_letter x = { prev, at, pActor ? pActor->zName : "" };
  return to_members(db, prev->unitId, zDay, zToday, "minutes_approved", prev->id, write_minutes_approved, &x);
}

/* ---- the weekly reminder ------------------------------------------------------ */

struct reminder_letter {
  const struct notices_action *a;
  int n;
  const char *zToday, *zMonday;
};

static void reminder_links(struct letter *l, enum lang lang, const struct reminder_letter *x, bool bOverdue){
  for(int i=0; i<x->n; i++){
    const struct notices_action *a = &x->a[i];
    if( (strcmp(a->zDue, x->zToday)<0)!=bOverdue ) continue;
    char zDue[48], zText[400], zLabel[800], zPath[48];
    letter_date(lang, a->zDue, zDue);
    clip(a->zDescription, 120, zText, sizeof zText);
    snprintf(zLabel, sizeof zLabel, i18n_get(lang, "mail.reminder.item"), a->zRef, zText, zDue,
             unit_name_in(lang, a->zUnitName, a->zUnitNameCy));
    snprintf(zPath, sizeof zPath, "/actions/%lld", a->id);
    letter_link(l, zLabel, zPath);
  }
}

static void write_reminder(struct letter *l, enum lang lang, void *pCtx){
  const struct reminder_letter *x = pCtx;
  char zMonday[48];
  letter_date(lang, x->zMonday, zMonday);
  letter_subject(l, I18N_FORMAT(lang, "mail.reminder.subject"), zMonday);
  letter_para(l, I18N_FORMAT(lang, "mail.reminder.intro"));
  int nOverdue = 0;
  for(int i=0; i<x->n; i++) if( strcmp(x->a[i].zDue, x->zToday)<0 ) nOverdue++;
  if( nOverdue ){
    letter_para(l, I18N_FORMAT(lang, "mail.reminder.overdue"), nOverdue);
    reminder_links(l, lang, x, true);
  }
  if( nOverdue<x->n ){
    letter_para(l, I18N_FORMAT(lang, "mail.reminder.due_soon"), x->n - nOverdue);
    reminder_links(l, lang, x, false);
  }
  letter_para(l, I18N_FORMAT(lang, "mail.reminder.update"));
  letter_link(l, i18n_get(lang, "mail.reminder.link_all"), "/actions/mine");
}

bool notices_weekly_reminder(struct db *db, long long personId, const struct notices_action *a, int n,
                             const char *zToday, const char *zMonday){
  if( n<=0 ) return true;
  struct reminder_letter x = { a, n, zToday, zMonday };
  return to_person(db, personId, "weekly_reminder", 0, 0, write_reminder, &x);
}

/* ---- the cluster lead's digest ------------------------------------------------ */

#define DIGEST_SECTION_MAX 25        /* lines in one section; the rest counted */

struct lead_letter {
  const char *zUnitName, *zUnitNameCy, *zUnitSlug;
  const struct notices_change *a;
  int n;
  long long since;
  const char *zDate;
};

/* A Unix time as a letter writes it, local: "14:05, 6 December 2026". */
static void letter_moment(enum lang lang, long long t, char zOut[80]){
  time_t tt = (time_t)t;
  struct tm tm;
  localtime_r(&tt, &tm);
  char zIso[16], zDay[48];
  strftime(zIso, sizeof zIso, "%Y-%m-%d", &tm);
  letter_date(lang, zIso, zDay);
  snprintf(zOut, 80, "%02d:%02d, %s", tm.tm_hour, tm.tm_min, zDay);
}

static const char *const azChangeKey[CHANGE__MAX] = {
  "mail.lead_digest.action_added", "mail.lead_digest.action_updated", "mail.lead_digest.action_done",
  "mail.lead_digest.action_cancelled", "mail.lead_digest.proposed", "mail.lead_digest.accepted",
  "mail.lead_digest.declined", "mail.lead_digest.decision", "mail.lead_digest.minutes",
};

static void lead_section(struct letter *l, enum lang lang, const struct lead_letter *x,
                         enum notices_change_kind lo, enum notices_change_kind hi, const char *zHeadingKey){
  int nIn = 0;
  for(int i=0; i<x->n; i++) if( x->a[i].kind>=lo && x->a[i].kind<=hi ) nIn++;
  if( nIn==0 ) return;
  letter_para(l, I18N_FORMAT(lang, "mail.lead_digest.section"), i18n_get(lang, zHeadingKey), nIn);
  int nShown = 0;
  for(int i=0; i<x->n && nShown<DIGEST_SECTION_MAX; i++){
    const struct notices_change *c = &x->a[i];
    if( c->kind<lo || c->kind>hi ) continue;
    char zText[400], zLabel[900], zWhere[120] = "";
    clip(c->bRestricted ? i18n_get(lang, "mail.lead_digest.restricted") : c->zText, 120, zText, sizeof zText);
    if( c->zMeetingTitle[0] ){
      char zDate[48], zTime[6];
      meeting_when(lang, c->zMeetingStart, zDate, zTime);
      snprintf(zWhere, sizeof zWhere, "%.60s, %s", c->zMeetingTitle, zDate);
    }
    snprintf(zLabel, sizeof zLabel, i18n_get(lang, azChangeKey[c->kind]),
             c->zRef[0] ? c->zRef : zWhere, zText);
    letter_link(l, zLabel, c->zPath);
    nShown++;
  }
  if( nIn>nShown ) letter_para(l, I18N_FORMAT(lang, "mail.lead_digest.more"), nIn - nShown);
}

static void write_lead_digest(struct letter *l, enum lang lang, void *pCtx){
  const struct lead_letter *x = pCtx;
  char zDate[48], zSince[80];
  letter_date(lang, x->zDate, zDate);
  letter_moment(lang, x->since, zSince);
  const char *zUnit = unit_name_in(lang, x->zUnitName, x->zUnitNameCy);
  letter_subject(l, I18N_FORMAT(lang, "mail.lead_digest.subject"), zUnit, zDate);
  letter_para(l, I18N_FORMAT(lang, "mail.lead_digest.intro"), zSince);
  lead_section(l, lang, x, CHANGE_ACTION_ADDED, CHANGE_ACTION_CANCELLED, "mail.lead_digest.actions");
  lead_section(l, lang, x, CHANGE_PROPOSED, CHANGE_DECLINED, "mail.lead_digest.proposals");
  lead_section(l, lang, x, CHANGE_DECISION, CHANGE_DECISION, "mail.lead_digest.decisions");
  lead_section(l, lang, x, CHANGE_MINUTES_APPROVED, CHANGE_MINUTES_APPROVED, "mail.lead_digest.minutes_heading");
  char zPath[120];
  snprintf(zPath, sizeof zPath, "/units/%s", x->zUnitSlug);
  letter_link(l, i18n_get(lang, "mail.lead_digest.link"), zPath);
}

bool notices_lead_digest(struct db *db, long long userId, const char *zUnitName, const char *zUnitNameCy,
                         const char *zUnitSlug, const struct notices_change *a, int n,
                         long long since, const char *zDate){
  if( n<=0 ) return true;
  struct recipient to;
  if( !outbox_recipient_user(db, userId, &to) ) return true;
  struct lead_letter x = { zUnitName, zUnitNameCy, zUnitSlug, a, n, since, zDate };
  struct outbox_mail mm = { .zKind = "lead_digest", .to = &to, .write = write_lead_digest, .pCtx = &x };
  return outbox_queue(db, &mm);
}

/* ---- the daily digest ------------------------------------------------------------ */

/* A held message as stored: its subject and plain text (in the language,
** or both languages, it was written in for the person), when it was queued. */
struct held {
  long long id, createdAt;
  char *zSubject, *zText;
  char zLang[5];
};
struct digest_letter { struct held *a; int n; };

/* The part of a held message's text in lang: the stored text is the
** letter in each language the person read (Welsh first), separated by a
** rule, each ending with the footer; zText is cut in place. */
static const char *held_part(char *zText, const char *zLang, enum lang lang, char **pzEnd){
  static const char zRule[] = "\n----------------------------------------\n\n";
  char *zStart = zText, *zEnd = zText + strlen(zText);
  if( strcmp(zLang, "both")==0 ){
    /* Without the line that tells an English reader to scroll down. */
    const char *zBelow = i18n_get(LANG_EN, "mail.english_below");
    size_t nBelow = strlen(zBelow);
    if( strncmp(zStart, zBelow, nBelow)==0 && strncmp(zStart+nBelow, "\n\n", 2)==0 ) zStart += nBelow + 2;
    char *p = strstr(zText, zRule);
    if( p ){
      if( lang==LANG_CY ) zEnd = p;
      else zStart = p + sizeof zRule - 1;
    }
  }
  /* Without the footer: the digest has its own. */
  for(char *p = zStart; (p = strstr(p, "-- \n"))!=0 && p<zEnd; p++){
    if( p==zStart || p[-1]=='\n' ){ zEnd = p; break; }
  }
  *pzEnd = zEnd;
  return zStart;
}

/* Write a held message's text back as a letter: paragraphs, bullets
** ("  * ") and links ("Label:\nhttps://..."), links made relative to the
** base URL again (letter_link adds it). */
static void write_held_text(struct letter *l, enum lang lang, const char *zStart, const char *zEnd){
  const char *zBase = outbox_base_url();
  size_t nBase = strlen(zBase);
  const char *p = zStart;
  while( p<zEnd ){
    while( p<zEnd && *p=='\n' ) p++;
    if( p>=zEnd ) break;
    const char *q = strstr(p, "\n\n");
    if( !q || q>zEnd ) q = zEnd;
    size_t n = (size_t)(q-p);
    char *zBlock = xmalloc(n+1);
    memcpy(zBlock, p, n);
    zBlock[n] = 0;
    while( n>0 && zBlock[n-1]=='\n' ) zBlock[--n] = 0;
    char *zNl = strchr(zBlock, '\n');
    if( zNl && !strchr(zNl+1, '\n') && zNl>zBlock && zNl[-1]==':'
        && strncmp(zNl+1, zBase, nBase)==0 && nBase>0 ){
      /* A link: its label, and its address on this site. */
      zNl[-1] = 0;
      letter_link(l, zBlock, zNl+1+nBase);
    }else if( strncmp(zBlock, "  * ", 4)==0 ){
      for(char *zLine = zBlock; zLine && *zLine; ){
        char *zNext = strchr(zLine, '\n');
        if( zNext ) *zNext++ = 0;
        letter_bullet(l, I18N_FORMAT(lang, "mail.digest.text"), strncmp(zLine, "  * ", 4)==0 ? zLine+4 : zLine);
        zLine = zNext;
      }
    }else{
      letter_para(l, I18N_FORMAT(lang, "mail.digest.text"), zBlock);
    }
    free(zBlock);
    p = q;
  }
}

/* The subject in lang of a message written in both: "Welsh / English". */
static void held_subject(const struct held *h, enum lang lang, char *zOut, size_t nOut){
  const char *zSep = strstr(h->zSubject, " / ");
  if( strcmp(h->zLang, "both")!=0 || !zSep || strstr(zSep+3, " / ") ){
    text_copy(zOut, nOut, h->zSubject);
    return;
  }
  if( lang==LANG_CY ){
    size_t n = (size_t)(zSep - h->zSubject);
    if( n>=nOut ) n = nOut-1;
    memcpy(zOut, h->zSubject, n);
    zOut[n] = 0;
  }else{
    text_copy(zOut, nOut, zSep+3);
  }
}

static void write_digest(struct letter *l, enum lang lang, void *pCtx){
  const struct digest_letter *x = pCtx;
  if( x->n==1 ) letter_subject(l, I18N_FORMAT(lang, "mail.digest.subject_one"));
  else letter_subject(l, I18N_FORMAT(lang, "mail.digest.subject"), x->n);
  letter_para(l, I18N_FORMAT(lang, "mail.digest.intro"));
  for(int i=0; i<x->n; i++){
    const struct held *h = &x->a[i];
    char zSubject[600], zWhen[80];
    held_subject(h, lang, zSubject, sizeof zSubject);
    letter_moment(lang, h->createdAt, zWhen);
    letter_para(l, I18N_FORMAT(lang, "mail.digest.item"), i+1, zSubject, zWhen);
    char *zCopy = xstrdup(h->zText), *zEnd = 0;
    const char *zStart = held_part(zCopy, h->zLang, lang, &zEnd);
    write_held_text(l, lang, zStart, zEnd);
    free(zCopy);
  }
  letter_para(l, I18N_FORMAT(lang, "mail.digest.change"));
  letter_link(l, i18n_get(lang, "mail.digest.change_link"), "/account/messages");
}

bool notices_daily_digest(struct db *db, long long personId, int *pn){
  *pn = 0;
  if( !outbox_enabled() ) return true;
  struct stmt *s = db_prepare(db,
    "SELECT id, created_at, subject, body_text, lang FROM outbox"
    " WHERE person_id=? AND status='held' ORDER BY id");
  stmt_bind_int(s, 1, personId);
  int n = 0, nAlloc = 0, rc;
  struct held *a = 0;
  while( (rc = stmt_step(s))==1 ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 8; a = xrealloc(a, sizeof(a[0])*(size_t)nAlloc); }
    a[n].id = stmt_int(s, 0);
    a[n].createdAt = stmt_int(s, 1);
    a[n].zSubject = xstrdup(stmt_text(s, 2));
    a[n].zText = xstrdup(stmt_text(s, 3));
    text_copy(a[n].zLang, sizeof a[n].zLang, stmt_text(s, 4));
    n++;
  }
  stmt_done(s);
  bool ok = rc==0;
  struct recipient to;
  if( ok && n>0 && outbox_recipient_person(db, personId, &to) ){
    struct digest_letter x = { a, n };
    struct outbox_mail mm = { .zKind = "digest", .to = &to, .write = write_digest, .pCtx = &x, .bUrgent = true };
    ok = outbox_queue(db, &mm);
    long long digestId = 0;
    if( ok ){
      s = db_prepare(db, "SELECT MAX(id) FROM outbox WHERE person_id=? AND kind='digest'");
      stmt_bind_int(s, 1, personId);
      digestId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
      stmt_done(s);
      ok = digestId>a[n-1].id;
    }
    for(int i=0; ok && i<n; i++){
      s = db_prepare(db, "UPDATE outbox SET status='digested', digest_id=? WHERE id=? AND status='held'");
      stmt_bind_int(s, 1, digestId);
      stmt_bind_int(s, 2, a[i].id);
      ok = stmt_exec(s);
    }
    if( ok ) *pn = n;
  }
  for(int i=0; i<n; i++){ free(a[i].zSubject); free(a[i].zText); }
  free(a);
  return ok;
}
