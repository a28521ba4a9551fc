/*
** An agenda item's page and the forms on it. Each form posts to the item
** and has one writer in its area (decisions.c: declarations, decisions,
** minutes; elections.c: elections; papers.c: papers) with one shape:
** -1 refused, 0 errors (the page is drawn again with them and what was
** typed), else saved (back to the item, at the form's section). The
** areas draw their sections; this file alone draws the page, so none of
** them calls another to redraw it.
*/
#include "pages/pages.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <string.h>

void page_item(struct req *r){
  /* A proposal the chair has not put on the agenda has its own page. */
  if( r->rec.item.proposedById>0 && strcmp(r->rec.item.zStatus, "accepted")!=0 ){ proposal_item_page(r); return; }
  decisions_item_page(r, &r->rec.meeting, &r->rec.item, 0, 0);
}

typedef long long item_writer(struct req *, const struct meeting *, const struct agenda_item *,
                              struct field_errors *);

/* The post of form zForm (its section zSection on the page) by xWrite. */
static void item_post(struct req *r, item_writer *xWrite, const char *zForm, const char *zSection){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  struct field_errors e = {0};
  long long id = xWrite(r, m, it, &e);
  if( id<0 ){ page_not_found(r); return; }
  if( id>0 ){
    char z[160];
    snprintf(z, sizeof z, "/meetings/%lld/items/%lld#i%lld-sec-%s", m->id, it->id, it->id, zSection);
    req_redirect(r, z);
    return;
  }
  r->status = 400;
  decisions_item_page(r, m, it, zForm, &e);
}

void page_declaration_create(struct req *r){ item_post(r, declaration_post, "declaration", "declarations"); }
void page_decision_create(struct req *r){ item_post(r, decision_post, "decision", "decision"); }
void page_election_create(struct req *r){ item_post(r, election_post, "election", "decision"); }
void page_minutes_save(struct req *r){ item_post(r, minutes_post, "minutes", "minutes"); }
void page_paper_upload(struct req *r){ item_post(r, paper_post, "paper", "papers"); }
