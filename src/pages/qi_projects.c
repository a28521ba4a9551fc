/* Quality improvement pages (issue 4, seed 001 "Quality improvement"):
** a unit's projects, starting and editing a project on the Model for
** Improvement, the project page with its driver diagram, PDSA timeline,
** measures and their current signal, and links to the unit's decisions
** and actions; the PDSA cycle pages; GET /api/v1/units/{slug}/qi.
** Measures, their data, charts and import are in qi_measures.c.
**
** Reads check access through the domain's "_visible" loads (what a user
** may not see answers 404, as a missing record); writes go through the
** domain, which checks qi_can_write and answers -1 (404) otherwise. Write
** forms are drawn only for a user who may write (bCanWrite). */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/decision.h"
#include "domain/action.h"
#include "domain/member.h"
#include "domain/qi.h"
#include "domain/unit.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared pieces (declared in pages.h for qi_measures.c) ---------------- */

const char *qi_status_key(const char *z){
  if( strcmp(z, "paused")==0 ) return "qi.status_paused";
  if( strcmp(z, "completed")==0 ) return "qi.status_completed";
  if( strcmp(z, "stopped")==0 ) return "qi.status_stopped";
  return "qi.status_active";
}
static const char *status_colour(const char *z){
  if( strcmp(z, "paused")==0 ) return "yellow";
  if( strcmp(z, "completed")==0 ) return "green";
  if( strcmp(z, "stopped")==0 ) return "grey";
  return "blue";
}
static const char *const azSteeepKey[6] = {
  "steeep.safe", "steeep.timely", "steeep.effective", "steeep.efficient", "steeep.equitable", "steeep.person_centred",
};
static const char *const azSteeepHint[6] = {
  "steeep.safe_hint", "steeep.timely_hint", "steeep.effective_hint", "steeep.efficient_hint",
  "steeep.equitable_hint", "steeep.person_centred_hint",
};

static void steeep_tags(struct req *r, int steeep){
  for(int i=0; i<6; i++){
    if( steeep & (1<<i) ){
      nhsuk_tag_ex(&r->body, "white", "cc-steeep", 0, T(azSteeepKey[i]));
      html_printf(&r->body, " ");
    }
  }
}

static const char *act_key(const char *z){
  if( strcmp(z, "adopt")==0 ) return "pdsa.act_adopt";
  if( strcmp(z, "adapt")==0 ) return "pdsa.act_adapt";
  if( strcmp(z, "abandon")==0 ) return "pdsa.act_abandon";
  return "pdsa.act_none";
}
static const char *act_colour(const char *z){
  if( strcmp(z, "adopt")==0 ) return "green";
  if( strcmp(z, "adapt")==0 ) return "yellow";
  if( strcmp(z, "abandon")==0 ) return "red";
  return "grey";
}

const char *qi_measure_kind_key(const char *z){
  if( strcmp(z, "process")==0 ) return "measure.kind_process";
  if( strcmp(z, "balancing")==0 ) return "measure.kind_balancing";
  return "measure.kind_outcome";
}
const char *qi_chart_key(const char *z){
  if( strcmp(z, "xmr")==0 ) return "measure.chart_xmr";
  if( strcmp(z, "p")==0 ) return "measure.chart_p";
  if( strcmp(z, "u")==0 ) return "measure.chart_u";
  return "measure.chart_run";
}

/* Crumbs down to a project: home, unit, its QI projects, the project. */
int qi_crumbs(struct req *r, const struct qi_project *p, bool bProject, struct crumb *a,
              char zUnit[100], char zList[110], char zProject[40]){
  int n = 0;
  snprintf(zUnit, 100, "/units/%s", p->zUnitSlug);
  snprintf(zList, 110, "/units/%s/qi", p->zUnitSlug);
  snprintf(zProject, 40, "/qi/%lld", p->id);
  a[n++] = (struct crumb){"/", T("home.title")};
  a[n++] = (struct crumb){zUnit, unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy)};
  a[n++] = (struct crumb){zList, T("qi.projects_title")};
  if( bProject ) a[n++] = (struct crumb){zProject, p->zTitle};
  return n;
}

/* ---- GET /units/{slug}/qi ------------------------------------------------- */

/* Projects collected first: each row then loads its measures. */
struct proj_row { long long id; char zTitle[4*QI_TITLE_MAX+1]; char zStatus[12]; char zStartOn[11]; int steeep; };
struct proj_list { struct proj_row *a; int n, nAlloc; };
static void proj_collect(void *pCtx, const struct qi_project *p){
  struct proj_list *l = pCtx;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 16;
    l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof l->a[0]);
  }
  struct proj_row *x = &l->a[l->n++];
  x->id = p->id;
  snprintf(x->zTitle, sizeof x->zTitle, "%s", p->zTitle);
  snprintf(x->zStatus, sizeof x->zStatus, "%s", p->zStatus);
  snprintf(x->zStartOn, sizeof x->zStartOn, "%s", p->zStartOn);
  x->steeep = p->steeep;
}

/* Measures collected the same way. */
struct meas_list { struct qi_measure *a; int n, nAlloc; };
static void meas_collect(void *pCtx, const struct qi_measure *m){
  struct meas_list *l = pCtx;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 8;
    l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof l->a[0]);
  }
  l->a[l->n++] = *m;
}

/* The projects of unitId as cards, their headings at level hLevel, each
** measure with its signal; zOwner (may be NULL) names the unit on each
** card. Returns how many. */
static int project_cards(struct req *r, long long unitId, const char *zListId, int hLevel, const char *zOwner){
  struct buf *b = &r->body;
  struct proj_list l = {0};
  qi_project_list(r->db, unitId, proj_collect, &l);
  if( l.n ) html_printf(b, "<ul class=\"nhsuk-list cc-qi-projects\" id=\"%s\">\n", zListId);
  for(int i=0; i<l.n; i++){
    const struct proj_row *x = &l.a[i];
    char zStart[48];
    page_date(r, x->zStartOn, zStart);
    html_printf(b, "<li class=\"nhsuk-card\" id=\"project-%lld\"><div class=\"nhsuk-card__content\">\n", x->id);
    if( zOwner ) html_printf(b, "<span class=\"nhsuk-caption-m\">%s</span>\n", zOwner);
    html_printf(b, "<h%d class=\"nhsuk-card__heading nhsuk-heading-m\"><a href=\"/qi/%lld\">%s</a></h%d>\n<p>",
                hLevel, x->id, x->zTitle, hLevel);
    nhsuk_tag(b, status_colour(x->zStatus), T(qi_status_key(x->zStatus)));
    html_printf(b, " %s %s</p>\n<p>", T("qi.started"), zStart);
    steeep_tags(r, x->steeep);
    html_printf(b, "</p>\n");
    struct meas_list ml = {0};
    qi_measure_list(r->db, x->id, meas_collect, &ml);
    if( ml.n ){
      html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\">\n");
      for(int k=0; k<ml.n; k++){
        html_printf(b, "<li><a href=\"/measures/%lld\">%s</a>: ", ml.a[k].id, ml.a[k].zName);
        qi_measure_signal(r, &ml.a[k]);
        html_printf(b, "</li>\n");
      }
      html_printf(b, "</ul>\n");
    }
    free(ml.a);
    html_printf(b, "</div></li>\n");
  }
  if( l.n ) html_printf(b, "</ul>\n");
  int n = l.n;
  free(l.a);
  return n;
}

