/* The read-only JSON API, /api/v1/. A unit the caller may not read
** answers 404 exactly as one that does not exist. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/member.h"
#include "domain/meeting.h"
#include "domain/unit.h"
#include "util/json.h"
#include <stdlib.h>
#include <string.h>

static void unit_json(struct buf *b, const struct unit *u){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "slug", u->zSlug);
  json_kv_str(b, &bFirst, "name", u->zName);
  if( u->zNameCy[0] ) json_kv_str(b, &bFirst, "name_cy", u->zNameCy);
  else json_kv_null(b, &bFirst, "name_cy");
  json_kv_str(b, &bFirst, "kind", u->zKind);
  if( u->zParentSlug[0] ) json_kv_str(b, &bFirst, "parent", u->zParentSlug);
  else json_kv_null(b, &bFirst, "parent");
  if( u->population>=0 ) json_kv_int(b, &bFirst, "population", u->population);
  if( u->gpPractices>=0 ) json_kv_int(b, &bFirst, "gp_practices", u->gpPractices);
  buf_putc(b, '}');
}

struct list_ctx { struct buf *b; bool bFirst; };
static void unit_item(void *pCtx, const struct unit *u){
  struct list_ctx *c = pCtx;
  json_sep(c->b, &c->bFirst);
  unit_json(c->b, u);
}

static void api_begin(struct req *r){
  r->status = 200;
  r->zContentType = "application/json";
}
void api_units(struct req *r){
  api_begin(r);
  struct list_ctx c = { &r->body, true };
  buf_puts(&r->body, "{\"units\":[");
  unit_list_visible(r->db, &r->user, 0, r->zToday, unit_item, &c);
  buf_puts(&r->body, "]}\n");
}

void api_unit(struct req *r){
  const struct unit *u = &r->rec.unit;
  api_begin(r);
  unit_json(&r->body, u);
  buf_putc(&r->body, '\n');
}

static void member_item(void *pCtx, const struct membership *m){
  struct list_ctx *c = pCtx;
  json_sep(c->b, &c->bFirst);
  bool bFirst = true;
  buf_putc(c->b, '{');
  json_kv_int(c->b, &bFirst, "id", m->id);
  json_kv_str(c->b, &bFirst, "name", m->zName);
  json_kv_str(c->b, &bFirst, "role", m->zRole);
  json_kv_bool(c->b, &bFirst, "core", m->bCore);
  json_kv_bool(c->b, &bFirst, "voting", m->bVoting);
  json_kv_str(c->b, &bFirst, "valid_from", m->zFrom);
  if( m->zTo[0] ) json_kv_str(c->b, &bFirst, "valid_to", m->zTo);
  else json_kv_null(c->b, &bFirst, "valid_to");
  buf_putc(c->b, '}');
}

void api_unit_members(struct req *r){
  const struct unit *u = &r->rec.unit;
  api_begin(r);
  struct list_ctx c = { &r->body, true };
  buf_puts(&r->body, "{\"unit\":");
  json_string(&r->body, u->zSlug);
  buf_puts(&r->body, ",\"members\":[");
  membership_list(r->db, u->id, true, r->zToday, member_item, &c);
  buf_puts(&r->body, "]}\n");
}

/* ---- API -------------------------------------------------------------- */

struct api_ctx { struct buf *b; bool bFirst; };
static void api_meeting_item(void *pCtx, const struct meeting *m){
  struct api_ctx *c = pCtx;
  json_sep(c->b, &c->bFirst);
  bool bFirst = true;
  buf_putc(c->b, '{');
  json_kv_int(c->b, &bFirst, "id", m->id);
  json_kv_str(c->b, &bFirst, "title", m->zTitle);
  json_kv_str(c->b, &bFirst, "starts_at", m->zStartsAt);
  json_kv_str(c->b, &bFirst, "ends_at", m->zEndsAt);
  json_kv_str(c->b, &bFirst, "status", m->zStatus);
  buf_putc(c->b, '}');
}

void api_unit_meetings(struct req *r){
  const struct unit *u = &r->rec.unit;
  r->zContentType = "application/json";
  struct api_ctx c = { &r->body, true };
  buf_puts(&r->body, "{\"meetings\":[");
  meeting_list(r->db, u->id, 1000, api_meeting_item, &c);
  buf_puts(&r->body, "]}\n");
}

