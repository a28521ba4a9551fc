/*
** What the pages of a project's documents share (project_docs_ui.c:
** breadcrumbs, notes; project_links.c: the stakeholder map and the
** decisions log drawn inside a document's page.
*/
#ifndef CC_PROJECT_DOCS_UI_H
#define CC_PROJECT_DOCS_UI_H
#include "web/page.h"
#include "domain/project.h"

/* Home, the unit, its projects, the project (and its documents when
** bDocs); their number. The buffers hold the addresses. */
int projdoc_crumbs(struct req *r, const struct project *p, struct crumb *a, char zUnit[100], char zList[120],
                   char zProject[40], char zDocs[60], bool bDocs);
/* "Demonstration data" as a warning callout. */
void projdoc_demo_callout(struct req *r);
/* Says so when the project is closed, or the reader may not change it. */
void projdoc_closed_note(struct req *r, const struct project *p);
/* The power/interest grid (SVG with its title and description) and the
** stakeholders' table; with bForms, each row's change link. */
void projdoc_stakeholder_section(struct req *r, const struct project *p, bool bForms);
/* The decisions log's table. */
void projdoc_decisions_section(struct req *r, const struct project *p);

#endif