/* A cluster's professional collaboratives (current), for their projects. */
struct collab_list { enum lang lang; long long aId[32]; char azName[32][201]; int n; };
static void collab_collect(void *pCtx, const struct unit *u){
  struct collab_list *l = pCtx;
  if( l->n<32 ){
    l->aId[l->n] = u->id;
    snprintf(l->azName[l->n], sizeof l->azName[0], "%s", unit_display_name(u, l->lang));
    l->n++;
  }
}

void page_qi_projects(struct req *r){
  const struct unit *u = &r->rec.unit;
  page_unit_begin(r, u, T("qi.projects_title"), "qi-heading");
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("qi.projects_intro"));
  /* Projects belong to clusters and professional collaboratives. */
  bool bCluster = strcmp(u->zKind, "cluster")==0;
  bool bKind = bCluster || strcmp(u->zKind, "collaborative")==0;
  if( bKind && access_can_write(r->db, &r->user, u->id, r->zToday) ){
    html_printf(b, "<a class=\"nhsuk-button\" href=\"/units/%s/qi/new\">%s</a>\n", u->zSlug, T("qi.start"));
  }
  if( project_cards(r, u->id, "qi-projects", 2, 0)==0 ){
    html_printf(b, "<p id=\"qi-empty\">%s</p>\n", T("qi.none"));
  }
  /* A cluster's page also shows its collaboratives' projects (they are
  ** part of the cluster, so whoever reads it reads them). */
  if( bCluster ){
    struct collab_list *cl = xcalloc(1, sizeof *cl);
    cl->lang = r->lang;
    unit_children_in(r->db, u->id, "collaborative", r->zToday, r->lang, collab_collect, cl);
    bool bHeading = false;
    for(int k=0; k<cl->n; k++){
      struct proj_list probe = {0};
      int nHere = qi_project_list(r->db, cl->aId[k], proj_collect, &probe);
      free(probe.a);
      if( nHere==0 ) continue;
      if( !bHeading ){
        html_printf(b, "<h2 id=\"qi-collaboratives\">%s</h2>\n", T("qi.collaborative_projects"));
        bHeading = true;
      }
      char zListId[48];
      snprintf(zListId, sizeof zListId, "qi-projects-%lld", cl->aId[k]);
      project_cards(r, cl->aId[k], zListId, 3, cl->azName[k]);
    }
    free(cl);
  }
  page_end(r);
}

/* ---- the project form ------------------------------------------------------ */

struct people { struct { long long id; char zName[201]; } *a; int n, nAlloc; };
static void people_add(struct people *p, long long id, const char *zName){
  for(int i=0; i<p->n; i++) if( p->a[i].id==id ) return;
  if( p->n==p->nAlloc ){
    p->nAlloc = p->nAlloc ? 2*p->nAlloc : 32;
    p->a = xrealloc(p->a, (size_t)p->nAlloc*sizeof p->a[0]);
  }
  p->a[p->n].id = id;
  snprintf(p->a[p->n].zName, sizeof p->a[p->n].zName, "%s", zName);
  p->n++;
}
static void member_collect(void *pCtx, const struct membership *m){ people_add(pCtx, m->personId, m->zName); }
static void team_collect(void *pCtx, long long id, const char *zName){ people_add(pCtx, id, zName); }

/* What the project form shows: values as typed (or loaded). */
struct project_form {
  struct qi_project_input in;
  long long aTeam[256];
};

/* Values of every field zName (checkboxes send one field per choice). */
static int form_all(struct req *r, const char *zName, const char **az, int nMax){
  int n = 0;
  for(int i=0; i<r->h->form.n && n<nMax; i++){
    if( strcmp(r->h->form.a[i].zKey, zName)==0 ) az[n++] = r->h->form.a[i].zVal;
  }
  return n;
}

static void project_form_read(struct req *r, struct project_form *f, char zStart[64]){
  memset(f, 0, sizeof *f);
  f->in.zTitle = req_form(r, "title");
  f->in.zAim = req_form(r, "aim");
  f->in.zMeasuresQuestion = req_form(r, "measures_question");
  f->in.zChangesQuestion = req_form(r, "changes_question");
  f->in.zTeamOthers = req_form(r, "team_others");
  f->in.zStatus = req_form(r, "status");
  const char **azText[] = { &f->in.zTitle, &f->in.zAim, &f->in.zMeasuresQuestion, &f->in.zChangesQuestion,
                            &f->in.zTeamOthers, &f->in.zStatus };
  for(size_t i=0; i<sizeof azText/sizeof azText[0]; i++) if( !*azText[i] ) *azText[i] = "";
  const char *az[256];
  int n = form_all(r, "steeep", az, 256);
  for(int i=0; i<n; i++){
    for(int k=0; k<6; k++) if( strcmp(az[i], qi_steeep_code[k])==0 ) f->in.steeep |= 1<<k;
  }
  n = form_all(r, "team", az, 256);
  for(int i=0; i<n; i++){
    long long v;
    /* Something that is no person id is no member: the domain says so. */
    if( !text_to_int(az[i], 1, (long long)1<<53, &v) ) v = (long long)1<<60;
    f->aTeam[f->in.nTeam++] = v;
  }
  f->in.aTeam = f->aTeam;
  form_date_value(r, "start_on", zStart);
  f->in.zStartOn = zStart;
}

