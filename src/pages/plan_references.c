/*
** The references plans align with (src/domain/plan_reference.h), per
** owning unit: a health board's IMTP objectives, a Regional Partnership
** Board's area plan priorities, the nation's Accelerated Cluster
** Development outcomes and national priorities.
**
**   GET  /units/{slug}/plan-references              the list; the form to add
**                                                   one for whoever may write
**   POST /units/{slug}/plan-references              add one
**   GET  /units/{slug}/plan-references/{id}/edit    change one
**   POST /units/{slug}/plan-references/{id}/edit
**
** Other units have no references: 404.
*/
#include "pages/pages.h"
#include "domain/access.h"
#include "domain/plan_reference.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_key(const char *zKind){
  if( strcmp(zKind, "imtp")==0 ) return "planref.kind.imtp";
  if( strcmp(zKind, "rpb_area_plan")==0 ) return "planref.kind.rpb_area_plan";
  if( strcmp(zKind, "acd_outcome")==0 ) return "planref.kind.acd_outcome";
  return "planref.kind.national_priority";
}

struct ref_rows { struct req *r; const char *zKind; bool bWrite; int n; bool bDemo; };
static void ref_row(void *p, const struct plan_ref *x){
  struct ref_rows *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( x->bDemo ) c->bDemo = true;
  if( c->n++==0 ){
    char zId[40];
    snprintf(zId, sizeof zId, "refs-%s", c->zKind);
    nhsuk_rtable_begin(b, "nhsuk-table--compact", zId, T(kind_key(c->zKind)));
    nhsuk_rtable_header(b, T("planref.code"), false);
    nhsuk_rtable_header(b, T("planref.title_en"), false);
    nhsuk_rtable_header(b, T("planref.title_cy"), false);
    nhsuk_rtable_header(b, T("planref.order"), true);
    if( c->bWrite ) nhsuk_rtable_header_hidden(b, T("planref.actions"));
    nhsuk_table_body(b);
  }
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, T("planref.code"));
  html_printf(b, "%s", x->zCode);
  if( x->bDemo ) html_printf(b, " <span class=\"nhsuk-body-s\">%s</span>", T("planref.demo_short"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("planref.title_en"));
  if( x->zUrl[0] ) html_printf(b, "<a href=\"%s\" lang=\"en\">%s</a>", x->zUrl, x->zTitleEn);
  else html_printf(b, "<span lang=\"en\">%s</span>", x->zTitleEn);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("planref.title_cy"));
  html_printf(b, "<span lang=\"cy\">%s</span>", x->zTitleCy);
  nhsuk_rtable_cell_end(b);
  char zOrder[24];
  snprintf(zOrder, sizeof zOrder, "%lld", x->sortOrder);
  nhsuk_rtable_cell(b, T("planref.order"), zOrder);
  if( c->bWrite ){
    nhsuk_rtable_cell_begin(b, 0, 0);
    html_printf(b, "<a href=\"/units/%s/plan-references/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                r->rec.unit.zSlug, x->id, T("planref.change"), x->zCode);
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_table_row_end(b);
}

/* The fields of a reference, showing in (what was typed or stored). */
static void ref_fields(struct req *r, const struct field_errors *e, const struct plan_ref_input *in){
  const struct unit *u = &r->rec.unit;
  const char *az[2];
  int nKind = plan_ref_kinds(u->zKind, az);
  if( nKind>1 ){
    const char *azLabel[2] = { kind_key(az[0]), kind_key(az[1]) };
    form_radios(r, e, "kind", "planref.kind", 0, nKind, az, azLabel, in->zKind ? in->zKind : az[0]);
  }
  form_input(r, e, "code", "planref.code", "planref.code_hint", "text", in->zCode, "off");
  form_input(r, e, "title_en", "planref.title_en", 0, "text", in->zTitleEn, "off");
  form_input(r, e, "title_cy", "planref.title_cy", 0, "text", in->zTitleCy, "off");
  form_input(r, e, "url", "planref.url", "planref.url_hint", "url", in->zUrl, "url");
  form_input(r, e, "sort_order", "planref.order", "planref.order_hint", "text", in->zSortOrder, "off");
}

static void read_input(struct req *r, struct plan_ref_input *in){
  in->zKind = req_form(r, "kind");
  in->zCode = req_form(r, "code");
  in->zTitleEn = req_form(r, "title_en");
  in->zTitleCy = req_form(r, "title_cy");
  in->zUrl = req_form(r, "url");
  in->zSortOrder = req_form(r, "sort_order");
}

static void list_page(struct req *r, const struct field_errors *e, const struct plan_ref_input *in){
  const struct unit *u = &r->rec.unit;
  const char *az[2];
  int nKind = plan_ref_kinds(u->zKind, az);
  bool bWrite = access_can_write(r->db, &r->user, u->id, r->zToday);
  char zHref[100];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  const char *zName = unit_display_name(u, r->lang);
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, zName}};
  page_begin_form(r, T("planref.title"), aCrumb, 2, e);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", zName, T("planref.title"));
  form_error_summary(r, e);
  html_printf(b, "<p>%s</p>\n", T("planref.intro"));
  size_t nBefore = b->n;
  struct ref_rows c = { r, 0, bWrite, 0, false };
  bool bDemo = false;
  for(int k=0; k<nKind; k++){
    c.zKind = az[k];
    c.n = 0;
    html_printf(b, "<h2 id=\"kind-%s\">%s</h2>\n", az[k], T(kind_key(az[k])));
    plan_ref_list(r->db, u->id, az[k], ref_row, &c);
    if( c.n ) nhsuk_table_end(b);
    else html_printf(b, "<p>%s</p>\n", T("planref.none"));
    if( c.bDemo ) bDemo = true;
  }
  (void)nBefore;
  if( bDemo ){
    nhsuk_warning_callout_begin(b, 2, T("indicator.page.demo_heading"));
    html_printf(b, "<p>%s</p>", T("planref.demo_text"));
    nhsuk_warning_callout_end(b);
  }
  if( bWrite ){
    html_printf(b, "<h2 id=\"add\">%s</h2>\n<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n"
                   "<form method=\"post\" action=\"/units/%s/plan-references\" novalidate>\n", T("planref.add"), u->zSlug);
    form_csrf(r);
    ref_fields(r, e, in);
    html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n</div></div>\n", T("planref.add_button"));
  }
  page_end(r);
}

