/* The home page and the page of each organisation unit. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/unit.h"
#include "domain/tor.h"
#include "domain/member.h"
#include "domain/plan_reference.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include <stdio.h>
#include <string.h>

/* Translation key of a unit kind, singular. */
static const char *kind_key(const char *zKind){
  static const char *const az[][2] = {
    {"nation", "kind.nation"}, {"health_board", "kind.health_board"}, {"rpb", "kind.rpb"},
    {"local_authority", "kind.local_authority"}, {"pcpg", "kind.pcpg"}, {"cluster", "kind.cluster"},
    {"collaborative", "kind.collaborative"}, {"organisation", "kind.organisation"},
  };
  for(size_t i=0; i<sizeof(az)/sizeof(az[0]); i++) if( strcmp(az[i][0], zKind)==0 ) return az[i][1];
  return "kind.organisation";
}

/* zLabel: the id of the heading the table sits under. */
struct table_ctx { struct req *r; int n; bool bParent; const char *zLabel; };

/* One row of a table of units: name (linked), kind or parent, practices, population. */
static void unit_row(void *pCtx, const struct unit *u){
  struct table_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  /* Practice and patient counts are known for clusters only. */
  bool bCounts = strcmp(u->zKind, "cluster")==0;
  if( c->n++==0 ){
    page_scroll_begin(r, c->zLabel);
    nhsuk_table_begin(b, 0, 0, 0);
    nhsuk_table_header(b, T("unit.name"), false);
    if( c->bParent ) nhsuk_table_header(b, T("unit.part_of"), false);
    if( bCounts ){
      nhsuk_table_header(b, T("unit.gp_practices"), true);
      nhsuk_table_header(b, T("unit.population"), true);
    }
    nhsuk_table_body(b);
  }
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/units/%s\">%s</a>", u->zSlug, unit_display_name(u, r->lang));
  nhsuk_table_cell_end(b);
  if( c->bParent ) nhsuk_table_cell(b, unit_parent_display_name(u, r->lang));
  if( bCounts ){
    char zPop[32] = "", zGp[32] = "";
    if( u->population>=0 ) page_number(u->population, zPop);
    if( u->gpPractices>=0 ) page_number(u->gpPractices, zGp);
    nhsuk_table_cell_numeric(b, zGp);
    nhsuk_table_cell_numeric(b, zPop);
  }
  nhsuk_table_row_end(b);
}
static void table_end(struct table_ctx *c, const char *zEmptyKey){
  struct req *r = c->r;
  if( c->n ){
    nhsuk_table_end(&r->body);
    page_scroll_end(r);
  }else{
    html_printf(&r->body, "<p>%s</p>\n", T(zEmptyKey));
  }
}

void page_home(struct req *r){
  page_begin(r, T("home.title"), 0, 0);
  struct buf *b = &r->body;
  html_printf(b, "<h1>%s</h1>\n", T("home.title"));
  struct unit scope;
  if( unit_get_visible(r->db, &r->user, r->user.zScopeSlug, r->zToday, &scope) ){
    html_printf(b,
      "<div class=\"nhsuk-card nhsuk-card--clickable\"><div class=\"nhsuk-card__content\">"
      "<h2 class=\"nhsuk-card__heading nhsuk-heading-m\"><a class=\"nhsuk-card__link\" href=\"/units/%s\">%s</a></h2>"
      "<p class=\"nhsuk-card__description\">%s</p></div></div>\n",
      scope.zSlug, unit_display_name(&scope, r->lang), T(kind_key(scope.zKind)));
  }
  html_printf(b, "<p><a href=\"/actions/mine\">%s</a></p>\n", T("action.mine_title"));
  html_printf(b, "<p><a href=\"/indicators\">%s</a></p>\n", T("indicator.page.catalogue_link"));
  html_printf(b, "<h2 id=\"clusters-heading\">%s</h2>\n", T("home.clusters"));
  struct table_ctx c = { r, 0, true, "clusters-heading" };
  unit_list_visible_in(r->db, &r->user, "cluster", r->zToday, r->lang, unit_row, &c);
  table_end(&c, "home.no_clusters");
  page_end(r);
}

struct member_ctx { struct req *r; int n; bool bWrite; };