static void project_form(struct req *r, const struct unit *u, const struct qi_project *pEdit,
                         const struct project_form *f, const struct field_errors *e){
  char zUnitHref[100], zList[110], zProject[40];
  struct crumb aCrumb[4];
  int nCrumb = 0;
  if( pEdit ){
    nCrumb = qi_crumbs(r, pEdit, true, aCrumb, zUnitHref, zList, zProject);
  }else{
    snprintf(zUnitHref, sizeof zUnitHref, "/units/%s", u->zSlug);
    snprintf(zList, sizeof zList, "/units/%s/qi", u->zSlug);
    aCrumb[nCrumb++] = (struct crumb){"/", T("home.title")};
    aCrumb[nCrumb++] = (struct crumb){zUnitHref, unit_display_name(u, r->lang)};
    aCrumb[nCrumb++] = (struct crumb){zList, T("qi.projects_title")};
  }
  const char *zTitle = T(pEdit ? "qi.edit_title" : "qi.start");
  page_form_begin(r, zTitle, aCrumb, nCrumb, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  if( pEdit ) html_printf(b, "<form method=\"post\" action=\"/qi/%lld/edit\" novalidate>\n", pEdit->id);
  else html_printf(b, "<form method=\"post\" action=\"/units/%s/qi/new\" novalidate>\n", u->zSlug);
  form_csrf(r);
  form_input(r, e, "title", "qi.title", "qi.title_hint", "text", f->in.zTitle, 0);
  html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n<p>%s</p>\n", T("qi.model_heading"), T("qi.model_intro"));
  form_textarea(r, e, "aim", "qi.aim", "qi.aim_hint", f->in.zAim, 4);
  form_textarea(r, e, "measures_question", "qi.measures_question", "qi.measures_question_hint", f->in.zMeasuresQuestion, 4);
  form_textarea(r, e, "changes_question", "qi.changes_question", "qi.changes_question_hint", f->in.zChangesQuestion, 4);

  /* STEEEP: checkboxes, each with what it means. */
  form_checkboxes_begin(r, e, "steeep", "qi.steeep", "qi.steeep_hint", false, false);
  for(int i=0; i<6; i++){
    char zId[40];
    if( i==0 ) snprintf(zId, sizeof zId, "steeep");
    else snprintf(zId, sizeof zId, "steeep-%s", qi_steeep_code[i]);
    form_checkboxes_item(r, "steeep", zId, qi_steeep_code[i], T(azSteeepKey[i]), T(azSteeepHint[i]),
                         (f->in.steeep & (1<<i))!=0);
  }
  form_checkboxes_end(r);

  /* The team: current members of the unit, and anyone else as text. */
  struct people pl = {0};
  membership_list(r->db, u->id, true, r->zToday, member_collect, &pl);
  if( pEdit ) qi_team_list(r->db, pEdit->id, team_collect, &pl);   /* former members stay choosable */
  form_checkboxes_begin(r, e, "team", "qi.team", "qi.team_hint", true, true);
  for(int i=0; i<pl.n; i++){
    bool bOn = false;
    for(int k=0; k<f->in.nTeam; k++) if( f->in.aTeam[k]==pl.a[i].id ) bOn = true;
    char zId[40], zVal[24];
    snprintf(zId, sizeof zId, "team-%lld", pl.a[i].id);
    snprintf(zVal, sizeof zVal, "%lld", pl.a[i].id);
    form_checkboxes_item(r, "team", zId, zVal, pl.a[i].zName, 0, bOn);
  }
  form_checkboxes_end(r);
  free(pl.a);
  form_textarea(r, e, "team_others", "qi.team_others", "qi.team_others_hint", f->in.zTeamOthers, 2);
  form_date(r, e, "start_on", "qi.start_on", 0, f->in.zStartOn);
  if( pEdit ){
    static const char *const azVal[] = {"active", "paused", "completed", "stopped"};
    static const char *const azKey[] = {"qi.status_active", "qi.status_paused", "qi.status_completed", "qi.status_stopped"};
    form_radios(r, e, "status", "qi.status", 0, 4, azVal, azKey, f->in.zStatus);
  }
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T(pEdit ? "qi.save" : "qi.start"));
  if( pEdit ) html_printf(b, "<p><a href=\"/qi/%lld\">%s</a></p>\n", pEdit->id, T("qi.cancel"));
  else html_printf(b, "<p><a href=\"/units/%s/qi\">%s</a></p>\n", u->zSlug, T("qi.cancel"));
  html_printf(b, "</form>\n</div></div>\n");
  page_end(r);
}

void page_qi_project_new(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct project_form *f = xcalloc(1, sizeof *f);
  f->in.zStartOn = r->zToday;
  project_form(r, u, 0, f, 0);
  free(f);
}

void page_qi_project_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct project_form *f = xmalloc(sizeof *f);
  char zStart[64];
  project_form_read(r, f, zStart);
  f->in.zStatus = "";
  struct field_errors e = {0};
  long long id = qi_project_create(r->db, &r->user, u->id, &f->in, r->zToday, &e);
  if( form_result(r, id, "/qi/%lld", id) ) project_form(r, u, 0, f, &e);
  free(f);
}

static bool project_unit(struct req *r, const struct qi_project *p, struct unit *u){
  if( !unit_get_visible(r->db, &r->user, p->zUnitSlug, r->zToday, u) ){ page_not_found(r); return false; }
  return true;
}

static void team_ids(void *pCtx, long long id, const char *zName){
  (void)zName;
  struct project_form *f = pCtx;
  if( f->in.nTeam<256 ) f->aTeam[f->in.nTeam++] = id;
}

void page_qi_project_edit(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  struct unit u;
  if( !project_unit(r, p, &u) ) return;
  struct project_form *f = xcalloc(1, sizeof *f);
  f->in = (struct qi_project_input){ p->zTitle, p->zAim, p->zMeasuresQuestion, p->zChangesQuestion, p->steeep,
                                     f->aTeam, 0, p->zTeamOthers, p->zStartOn, p->zStatus };
  qi_team_list(r->db, p->id, team_ids, f);
  project_form(r, &u, p, f, 0);
  free(f);
}

void page_qi_project_update(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  struct project_form *f = xmalloc(sizeof *f);
  char zStart[64];
  project_form_read(r, f, zStart);
  struct field_errors e = {0};
  long long id = qi_project_update(r->db, &r->user, p->id, &f->in, r->zToday, &e);
  struct unit u;
  if( form_result(r, id, "/qi/%lld", p->id) && project_unit(r, p, &u) ) project_form(r, &u, p, f, &e);
  free(f);
}

/* ---- the project page -------------------------------------------------- */

struct driver_list { struct qi_driver *a; int n, nAlloc; };
static void driver_collect(void *pCtx, const struct qi_driver *d){
  struct driver_list *l = pCtx;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 16;
    l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof l->a[0]);
  }
  l->a[l->n++] = *d;
}
struct pdsa_list { struct qi_pdsa *a; int n, nAlloc; };
static void pdsa_collect(void *pCtx, const struct qi_pdsa *c){
  struct pdsa_list *l = pCtx;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 8;
    l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof l->a[0]);
  }
  l->a[l->n++] = *c;
}

static const char *driver_kind_key(const char *z){
  if( strcmp(z, "secondary")==0 ) return "qi.driver_secondary";
  if( strcmp(z, "change")==0 ) return "qi.driver_change";
  return "qi.driver_primary";
}

/* The driver diagram as nested lists: primary drivers, their secondary
** drivers, change ideas. Plain lists read in order without CSS. */
static void driver_diagram(struct req *r, const struct qi_project *p, const struct driver_list *dl,
                           const struct pdsa_list *cl){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"drivers-heading\">%s</h2>\n", T("qi.drivers_title"));
  if( dl->n==0 ){
    html_printf(b, "<p id=\"drivers-empty\">%s</p>\n", T("qi.drivers_none"));
    return;
  }
  html_printf(b, "<p>%s</p>\n", T("qi.drivers_intro"));
  int nOpen = 0;           /* lists open */
  for(int i=0; i<dl->n; i++){
    const struct qi_driver *d = &dl->a[i];
    int want = d->depth + 1;
    if( nOpen==0 ){
      html_printf(b, "<ul class=\"cc-drivers\" id=\"drivers\" aria-labelledby=\"drivers-heading\">\n");
      nOpen = 1;
    }else if( want>nOpen ){
      html_printf(b, "\n<ul>\n");
      nOpen++;
    }else{
      html_printf(b, "</li>\n");
      while( nOpen>want ){ html_printf(b, "</ul></li>\n"); nOpen--; }
    }
    bool bChildren = i+1<dl->n && dl->a[i+1].depth>d->depth;
    bool bUsed = false;
    for(int k=0; k<cl->n; k++) if( cl->a[k].changeId==d->id ) bUsed = true;
    html_printf(b, "<li id=\"driver-%lld\" class=\"cc-driver cc-driver--%s\"><span class=\"cc-driver__kind\">%s:</span> "
                "<span class=\"cc-pre\">%s</span>", d->id, d->zKind, T(driver_kind_key(d->zKind)), d->zText);
    if( p->bCanWrite ){
      html_printf(b, " <a class=\"cc-nowrap\" href=\"/qi/%lld/drivers/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                  p->id, d->id, T("qi.edit"), d->zText);
      if( !bChildren && !bUsed ){
        html_printf(b, " <form class=\"cc-inline\" method=\"post\" action=\"/qi/%lld/drivers/%lld/delete\">", p->id, d->id);
        form_csrf(r);
        html_printf(b, "<button class=\"cc-link-button\" type=\"submit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></button></form>",
                    T("qi.remove"), d->zText);
      }
    }
  }
  html_printf(b, "</li>\n");
  while( nOpen>1 ){ html_printf(b, "</ul></li>\n"); nOpen--; }
  html_printf(b, "</ul>\n");
}

