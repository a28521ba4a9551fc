/* Adding and changing the members of a cluster or group. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/member.h"
#include "domain/unit.h"
#include "web/page.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azCoreValue[] = {"core", "attendance"};
static const char *const azCoreKey[] = {"member.core", "member.attendance"};
static const char *const azVoteValue[] = {"yes", "no"};
static const char *const azVoteKey[] = {"member.voting_yes", "member.voting_no"};

/* The form for a member, new (id 0) or existing, showing what was typed
** and the errors found in it. */
static void member_form(struct req *r, const struct unit *u, long long id,
                        const struct member_input *in, const struct field_errors *e){
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {0, unit_display_name(u, r->lang)}};
  char zHref[100];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  aCrumb[1].zHref = zHref;
  const char *zTitle = T(id ? "member.edit_title" : "member.add_title");
  if( e && e->n ){
    char zTitleErr[300];
    snprintf(zTitleErr, sizeof zTitleErr, "%s: %s", T("error.prefix"), zTitle);
    page_begin(r, zTitleErr, aCrumb, 2);
  }else{
    page_begin(r, zTitle, aCrumb, 2);
  }
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", unit_display_name(u, r->lang), zTitle);
  if( id ) html_printf(b, "<form method=\"post\" action=\"/memberships/%lld\" novalidate>\n", id);
  else html_printf(b, "<form method=\"post\" action=\"/units/%s/members\" novalidate>\n", u->zSlug);
  form_csrf(r);
  form_input(r, e, "name", "member.name", "member.name_hint", "text", in->zName, "name");
  form_input(r, e, "email", "member.email", "member.email_hint", "email", in->zEmail, "email");
  form_input(r, e, "job_title", "member.job_title", 0, "text", in->zJobTitle, "organization-title");
  form_input(r, e, "organisation", "member.organisation", "member.organisation_hint", "text", in->zOrganisation, "organization");
  form_role_select(r, e, in->zRole);
  form_radios(r, e, "core", "member.membership", "member.membership_hint", 2, azCoreValue, azCoreKey, in->zCore);
  form_radios(r, e, "voting", "member.voting", "member.voting_hint", 2, azVoteValue, azVoteKey, in->zVoting);
  form_date(r, e, "valid_from", "member.valid_from", 0, in->zFrom);
  form_date(r, e, "valid_to", "member.valid_to", "member.valid_to_hint", in->zTo);
  mail_prefs_fields(r, e, in->zMailMode, in->zMailLang, true);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T(id ? "member.save" : "member.add"));
  html_printf(b, "<p><a href=\"/units/%s\">%s</a></p>\n</form>\n</div></div>\n", u->zSlug, T("member.cancel"));
  page_end(r);
}

/* Dates typed into the form, composed by form_date_value. */
struct typed_dates { char zFrom[64]; char zTo[64]; };

static void input_from_form(struct req *r, struct member_input *in, struct typed_dates *d){
  in->zName = req_form(r, "name");
  in->zEmail = req_form(r, "email");
  in->zJobTitle = req_form(r, "job_title");
  in->zOrganisation = req_form(r, "organisation");
  in->zRole = req_form(r, "role");
  in->zCore = req_form(r, "core");
  in->zVoting = req_form(r, "voting");
  form_date_value(r, "valid_from", d->zFrom);
  form_date_value(r, "valid_to", d->zTo);
  in->zFrom = d->zFrom;
  in->zTo = d->zTo;
  in->zMailMode = req_form(r, "mail_mode");
  in->zMailLang = req_form(r, "mail_lang");
}


void page_member_new(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct member_input in = { .zFrom = r->zToday, .zCore = "core", .zVoting = "yes",
                             .zMailMode = "immediate", .zMailLang = "both" };
  member_form(r, u, 0, &in, 0);
}

void page_member_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct member_input in;
  struct typed_dates d;
  input_from_form(r, &in, &d);
  struct field_errors e = {0};
  long long id = membership_add(r->db, &r->user, u->id, &in, r->zToday, &e);
  if( id>0 ){
    char z[120];
    snprintf(z, sizeof z, "/units/%s#members", u->zSlug);
    req_redirect(r, z);
    return;
  }
  r->status = 400;
  member_form(r, u, 0, &in, &e);
}

void page_member_edit(struct req *r){
  const struct membership *m = &r->rec.membership;
  const struct unit *u = &r->rec.unit;
  struct member_input in = {
    .zName = m->zName, .zEmail = m->zEmail, .zJobTitle = m->zJobTitle,
    .zOrganisation = m->zOrganisation, .zRole = m->zRole,
    .zCore = m->bCore ? "core" : "attendance", .zVoting = m->bVoting ? "yes" : "no",
    .zFrom = m->zFrom, .zTo = m->zTo, .zMailMode = m->zMailMode, .zMailLang = m->zMailLang,
  };
  member_form(r, u, m->id, &in, 0);
}

void page_member_update(struct req *r){
  const struct membership *m = &r->rec.membership;
  const struct unit *u = &r->rec.unit;
  struct member_input in;
  struct typed_dates d;
  input_from_form(r, &in, &d);
  struct field_errors e = {0};
  long long id = membership_update(r->db, &r->user, m->id, &in, r->zToday, &e);
  if( id>0 ){
    char z[120];
    snprintf(z, sizeof z, "/units/%s#members", u->zSlug);
    req_redirect(r, z);
    return;
  }
  r->status = 400;
  member_form(r, u, m->id, &in, &e);
}

/* ---- the members of a unit as the <option>s of an owner's or lead's select ---- */

struct member_option_ctx { struct req *r; const char *zSel; long long aSeen[400]; int n; };
static void member_option(void *pCtx, const struct membership *m){
  struct member_option_ctx *c = pCtx;
  for(int i = 0; i < c->n; i++) if( c->aSeen[i]==m->personId ) return;
  if( c->n<400 ) c->aSeen[c->n++] = m->personId;
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", m->personId);
  html_printf(&c->r->body, "<option value=\"%s\"%s>%s</option>\n", zId,
              c->zSel && strcmp(c->zSel, zId)==0 ? " selected" : "", m->zName);
}

void page_member_options(struct req *r, long long unitId, const char *zSel){
  struct member_option_ctx *c = xcalloc(1, sizeof *c);
  c->r = r;
  c->zSel = zSel;
  membership_list(r->db, unitId, true, r->zToday, member_option, c);
  free(c);
}