static void member_row(void *pCtx, const struct membership *m){
  struct member_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  /* On a narrow screen each member is a block of labelled lines. */
  if( c->n++==0 ){
    page_scroll_begin(r, "members-heading");
    nhsuk_rtable_begin(b, 0, "members", T("unit.members"));
    nhsuk_rtable_header(b, T("member.name"), false);
    nhsuk_rtable_header(b, T("member.role"), false);
    nhsuk_rtable_header(b, T("member.membership"), false);
    nhsuk_rtable_header(b, T("member.voting"), false);
    nhsuk_rtable_header(b, T("member.dates"), false);
    if( c->bWrite ) nhsuk_rtable_header_hidden(b, T("member.actions"));
    nhsuk_table_body(b);
  }
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, T("member.name"));
  html_printf(b, "%s", m->zName);
  if( m->zJobTitle[0] ) html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", m->zJobTitle);
  char zFrom[48], zTo[48];
  page_date(r, m->zFrom, zFrom);
  page_date(r, m->zTo, zTo);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, T("member.role"), T(m->zRoleKey));
  nhsuk_rtable_cell(b, T("member.membership"), T(m->bCore ? "member.core" : "member.attendance"));
  nhsuk_rtable_cell(b, T("member.voting"), T(m->bVoting ? "member.voting_yes" : "member.voting_no"));
  nhsuk_rtable_cell_begin(b, 0, T("member.dates"));
  html_printf(b, "<span class=\"cc-nowrap\">%s</span>", zFrom);
  if( m->zTo[0] ) html_printf(b, " – <span class=\"cc-nowrap\">%s</span>", zTo);
  nhsuk_rtable_cell_end(b);
  if( c->bWrite ){
    nhsuk_rtable_cell_begin(b, 0, 0);
    html_printf(b, "<a href=\"/memberships/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                m->id, T("member.change"), m->zName);
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_table_row_end(b);
}

/* Ids of units, for walking a level of the tree. */
struct id_list { long long a[64]; int n; };
static void collect_id(void *p, const struct unit *x){
  struct id_list *pl = p;
  if( pl->n<64 ) pl->a[pl->n++] = x->id;
}

/* Summary list row: key and value; value may be a link to a unit. */
static void summary_row(struct req *r, const char *zKey, const char *zValue, const char *zSlug){
  if( !zSlug || !zSlug[0] ){
    nhsuk_summary_row(&r->body, zKey, zValue, false);
    return;
  }
  nhsuk_summary_row_begin(&r->body, zKey, 0);
  html_printf(&r->body, "<a href=\"/units/%s\">%s</a>", zSlug, zValue);
  nhsuk_summary_row_end(&r->body);
}

/* Links to the views of plans from the page of unit u (a group, a board,
** an RPB, the nation; nothing for other units). */
static void plan_links(struct req *r, const struct unit *u){
  struct buf *b = &r->body;
  bool bBoard = strcmp(u->zKind, "health_board")==0;
  const char *az[2];
  bool bRefs = plan_ref_kinds(u->zKind, az)>0;
  if( !bBoard && strcmp(u->zKind, "pcpg")!=0 && !bRefs ) return;
  html_printf(b, "<ul class=\"nhsuk-list cc-plan-links\">\n");
  if( bBoard || strcmp(u->zKind, "pcpg")==0 ){
    html_printf(b, "<li><a href=\"/units/%s/plans/side-by-side\">%s</a></li>\n", u->zSlug, T("planview.side_link"));
  }
  if( bBoard ) html_printf(b, "<li><a href=\"/units/%s/plans/imtp\">%s</a></li>\n", u->zSlug, T("planview.imtp_link"));
  if( bRefs ) html_printf(b, "<li><a href=\"/units/%s/plan-references\">%s</a></li>\n", u->zSlug, T("planview.references_link"));
  html_printf(b, "</ul>\n");
}

/* The parent is linked only for those who may open it. */
static const char *slug_if_readable(struct req *r, const char *zSlug){
  struct unit p;
  return zSlug[0] && unit_get_visible(r->db, &r->user, zSlug, r->zToday, &p) ? zSlug : 0;
}

void page_unit_begin(struct req *r, const struct unit *u, const char *zTitle, const char *zHeadingId){
  char zHref[100];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}};
  page_begin(r, zTitle, aCrumb, 2);
  html_printf(&r->body, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"%s\">%s</h1>\n", unit_display_name(u, r->lang), zHeadingId, zTitle);
}