static void driver_add_form(struct req *r, const struct qi_project *p, const struct driver_list *dl,
                            const struct field_errors *e, const char *zKind, const char *zParent, const char *zText){
  struct buf *b = &r->body;
  nhsuk_details_begin(b, T("qi.driver_add"), e && e->n);
  html_printf(b, "<form method=\"post\" action=\"/qi/%lld/drivers\" novalidate>\n", p->id);
  form_csrf(r);
  static const char *const azVal[] = {"primary", "secondary", "change"};
  static const char *const azKey[] = {"qi.driver_primary", "qi.driver_secondary", "qi.driver_change"};
  form_radios(r, e, "kind", "qi.driver_kind", "qi.driver_kind_hint", 3, azVal, azKey, zKind);
  form_select_begin(r, e, "parent", "qi.driver_parent", "qi.driver_parent_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("qi.driver_parent_none"));
  for(int i=0; i<dl->n; i++){
    const struct qi_driver *d = &dl->a[i];
    if( strcmp(d->zKind, "change")==0 ) continue;
    char zId[24];
    snprintf(zId, sizeof zId, "%lld", d->id);
    char zShort[160];
    snprintf(zShort, sizeof zShort, "%.120s", d->zText);
    html_printf(b, "<option value=\"%lld\"%s>%s%s: %s</option>\n", d->id, zParent && strcmp(zParent, zId)==0 ? " selected" : "",
                d->depth ? "— " : "", T(driver_kind_key(d->zKind)), zShort);
  }
  form_select_end(r);
  form_textarea(r, e, "text", "qi.driver_text", 0, zText, 2);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T("qi.driver_add_button"));
  nhsuk_details_end(b);
}

/* "Ramp: cycle 1 → 2 → 3" for the ramp that cycle c belongs to: back to
** its first cycle, then on through the first cycle that builds on each. */
static void ramp_line(struct req *r, const struct pdsa_list *cl, const struct qi_pdsa *c, bool bLinkSelf){
  long long aChain[64];
  int n = 0;
  const struct qi_pdsa *x = c;
  while( x && n<64 ){
    aChain[n++] = x->id;
    const struct qi_pdsa *prev = 0;
    for(int k=0; k<cl->n && x->previousId; k++) if( cl->a[k].id==x->previousId ) prev = &cl->a[k];
    x = prev;
  }
  for(int i=0; i<n/2; i++){ long long t = aChain[i]; aChain[i] = aChain[n-1-i]; aChain[n-1-i] = t; }
  for(long long last = c->id; n<64; ){
    long long next = 0;
    for(int k=0; k<cl->n; k++) if( cl->a[k].previousId==last ){ next = cl->a[k].id; break; }
    if( !next ) break;
    aChain[n++] = next;
    last = next;
  }
  if( n<2 ) return;
  struct buf *b = &r->body;
  html_printf(b, "<p class=\"cc-ramp\">%s ", T("pdsa.ramp"));
  for(int i=0; i<n; i++){
    if( i ) html_printf(b, " → ");
    if( i==0 ) html_printf(b, "%s ", T("pdsa.ramp_cycle"));
    if( aChain[i]==c->id && !bLinkSelf ) html_printf(b, "<strong aria-current=\"page\">%d</strong>", i+1);
    else html_printf(b, "<a href=\"/pdsa/%lld\">%d</a>", aChain[i], i+1);
  }
  html_printf(b, "</p>\n");
}

static void pdsa_timeline(struct req *r, const struct qi_project *p, const struct pdsa_list *cl, bool bHasChange){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"pdsa-heading\">%s</h2>\n", T("pdsa.timeline"));
  if( p->bCanWrite ){
    if( bHasChange ) html_printf(b, "<a class=\"nhsuk-button nhsuk-button--secondary\" href=\"/qi/%lld/pdsa/new\">%s</a>\n", p->id, T("pdsa.add"));
    else html_printf(b, "<p>%s</p>\n", T("pdsa.need_change"));
  }
  if( cl->n==0 ){
    html_printf(b, "<p id=\"pdsa-empty\">%s</p>\n", T("pdsa.none"));
    return;
  }
  html_printf(b, "<ol class=\"nhsuk-list cc-timeline\" id=\"pdsa-timeline\" aria-labelledby=\"pdsa-heading\">\n");
  for(int i=0; i<cl->n; i++){
    const struct qi_pdsa *c = &cl->a[i];
    char zStart[48], zEnd[48] = "";
    page_date(r, c->zStartOn, zStart);
    if( c->zEndOn[0] ) page_date(r, c->zEndOn, zEnd);
    html_printf(b, "<li class=\"cc-timeline__item\" id=\"pdsa-%lld\"><h3 class=\"nhsuk-heading-s\"><a href=\"/pdsa/%lld\">%s</a></h3>\n"
                "<p class=\"nhsuk-body-s\">%s%s%s · %s: %s</p>\n",
                c->id, c->id, c->zTitle, zStart, zEnd[0] ? " – " : "", zEnd, T("pdsa.change"), c->zChangeText);
    ramp_line(r, cl, c, false);
    html_printf(b, "<p>");
    nhsuk_tag(b, act_colour(c->zAct), T(act_key(c->zAct)));
    html_printf(b, "</p></li>\n");
  }
  html_printf(b, "</ol>\n");
}

/* Links to the unit's decisions and actions about the project. */
struct link_ctx { struct req *r; const struct qi_project *p; int n; long long *aDecision; long long *aAction; int nD, nA; };
static void link_row(void *pCtx, const struct qi_link *l){
  struct link_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ) html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"qi-links\">\n");
  if( l->decisionId && c->nD<200 ) c->aDecision[c->nD++] = l->decisionId;
  if( l->actionId && c->nA<200 ) c->aAction[c->nA++] = l->actionId;
  char zDate[48] = "", zIso[11];
  snprintf(zIso, sizeof zIso, "%.10s", l->zMeetingStartsAt);
  if( zIso[0] ) page_date(r, zIso, zDate);
  html_printf(b, "<li id=\"link-%lld\">", l->id);
  if( l->decisionId ){
    html_printf(b, "%s: ", T("qi.link_decision"));
    if( l->meetingId ) html_printf(b, "<a href=\"/meetings/%lld\">%s</a> – ", l->meetingId, zDate);
    html_printf(b, "<span class=\"cc-pre\">%s</span>", l->zText);
  }else{
    html_printf(b, "%s <a href=\"/actions/%lld\">%s</a>: <span class=\"cc-pre\">%s</span> (%s)", T("qi.link_action"),
                l->actionId, l->zRef, l->zText, T(action_status_key(l->zStatus)));
  }
  if( c->p->bCanWrite ){
    html_printf(b, " <form class=\"cc-inline\" method=\"post\" action=\"/qi/%lld/links/%lld/delete\">", c->p->id, l->id);
    form_csrf(r);
    html_printf(b, "<button class=\"cc-link-button\" type=\"submit\">%s</button></form>", T("qi.unlink"));
  }
  html_printf(b, "</li>\n");
}

