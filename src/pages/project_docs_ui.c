/*
** What the pages of a project's documents share (project_docs_ui.h):
** breadcrumbs and notes.
*/
#include "pages/pages.h"
#include "pages/project_docs_ui.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>

int projdoc_crumbs(struct req *r, const struct project *p, struct crumb *a, char zUnit[100], char zList[120],
                   char zProject[40], char zDocs[60], bool bDocs){
  snprintf(zUnit, 100, "/units/%.80s", p->zUnitSlug);
  snprintf(zList, 120, "/units/%.80s/projects", p->zUnitSlug);
  snprintf(zProject, 40, "/projects/%lld", p->id);
  snprintf(zDocs, 60, "/projects/%lld/documents", p->id);
  a[0] = (struct crumb){"/", T("home.title")};
  a[1] = (struct crumb){zUnit, unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy)};
  a[2] = (struct crumb){zList, T("projdoc.crumb.projects")};
  a[3] = (struct crumb){zProject, p->zTitle};
  if( !bDocs ) return 4;
  a[4] = (struct crumb){zDocs, T("projdoc.list_title")};
  return 5;
}

void projdoc_demo_callout(struct req *r){
  nhsuk_warning_callout_begin(&r->body, 2, T("projdoc.demo_heading"));
  html_printf(&r->body, "<p>%s</p>", T("projdoc.demo_text"));
  nhsuk_warning_callout_end(&r->body);
}

void projdoc_closed_note(struct req *r, const struct project *p){
  if( p->zClosedOn[0] ) nhsuk_inset(&r->body, 0, T("projdoc.closed_read_only"));
  else if( !p->bWriter ) nhsuk_inset(&r->body, 0, T("projdoc.read_only"));
}