void page_unit(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct crumb aCrumb[2];
  int nCrumb = 0;
  aCrumb[nCrumb++] = (struct crumb){"/", T("home.title")};
  char zParentHref[100];
  if( u->zParentSlug[0] && slug_if_readable(r, u->zParentSlug) ){
    snprintf(zParentHref, sizeof zParentHref, "/units/%s", u->zParentSlug);
    aCrumb[nCrumb++] = (struct crumb){zParentHref, unit_parent_display_name(u, r->lang)};
  }
  page_begin(r, unit_display_name(u, r->lang), aCrumb, nCrumb);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", T(kind_key(u->zKind)), unit_display_name(u, r->lang));

  size_t nBeforeList = r->body.n;
  nhsuk_summary_begin(b, 0);
  size_t nListStart = r->body.n;
  if( u->zParentSlug[0] ){
    summary_row(r, T(kind_key(u->zParentKind)), unit_parent_display_name(u, r->lang), slug_if_readable(r, u->zParentSlug));
  }
  if( strcmp(u->zKind, "cluster")==0 ){
    struct unit pcpg, hb, la, rpb;
    if( unit_get_by_slug(r->db, u->zParentSlug, r->zToday, &pcpg) && strcmp(pcpg.zKind, "pcpg")==0
     && unit_get_by_slug(r->db, pcpg.zParentSlug, r->zToday, &hb) ){
      summary_row(r, T("kind.health_board"), unit_display_name(&hb, r->lang), slug_if_readable(r, hb.zSlug));
    }
    if( unit_area(r->db, u->id, "local_authority", r->zToday, &la) ){
      summary_row(r, T("kind.local_authority"), unit_display_name(&la, r->lang), 0);
    }
    if( unit_area(r->db, u->id, "rpb", r->zToday, &rpb) ){
      summary_row(r, T("kind.rpb"), unit_display_name(&rpb, r->lang), 0);
    }
  }
  if( u->population>=0 ){
    char zPop[32], zText[120];
    page_number(u->population, zPop);
    char zDate[48];
    page_date(r, u->zPopulationDate, zDate);
    snprintf(zText, sizeof zText, T("unit.population_at"), zPop, zDate);
    summary_row(r, T("unit.population_registered"), zText, 0);
  }
  if( u->gpPractices>=0 ){
    char zGp[32];
    page_number(u->gpPractices, zGp);
    summary_row(r, T("unit.gp_practices"), zGp, 0);
  }
  if( r->body.n==nListStart ){
    r->body.n = nBeforeList;       /* nothing to list (the nation): no list */
    r->body.z[nBeforeList] = 0;
  }else{
    nhsuk_summary_end(b);
  }

  plan_links(r, u);
  if( strcmp(u->zKind, "health_board")==0 ) html_printf(b, "<p><a href=\"/units/%s/profile\">%s</a></p>\n", u->zSlug, T("indicator.page.board_profile_link"));
  if( strcmp(u->zKind, "health_board")==0 ) html_printf(b, "<p><a href=\"/units/%s/sfi\">%s</a></p>\n", u->zSlug, T("sfi.title"));
  if( strcmp(u->zKind, "health_board")==0 ) html_printf(b, "<p><a href=\"/units/%s/projects\">%s</a></p>\n", u->zSlug, T("project.portfolio_title"));
  /* Where the group's work is: meetings, actions, decisions. */
  if( strcmp(u->zKind, "cluster")==0 || strcmp(u->zKind, "collaborative")==0 || strcmp(u->zKind, "pcpg")==0 ){
    html_printf(b, "<ul class=\"nhsuk-list cc-work-links\">\n");
    html_printf(b, "<li><a href=\"/units/%s/meetings\">%s</a></li>\n", u->zSlug, T("meeting.list_title"));
    html_printf(b, "<li><a href=\"/units/%s/actions\">%s</a></li>\n", u->zSlug, T("action.title"));
    html_printf(b, "<li><a href=\"/units/%s/decisions\">%s</a></li>\n", u->zSlug, T("decision.log_title"));
    html_printf(b, "<li><a href=\"/units/%s/commitments\">%s</a></li>\n", u->zSlug, T("commitment.list_title"));
    html_printf(b, "<li><a href=\"/units/%s/terms\">%s</a></li>\n", u->zSlug, T("tor.title"));
    html_printf(b, "<li><a href=\"/units/%s/attendance\">%s</a></li>\n", u->zSlug, T("report.title"));
    if( strcmp(u->zKind, "pcpg")!=0 ){
      html_printf(b, "<li><a href=\"/units/%s/qi\">%s</a></li>\n", u->zSlug, T("qi.projects_title"));
    }
    if( strcmp(u->zKind, "cluster")==0 ){
      html_printf(b, "<li><a href=\"/units/%s/profile\">%s</a></li>\n", u->zSlug, T("indicator.page.profile_link"));
    }
    html_printf(b, "<li><a href=\"/units/%s/needs\">%s</a></li>\n", u->zSlug, T("needs.list_title"));
    html_printf(b, "<li><a href=\"/units/%s/plans\">%s</a></li>\n", u->zSlug, T("plan.list_title"));
    html_printf(b, "<li><a href=\"/units/%s/business-cases\">%s</a></li>\n", u->zSlug, T("case.list_title"));
    html_printf(b, "<li><a href=\"/units/%s/projects\">%s</a></li>\n", u->zSlug, T("project.portfolio_title"));
    html_printf(b, "<li><a href=\"/units/%s/risks\">%s</a></li>\n", u->zSlug, T("register.title"));
    html_printf(b, "<li><a href=\"/units/%s/benefits\">%s</a></li>\n", u->zSlug, T("benefit.register_title"));
    html_printf(b, "<li><a href=\"/units/%s/finance\">%s</a></li>\n", u->zSlug, T("finance.title"));
    html_printf(b, "</ul>\n");
    /* Terms of reference past their review date, or none at all. */
    struct tor t;
    bool bTor = tor_current(r->db, u->id, &t);
    if( !bTor || strcmp(t.zReviewDue, r->zToday)<0 ){
      char zWarn[200], zDue[48];
      if( bTor ){
        page_date(r, t.zReviewDue, zDue);
        snprintf(zWarn, sizeof zWarn, T("tor.review_overdue"), zDue);
      }else{
        snprintf(zWarn, sizeof zWarn, "%s", T("tor.none"));
      }
      nhsuk_warning_callout_begin(b, 2, T("tor.important"));
      html_printf(b, "<p>%s <a href=\"/units/%s/terms\">%s</a></p>", zWarn, u->zSlug, T("tor.title"));
      nhsuk_warning_callout_end(b);
    }
  }

  /* What sits under this unit, by kind. */
  static const char *const azChild[][2] = {
    {"health_board", "unit.health_boards"}, {"rpb", "unit.rpbs"}, {"pcpg", "unit.pcpgs"},
    {"cluster", "unit.clusters"}, {"collaborative", "unit.collaboratives"},
    {"local_authority", "unit.local_authorities"}, {"organisation", "unit.organisations"},
  };
  for(size_t i=0; i<sizeof(azChild)/sizeof(azChild[0]); i++){
    char zId[40];
    snprintf(zId, sizeof zId, "%s-heading", azChild[i][0]);
    struct table_ctx c = { r, 0, false, zId };
    size_t nBefore = r->body.n;
    html_printf(b, "<h2 id=\"%s\">%s</h2>\n", zId, T(azChild[i][1]));
    unit_children_in(r->db, u->id, azChild[i][0], r->zToday, r->lang, unit_row, &c);
    if( c.n==0 ){
      r->body.n = nBefore;         /* no such children: no heading */
      r->body.z[nBefore] = 0;
    }else{
      table_end(&c, "unit.none");
    }
  }
  /* A health board lists its clusters across its PCPGs. */
  if( strcmp(u->zKind, "health_board")==0 ){
    struct table_ctx c = { r, 0, true, "board-clusters-heading" };
    html_printf(b, "<h2 id=\"board-clusters-heading\">%s</h2>\n", T("unit.clusters"));
    struct id_list pl = {{0}, 0};
    unit_children_in(r->db, u->id, "pcpg", r->zToday, r->lang, collect_id, &pl);
    for(int i=0; i<pl.n; i++) unit_children_in(r->db, pl.a[i], "cluster", r->zToday, r->lang, unit_row, &c);
    table_end(&c, "unit.none");
  }

  bool bMemberKind = strcmp(u->zKind, "cluster")==0 || strcmp(u->zKind, "collaborative")==0
                  || strcmp(u->zKind, "pcpg")==0;
  if( bMemberKind ){
    bool bWrite = access_can_write(r->db, &r->user, u->id, r->zToday);
    bool bAll = req_query_int(r, "all", 0)==1;
    html_printf(b, "<h2 id=\"members-heading\">%s</h2>\n", T("unit.members"));
    if( bAll ) html_printf(b, "<p><a href=\"/units/%s\">%s</a></p>\n", u->zSlug, T("unit.show_current"));
    else html_printf(b, "<p><a href=\"/units/%s?all=1\">%s</a></p>\n", u->zSlug, T("unit.show_all"));
    struct member_ctx c = { r, 0, bWrite };
    membership_list(r->db, u->id, !bAll, r->zToday, member_row, &c);
    if( c.n ){
      nhsuk_table_end(b);
      page_scroll_end(r);
    }else{
      html_printf(b, "<p>%s</p>\n", T("unit.no_members"));
    }
    if( bWrite ){
      html_printf(b, "<a class=\"nhsuk-button\" href=\"/units/%s/members/new\">%s</a>\n", u->zSlug, T("member.add"));
    }
  }
  page_end(r);
}