struct opt_ctx { struct req *r; int n; const long long *aSkip; int nSkip; const char *zSelected; };
static void decision_option(void *pCtx, const struct decision *d){
  struct opt_ctx *c = pCtx;
  for(int i=0; i<c->nSkip; i++) if( c->aSkip[i]==d->id ) return;
  if( c->n>=300 ) return;
  struct req *r = c->r;
  char zIso[11], zDate[48], zVal[40], zShort[200];
  snprintf(zIso, sizeof zIso, "%.10s", d->zMeetingStartsAt);
  page_date(r, zIso, zDate);
  snprintf(zVal, sizeof zVal, "decision-%lld", d->id);
  snprintf(zShort, sizeof zShort, "%.150s", d->zText);
  html_printf(&r->body, "<option value=\"%s\"%s>%s – %s</option>\n", zVal,
              c->zSelected && strcmp(c->zSelected, zVal)==0 ? " selected" : "", zDate, zShort);
  c->n++;
}
static void action_option(void *pCtx, const struct action *a){
  struct opt_ctx *c = pCtx;
  for(int i=0; i<c->nSkip; i++) if( c->aSkip[i]==a->id ) return;
  if( c->n>=300 ) return;
  struct req *r = c->r;
  char zVal[40], zShort[200];
  snprintf(zVal, sizeof zVal, "action-%lld", a->id);
  snprintf(zShort, sizeof zShort, "%.150s", a->zDescription);
  html_printf(&r->body, "<option value=\"%s\"%s>%s – %s</option>\n", zVal,
              c->zSelected && strcmp(c->zSelected, zVal)==0 ? " selected" : "", a->zRef, zShort);
  c->n++;
}

static void links_section(struct req *r, const struct qi_project *p, const struct field_errors *e, const char *zSel){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"links-heading\">%s</h2>\n", T("qi.links_title"));
  long long aD[200], aA[200];
  struct link_ctx lc = { r, p, 0, aD, aA, 0, 0 };
  qi_link_list(r->db, p->id, link_row, &lc);
  if( lc.n ) html_printf(b, "</ul>\n");
  else html_printf(b, "<p id=\"links-empty\">%s</p>\n", T("qi.links_none"));
  if( !p->bCanWrite ) return;
  html_printf(b, "<form method=\"post\" action=\"/qi/%lld/links\" novalidate>\n", p->id);
  form_csrf(r);
  form_select_begin(r, e, "ref", "qi.link_choose", "qi.link_hint");
  html_printf(b, "<option value=\"\">%s</option>\n<optgroup label=\"%s\">\n", T("qi.link_select"), T("qi.link_decisions"));
  struct opt_ctx oc = { r, 0, aD, lc.nD, zSel };
  decision_list_visible(r->db, &r->user, p->unitId, 0, r->zToday, decision_option, &oc);
  html_printf(b, "</optgroup>\n<optgroup label=\"%s\">\n", T("qi.link_actions"));
  struct opt_ctx ac = { r, 0, aA, lc.nA, zSel };
  struct action_filter f;
  memset(&f, 0, sizeof f);
  f.nMax = 300;
  action_list(r->db, p->unitId, &f, r->zToday, action_option, &ac);
  html_printf(b, "</optgroup>\n");
  form_select_end(r);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n", T("qi.link_add"));
}

static void measures_section(struct req *r, const struct qi_project *p){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"measures-heading\">%s</h2>\n", T("measure.title"));
  if( p->bCanWrite ){
    html_printf(b, "<a class=\"nhsuk-button nhsuk-button--secondary\" href=\"/qi/%lld/measures/new\">%s</a>\n", p->id, T("measure.add"));
  }
  struct meas_list ml = {0};
  qi_measure_list(r->db, p->id, meas_collect, &ml);
  if( ml.n==0 ){
    html_printf(b, "<p id=\"measures-empty\">%s</p>\n", T("measure.none"));
    return;
  }
  page_scroll_begin(r, "measures-heading");
  nhsuk_table_begin(b, 0, "measures", 0);
  nhsuk_table_header(b, T("measure.name"), false);
  nhsuk_table_header(b, T("measure.kind"), false);
  nhsuk_table_header(b, T("measure.chart"), false);
  nhsuk_table_header(b, T("measure.signal"), false);
  nhsuk_table_body(b);
  for(int j=0; j<ml.n; j++){
    const struct qi_measure *m = &ml.a[j];
    char zRowId[32];
    snprintf(zRowId, sizeof zRowId, "measure-%lld", m->id);
    nhsuk_table_row_begin(b, zRowId);
    nhsuk_table_cell_begin(b, 0);
    html_printf(b, "<a href=\"/measures/%lld\">%s</a>", m->id, m->zName);
    nhsuk_table_cell_end(b);
    nhsuk_table_cell(b, T(qi_measure_kind_key(m->zKind)));
    nhsuk_table_cell(b, T(qi_chart_key(m->zChart)));
    nhsuk_table_cell_begin(b, "cc-signal");
    qi_measure_signal(r, m);
    nhsuk_table_cell_end(b);
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
  page_scroll_end(r);
  free(ml.a);
}