void page_plan_references(struct req *r){
  const char *az[2];
  if( plan_ref_kinds(r->rec.unit.zKind, az)==0 ){ page_not_found(r); return; }
  struct field_errors e = {0};
  struct plan_ref_input in = {0};
  list_page(r, &e, &in);
}

void page_plan_reference_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  const char *az[2];
  if( plan_ref_kinds(u->zKind, az)==0 ){ page_not_found(r); return; }
  struct plan_ref_input in;
  read_input(r, &in);
  struct field_errors e = {0};
  long long id = plan_ref_save(r->db, &r->user, u->id, u->zKind, 0, &in, r->zToday, &e);
  if( form_result(r, id, "/units/%s/plan-references", u->zSlug) ) list_page(r, &e, &in);
}

static void edit_page(struct req *r, const struct field_errors *e, const struct plan_ref_input *in){
  const struct unit *u = &r->rec.unit;
  char zHref[100], zList[120];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zList, sizeof zList, "/units/%s/plan-references", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}, {zList, T("planref.title")}};
  page_form_begin(r, T("planref.edit_title"), aCrumb, 3, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/units/%s/plan-references/%lld/edit\" novalidate>\n", u->zSlug, r->aId[1]);
  form_csrf(r);
  ref_fields(r, e, in);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("planref.save"));
  html_printf(b, "<p><a href=\"/units/%s/plan-references\">%s</a></p>\n</div></div>\n", u->zSlug, T("planref.back"));
  page_end(r);
}

void page_plan_reference_edit(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct plan_ref x;
  if( !plan_ref_get(r->db, u->id, r->aId[1], &x) ){ page_not_found(r); return; }
  char zOrder[24];
  snprintf(zOrder, sizeof zOrder, "%lld", x.sortOrder);
  struct plan_ref_input in = { x.zKind, x.zCode, x.zTitleEn, x.zTitleCy, x.zUrl, zOrder };
  struct field_errors e = {0};
  edit_page(r, &e, &in);
}

void page_plan_reference_update(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct plan_ref_input in;
  read_input(r, &in);
  struct field_errors e = {0};
  long long id = plan_ref_save(r->db, &r->user, u->id, u->zKind, r->aId[1], &in, r->zToday, &e);
  if( form_result(r, id, "/units/%s/plan-references", u->zSlug) ) edit_page(r, &e, &in);
}