static void api_agenda_item(void *pCtx, const struct agenda_item *it){
  struct api_ctx *c = pCtx;
  if( strcmp(it->zStatus, "accepted")!=0 ) return;
  json_sep(c->b, &c->bFirst);
  bool bFirst = true;
  buf_putc(c->b, '{');
  json_kv_int(c->b, &bFirst, "id", it->id);
  json_kv_int(c->b, &bFirst, "position", it->position);
  json_kv_str(c->b, &bFirst, "title", it->zTitle[0] ? it->zTitle : "restricted");
  json_kv_str(c->b, &bFirst, "purpose", it->zPurpose);
  if( it->zLeadName[0] ) json_kv_str(c->b, &bFirst, "lead", it->zLeadName);
  else json_kv_null(c->b, &bFirst, "lead");
  json_kv_str(c->b, &bFirst, "start", it->zStart);
  json_kv_int(c->b, &bFirst, "duration_minutes", it->durationMinutes);
  if( it->zStanding[0] ) json_kv_str(c->b, &bFirst, "standing", it->zStanding);
  buf_putc(c->b, '}');
}

static void api_attendee(void *pCtx, const struct attendee *a){
  struct api_ctx *c = pCtx;
  if( !a->zStatus[0] ) return;
  json_sep(c->b, &c->bFirst);
  bool bFirst = true;
  buf_putc(c->b, '{');
  json_kv_int(c->b, &bFirst, "person_id", a->personId);
  json_kv_str(c->b, &bFirst, "person", a->zName);
  json_kv_str(c->b, &bFirst, "status", a->zStatus);
  json_kv_bool(c->b, &bFirst, "voting", a->bVoting);
  json_kv_bool(c->b, &bFirst, "member", a->zRoleKey[0]!=0);
  if( a->deputyForId>0 ){
    json_kv_int(c->b, &bFirst, "deputy_for_id", a->deputyForId);
    json_kv_str(c->b, &bFirst, "deputy_for", a->zDeputyFor);
  }
  if( a->zOrganisation[0] ) json_kv_str(c->b, &bFirst, "organisation", a->zOrganisation);
  else json_kv_null(c->b, &bFirst, "organisation");
  if( a->zRole[0] ) json_kv_str(c->b, &bFirst, "role", a->zRole);
  buf_putc(c->b, '}');
}

void api_meeting(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  r->zContentType = "application/json";
  struct buf *b = &r->body;
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_int(b, &bFirst, "id", m->id);
  json_kv_str(b, &bFirst, "unit", m->zUnitSlug);
  json_kv_str(b, &bFirst, "title", m->zTitle);
  json_kv_str(b, &bFirst, "starts_at", m->zStartsAt);
  json_kv_str(b, &bFirst, "ends_at", m->zEndsAt);
  json_kv_str(b, &bFirst, "status", m->zStatus);
  char zReason[MEETING_CANCEL_REASON_MAX+1];
  if( meeting_cancel_reason(r->db, m->id, zReason, sizeof zReason) ) json_kv_str(b, &bFirst, "cancel_reason", zReason);
  if( m->zItemsDeadline[0] ) json_kv_str(b, &bFirst, "items_deadline", m->zItemsDeadline);
  else json_kv_null(b, &bFirst, "items_deadline");
  json_key(b, &bFirst, "agenda");
  buf_putc(b, '[');
  struct api_ctx c = { b, true };
  agenda_list(r->db, &r->user, m, false, api_agenda_item, &c);
  buf_putc(b, ']');
  json_key(b, &bFirst, "attendance");
  buf_putc(b, '[');
  c.bFirst = true;
  attendance_list(r->db, m, api_attendee, &c);
  buf_putc(b, ']');
  struct quorum_result q;
  meeting_quorum(r->db, m, 0, &q);
  json_key(b, &bFirst, "quorum");
  bool bQ = true;
  buf_putc(b, '{');
  json_kv_int(b, &bQ, "required", q.nRequired);
  json_kv_int(b, &bQ, "present_voting", q.nPresentVoting);
  json_kv_bool(b, &bQ, "met", q.bMet);
  buf_putc(b, '}');
  api_meeting_decisions(r, m);
  api_meeting_actions(r, m);
  buf_puts(b, "}\n");
}