/* The whole project page; e and the form values belong to the driver
** form (zForm "driver") or the link form ("link") when they have errors. */
static void project_page(struct req *r, const struct qi_project *p, const char *zForm,
                         const struct field_errors *e, const char *zKind, const char *zParent, const char *zText){
  char zUnitHref[100], zList[110], zProject[40];
  struct crumb aCrumb[4];
  int nCrumb = qi_crumbs(r, p, false, aCrumb, zUnitHref, zList, zProject);
  page_begin_form(r, p->zTitle, aCrumb, nCrumb, e);
  struct buf *b = &r->body;
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy), p->zTitle);
  char zStart[48];
  page_date(r, p->zStartOn, zStart);
  html_printf(b, "<p>");
  nhsuk_tag_ex(b, status_colour(p->zStatus), 0, "qi-status", T(qi_status_key(p->zStatus)));
  html_printf(b, " %s %s</p>\n", T("qi.started"), zStart);
  if( p->bCanWrite ) html_printf(b, "<p><a href=\"/qi/%lld/edit\">%s</a></p>\n", p->id, T("qi.edit_title"));

  html_printf(b, "<h2 id=\"model-heading\">%s</h2>\n", T("qi.model_heading"));
  nhsuk_summary_begin(b, "qi-model");
  nhsuk_summary_row(&r->body, T("qi.aim"), p->zAim, true);
  nhsuk_summary_row(&r->body, T("qi.measures_question"), p->zMeasuresQuestion, true);
  nhsuk_summary_row(&r->body, T("qi.changes_question"), p->zChangesQuestion, true);
  nhsuk_summary_row_begin(b, T("qi.steeep"), "qi-steeep");
  steeep_tags(r, p->steeep);
  nhsuk_summary_row_end(b);
  nhsuk_summary_row_begin(b, T("qi.team"), "qi-team");
  struct people team = {0};
  qi_team_list(r->db, p->id, team_collect, &team);
  for(int i=0; i<team.n; i++) html_printf(b, "%s%s", i ? ", " : "", team.a[i].zName);
  if( p->zTeamOthers[0] ) html_printf(b, "%s<span class=\"cc-pre\">%s</span>", team.n ? "; " : "", p->zTeamOthers);
  if( !team.n && !p->zTeamOthers[0] ) html_printf(b, "%s", T("qi.team_none"));
  free(team.a);
  nhsuk_summary_row_end(b);
  nhsuk_summary_end(b);

  struct driver_list dl = {0};
  qi_driver_list(r->db, p->id, driver_collect, &dl);
  struct pdsa_list cl = {0};
  qi_pdsa_list(r->db, p->id, pdsa_collect, &cl);
  driver_diagram(r, p, &dl, &cl);
  if( p->bCanWrite ){
    bool bMine = zForm && strcmp(zForm, "driver")==0;
    driver_add_form(r, p, &dl, bMine ? e : 0, bMine ? zKind : "primary", bMine ? zParent : "", bMine ? zText : "");
  }
  bool bHasChange = false;
  for(int i=0; i<dl.n; i++) if( strcmp(dl.a[i].zKind, "change")==0 ) bHasChange = true;
  pdsa_timeline(r, p, &cl, bHasChange);
  free(dl.a);
  free(cl.a);
  measures_section(r, p);
  bool bLink = zForm && strcmp(zForm, "link")==0;
  links_section(r, p, bLink ? e : 0, bLink ? zText : 0);
  html_printf(b, "<p><a href=\"/units/%s/qi\">%s</a></p>\n", p->zUnitSlug, T("qi.back_to_list"));
  page_end(r);
}

void page_qi_project(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  project_page(r, p, 0, 0, 0, 0, 0);
}

/* ---- driver diagram: add, edit, remove -------------------------------------- */

void page_qi_driver_add(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  const char *zKind = req_form(r, "kind"), *zParent = req_form(r, "parent"), *zText = req_form(r, "text");
  long long parentId = 0;
  if( zParent && zParent[0] && !text_to_int(zParent, 1, (long long)1<<53, &parentId) ) parentId = (long long)1<<60;
  struct field_errors e = {0};
  long long id = qi_driver_add(r->db, &r->user, p->id, parentId, zKind ? zKind : "", zText ? zText : "", r->zToday, &e);
  if( form_result(r, id, "/qi/%lld#driver-%lld", p->id, id) ) project_page(r, p, "driver", &e, zKind, zParent, zText);
}

static void driver_edit_page(struct req *r, const struct qi_project *p, const struct qi_driver *d,
                             const char *zText, const struct field_errors *e){
  char zUnitHref[100], zList[110], zProject[40];
  struct crumb aCrumb[4];
  int nCrumb = qi_crumbs(r, p, true, aCrumb, zUnitHref, zList, zProject);
  page_form_begin(r, T("qi.driver_edit"), aCrumb, nCrumb, e, p->zTitle);
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/qi/%lld/drivers/%lld/edit\" novalidate>\n", p->id, d->id);
  form_csrf(r);
  form_textarea(r, e, "text", driver_kind_key(d->zKind), 0, zText, 3);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("qi.save"));
  html_printf(b, "<form method=\"post\" action=\"/qi/%lld/drivers/%lld/delete\">\n", p->id, d->id);
  form_csrf(r);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\">%s</button>\n</form>\n"
              "<p class=\"nhsuk-body-s\">%s</p>\n", T("qi.remove"), T("qi.driver_remove_hint"));
  html_printf(b, "<p><a href=\"/qi/%lld#drivers-heading\">%s</a></p>\n</div></div>\n", p->id, T("qi.cancel"));
  page_end(r);
}

void page_qi_driver_edit(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  const struct qi_driver *d = r->rec.pDriver;
  driver_edit_page(r, p, d, d->zText, 0);
}

void page_qi_driver_update(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  const struct qi_driver *d = r->rec.pDriver;
  const char *zText = req_form(r, "text");
  struct field_errors e = {0};
  long long id = qi_driver_update(r->db, &r->user, d->id, zText ? zText : "", r->zToday, &e);
  if( form_result(r, id, "/qi/%lld#driver-%lld", p->id, d->id) ) driver_edit_page(r, p, d, zText, &e);
}

void page_qi_driver_delete(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  const struct qi_driver *d = r->rec.pDriver;
  struct field_errors e = {0};
  long long id = qi_driver_delete(r->db, &r->user, d->id, r->zToday, &e);
  if( form_result(r, id, "/qi/%lld#drivers-heading", p->id) ) driver_edit_page(r, p, d, d->zText, &e);
}

/* ---- links ------------------------------------------------------------------ */

void page_qi_link_add(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  const char *zRef = req_form(r, "ref");
  const char *zKind = "";
  long long refId = 0;
  if( zRef && strncmp(zRef, "decision-", 9)==0 && text_to_int(zRef+9, 1, (long long)1<<53, &refId) ) zKind = "decision";
  else if( zRef && strncmp(zRef, "action-", 7)==0 && text_to_int(zRef+7, 1, (long long)1<<53, &refId) ) zKind = "action";
  struct field_errors e = {0};
  long long id;
  if( !zKind[0] ){
    field_errors_add(&e, "ref", "qi.link_choose_error");
    id = 0;
  }else{
    id = qi_link_add(r->db, &r->user, p->id, zKind, refId, r->zToday, &e);
  }
  if( form_result(r, id, "/qi/%lld#links-heading", p->id) ){
    /* The domain names its field after the kind; the form has one. */
    struct field_errors e2 = {0};
    for(int i=0; i<e.n; i++) field_errors_add(&e2, "ref", e.a[i].zKey);
    project_page(r, p, "link", &e2, 0, 0, zRef);
  }
}

void page_qi_link_delete(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  long long id = qi_link_delete(r->db, &r->user, r->aId[1], r->zToday);
  form_result(r, id>0 ? id : -1, "/qi/%lld#links-heading", p->id);    /* no form: a refusal is a 404 */
}

/* ---- PDSA cycles ---------------------------------------------------------- */

struct pdsa_form { struct qi_pdsa_input in; char zStart[64], zEnd[64]; };

static void pdsa_form_read(struct req *r, struct pdsa_form *f){
  memset(f, 0, sizeof *f);
  f->in.zChangeId = req_form(r, "change");
  f->in.zPreviousId = req_form(r, "previous");
  f->in.zTitle = req_form(r, "title");
  f->in.zPlan = req_form(r, "plan");
  f->in.zPrediction = req_form(r, "prediction");
  f->in.zDataPlan = req_form(r, "data_plan");
  f->in.zDo = req_form(r, "do");
  f->in.zStudy = req_form(r, "study");
  f->in.zAct = req_form(r, "act");
  f->in.zActText = req_form(r, "act_text");
  form_date_value(r, "start_on", f->zStart);
  form_date_value(r, "end_on", f->zEnd);
  f->in.zStartOn = f->zStart;
  f->in.zEndOn = f->zEnd;
  const char **az[] = { &f->in.zChangeId, &f->in.zPreviousId, &f->in.zTitle, &f->in.zPlan, &f->in.zPrediction,
                        &f->in.zDataPlan, &f->in.zDo, &f->in.zStudy, &f->in.zAct, &f->in.zActText };
  for(size_t i=0; i<sizeof az/sizeof az[0]; i++) if( !*az[i] ) *az[i] = "";
}

static void pdsa_form(struct req *r, const struct qi_project *p, const struct qi_pdsa *pEdit,
                      const struct qi_pdsa_input *in, const struct field_errors *e){
  char zUnitHref[100], zList[110], zProject[40];
  struct crumb aCrumb[4];
  int nCrumb = qi_crumbs(r, p, true, aCrumb, zUnitHref, zList, zProject);
  const char *zTitle = T(pEdit ? "pdsa.edit_title" : "pdsa.add");
  page_form_begin(r, zTitle, aCrumb, nCrumb, e, p->zTitle);
  struct buf *b = &r->body;
  if( pEdit ) html_printf(b, "<form method=\"post\" action=\"/pdsa/%lld/edit\" novalidate>\n", pEdit->id);
  else html_printf(b, "<form method=\"post\" action=\"/qi/%lld/pdsa/new\" novalidate>\n", p->id);
  form_csrf(r);
  form_input(r, e, "title", "pdsa.title", "pdsa.title_hint", "text", in->zTitle, 0);

  struct driver_list dl = {0};
  qi_driver_list(r->db, p->id, driver_collect, &dl);
  form_select_begin(r, e, "change", "pdsa.change", "pdsa.change_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("pdsa.change_choose"));
  for(int i=0; i<dl.n; i++){
    if( strcmp(dl.a[i].zKind, "change")!=0 ) continue;
    char zId[24], zShort[200];
    snprintf(zId, sizeof zId, "%lld", dl.a[i].id);
    snprintf(zShort, sizeof zShort, "%.150s", dl.a[i].zText);
    html_printf(b, "<option value=\"%s\"%s>%s</option>\n", zId, strcmp(in->zChangeId, zId)==0 ? " selected" : "", zShort);
  }
  form_select_end(r);
  free(dl.a);

  struct pdsa_list cl = {0};
  qi_pdsa_list(r->db, p->id, pdsa_collect, &cl);
  form_select_begin(r, e, "previous", "pdsa.previous", "pdsa.previous_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("pdsa.previous_none"));
  for(int i=0; i<cl.n; i++){
    if( pEdit && cl.a[i].id==pEdit->id ) continue;
    char zId[24], zDate[48];
    snprintf(zId, sizeof zId, "%lld", cl.a[i].id);
    page_date(r, cl.a[i].zStartOn, zDate);
    html_printf(b, "<option value=\"%s\"%s>%s (%s)</option>\n", zId, strcmp(in->zPreviousId, zId)==0 ? " selected" : "",
                cl.a[i].zTitle, zDate);
  }
  form_select_end(r);
  free(cl.a);

  html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n", T("pdsa.plan_heading"));
  form_textarea(r, e, "plan", "pdsa.plan", "pdsa.plan_hint", in->zPlan, 4);
  form_textarea(r, e, "prediction", "pdsa.prediction", "pdsa.prediction_hint", in->zPrediction, 3);
  form_textarea(r, e, "data_plan", "pdsa.data_plan", "pdsa.data_plan_hint", in->zDataPlan, 3);
  form_date(r, e, "start_on", "pdsa.start_on", 0, in->zStartOn);
  html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n", T("pdsa.do_heading"));
  form_textarea(r, e, "do", "pdsa.do", "pdsa.do_hint", in->zDo, 4);
  form_date(r, e, "end_on", "pdsa.end_on", "pdsa.end_on_hint", in->zEndOn);
  html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n", T("pdsa.study_heading"));
  form_textarea(r, e, "study", "pdsa.study", "pdsa.study_hint", in->zStudy, 4);
  html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n", T("pdsa.act_heading"));
  static const char *const azVal[] = {"", "adopt", "adapt", "abandon"};
  static const char *const azKey[] = {"pdsa.act_none", "pdsa.act_adopt", "pdsa.act_adapt", "pdsa.act_abandon"};
  form_radios(r, e, "act", "pdsa.act", "pdsa.act_hint", 4, azVal, azKey, in->zAct);
  form_textarea(r, e, "act_text", "pdsa.act_text", "pdsa.act_text_hint", in->zActText, 3);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T(pEdit ? "qi.save" : "pdsa.add"));
  if( pEdit ) html_printf(b, "<p><a href=\"/pdsa/%lld\">%s</a></p>\n", pEdit->id, T("qi.cancel"));
  else html_printf(b, "<p><a href=\"/qi/%lld#pdsa-heading\">%s</a></p>\n", p->id, T("qi.cancel"));
  html_printf(b, "</form>\n</div></div>\n");
  page_end(r);
}

void page_pdsa_new(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  struct qi_pdsa_input in = { "", "", "", "", "", "", "", "", "", "", r->zToday, "" };
  /* ?change= and ?previous= preselect (from a change idea or a cycle's "next cycle"). */
  const char *zChange = req_query(r, "change"), *zPrev = req_query(r, "previous");
  if( zChange ) in.zChangeId = zChange;
  if( zPrev ) in.zPreviousId = zPrev;
  pdsa_form(r, p, 0, &in, 0);
}

void page_pdsa_create(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  struct pdsa_form *f = xmalloc(sizeof *f);
  pdsa_form_read(r, f);
  struct field_errors e = {0};
  long long id = qi_pdsa_create(r->db, &r->user, p->id, &f->in, r->zToday, &e);
  if( form_result(r, id, "/pdsa/%lld", id) ) pdsa_form(r, p, 0, &f->in, &e);
  free(f);
}

static void stage(struct req *r, const char *zId, const char *zHeadingKey, const char *zLabelKey, const char *zText){
  struct buf *b = &r->body;
  html_printf(b, "<section class=\"cc-pdsa-stage\" aria-labelledby=\"%s\"><h2 id=\"%s\">%s</h2>\n", zId, zId, T(zHeadingKey));
  if( zLabelKey ) html_printf(b, "<h3 class=\"nhsuk-heading-xs\">%s</h3>\n", T(zLabelKey));
  html_printf(b, "<p class=\"cc-pre\">%s</p>\n", zText[0] ? zText : T("pdsa.not_yet"));
}

void page_pdsa(struct req *r){
  const struct qi_pdsa *c = r->rec.pPdsa;
  const struct qi_project *p = r->rec.pProject;
  char zUnitHref[100], zList[110], zProject[40];
  struct crumb aCrumb[4];
  int nCrumb = qi_crumbs(r, p, true, aCrumb, zUnitHref, zList, zProject);
  page_begin(r, c->zTitle, aCrumb, nCrumb);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", p->zTitle, c->zTitle);
  char zStart[48], zEnd[48] = "";
  page_date(r, c->zStartOn, zStart);
  if( c->zEndOn[0] ) page_date(r, c->zEndOn, zEnd);
  nhsuk_summary_begin(b, "pdsa-summary");
  nhsuk_summary_row(&r->body, T("pdsa.change"), c->zChangeText, true);
  nhsuk_summary_row(&r->body, T("pdsa.start_on"), zStart, false);
  nhsuk_summary_row(&r->body, T("pdsa.end_on"), zEnd[0] ? zEnd : T("pdsa.not_yet"), false);
  nhsuk_summary_row_begin(b, T("pdsa.act"), 0);
  nhsuk_tag_ex(b, act_colour(c->zAct), 0, "pdsa-act", T(act_key(c->zAct)));
  nhsuk_summary_row_end(b);
  nhsuk_summary_end(b);

  /* The ramp: the cycle it builds on and those that build on it. */
  struct pdsa_list cl = {0};
  qi_pdsa_list(r->db, p->id, pdsa_collect, &cl);
  html_printf(b, "<nav aria-labelledby=\"ramp-heading\" id=\"pdsa-ramp\"><h2 class=\"nhsuk-heading-s\" id=\"ramp-heading\">%s</h2>\n",
              T("pdsa.ramp_heading"));
  ramp_line(r, &cl, c, false);
  html_printf(b, "<ul class=\"nhsuk-list\">\n");
  bool bAny = false;
  for(int i=0; i<cl.n; i++){
    if( cl.a[i].id==c->previousId ){
      html_printf(b, "<li>%s <a href=\"/pdsa/%lld\" rel=\"prev\">%s</a></li>\n", T("pdsa.builds_on"), cl.a[i].id, cl.a[i].zTitle);
      bAny = true;
    }
  }
  for(int i=0; i<cl.n; i++){
    if( cl.a[i].previousId==c->id ){
      html_printf(b, "<li>%s <a href=\"/pdsa/%lld\" rel=\"next\">%s</a></li>\n", T("pdsa.next_cycle"), cl.a[i].id, cl.a[i].zTitle);
      bAny = true;
    }
  }
  if( !bAny ) html_printf(b, "<li>%s</li>\n", T("pdsa.ramp_alone"));
  html_printf(b, "</ul>\n</nav>\n");
  free(cl.a);

  stage(r, "plan-heading", "pdsa.plan_heading", "pdsa.plan", c->zPlan);
  html_printf(b, "<h3 class=\"nhsuk-heading-xs\">%s</h3>\n<p class=\"cc-pre\">%s</p>\n", T("pdsa.prediction"), c->zPrediction);
  html_printf(b, "<h3 class=\"nhsuk-heading-xs\">%s</h3>\n<p class=\"cc-pre\">%s</p>\n</section>\n", T("pdsa.data_plan"), c->zDataPlan);
  stage(r, "do-heading", "pdsa.do_heading", 0, c->zDo);
  html_printf(b, "</section>\n");
  stage(r, "study-heading", "pdsa.study_heading", "pdsa.study", c->zStudy);
  html_printf(b, "</section>\n");
  stage(r, "act-heading", "pdsa.act_heading", 0, c->zActText);
  html_printf(b, "</section>\n");
  if( p->bCanWrite ){
    html_printf(b, "<a class=\"nhsuk-button\" href=\"/pdsa/%lld/edit\">%s</a>\n", c->id, T("pdsa.edit_title"));
    html_printf(b, " <a class=\"nhsuk-button nhsuk-button--secondary\" href=\"/qi/%lld/pdsa/new?change=%lld&amp;previous=%lld\">%s</a>\n",
                p->id, c->changeId, c->id, T("pdsa.add_next"));
  }
  html_printf(b, "<p><a href=\"/qi/%lld#pdsa-heading\">%s</a></p>\n</div></div>\n", p->id, T("pdsa.back"));
  page_end(r);
}

void page_pdsa_edit(struct req *r){
  const struct qi_pdsa *c = r->rec.pPdsa;
  const struct qi_project *p = r->rec.pProject;
  char zChange[24], zPrev[24] = "";
  snprintf(zChange, sizeof zChange, "%lld", c->changeId);
  if( c->previousId ) snprintf(zPrev, sizeof zPrev, "%lld", c->previousId);
  struct qi_pdsa_input in = { zChange, zPrev, c->zTitle, c->zPlan, c->zPrediction, c->zDataPlan, c->zDo,
                              c->zStudy, c->zAct, c->zActText, c->zStartOn, c->zEndOn };
  pdsa_form(r, p, c, &in, 0);
}

void page_pdsa_update(struct req *r){
  const struct qi_pdsa *c = r->rec.pPdsa;
  const struct qi_project *p = r->rec.pProject;
  struct pdsa_form *f = xmalloc(sizeof *f);
  pdsa_form_read(r, f);
  struct field_errors e = {0};
  long long id = qi_pdsa_update(r->db, &r->user, c->id, &f->in, r->zToday, &e);
  if( form_result(r, id, "/pdsa/%lld", c->id) ) pdsa_form(r, p, c, &f->in, &e);
  free(f);
}

/* ---- GET /api/v1/units/{slug}/qi --------------------------------------------- */

void api_unit_qi(struct req *r){
  const struct unit *u = &r->rec.unit;
  r->status = 200;
  r->zContentType = "application/json";
  struct buf *b = &r->body;
  struct proj_list l = {0};
  qi_project_list(r->db, u->id, proj_collect, &l);
  buf_puts(b, "{\"unit\":");
  json_string(b, u->zSlug);
  buf_puts(b, ",\"projects\":[");
  for(int i=0; i<l.n; i++){
    const struct proj_row *x = &l.a[i];
    bool bFirst = true;
    if( i ) buf_putc(b, ',');
    buf_putc(b, '{');
    json_kv_int(b, &bFirst, "id", x->id);
    json_kv_str(b, &bFirst, "title", x->zTitle);
    json_kv_str(b, &bFirst, "status", x->zStatus);
    json_kv_str(b, &bFirst, "start_on", x->zStartOn);
    json_key(b, &bFirst, "steeep");
    buf_putc(b, '[');
    bool bF2 = true;
    for(int k=0; k<6; k++){
      if( x->steeep & (1<<k) ){ json_sep(b, &bF2); json_string(b, qi_steeep_code[k]); }
    }
    buf_putc(b, ']');
    json_key(b, &bFirst, "measures");
    buf_putc(b, '[');
    struct meas_list ml = {0};
    qi_measure_list(r->db, x->id, meas_collect, &ml);
    for(int j=0; j<ml.n; j++){
      if( j ) buf_putc(b, ',');
      bool bF3 = true;
      buf_putc(b, '{');
      json_kv_int(b, &bF3, "id", ml.a[j].id);
      json_kv_str(b, &bF3, "name", ml.a[j].zName);
      json_kv_str(b, &bF3, "kind", ml.a[j].zKind);
      json_kv_str(b, &bF3, "chart", ml.a[j].zChart);
      json_key(b, &bF3, "signal");
      qi_measure_signal_json(r, &ml.a[j], b);
      buf_putc(b, '}');
    }
    free(ml.a);
    buf_puts(b, "]}");
  }
  buf_puts(b, "]}\n");
  free(l.a);
}
