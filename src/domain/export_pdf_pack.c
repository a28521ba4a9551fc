/*
** The agenda pack besides the text engine (export_pdf_doc.c) and the papers'
** pages (export_pdf_papers.c): the agenda table, what the pack gathers
** beyond the agenda (the last minutes, the open actions, how many pages
** of papers fit), where each part goes, and the bookmarks and links that
** find them. See export_meeting.h for what the pack holds.
*/
#include "domain/export_pdf_doc.h"
#include "domain/action.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the agenda table ------------------------------------------------------- */

/* Columns: time, number, item, lead, purpose. */
static const double aColX[] = { 0, 40, PDF_COL_ITEM, 300, 400 };
static const double aColW[] = { 38, 22, 230, 96, TEXT_W-400 };

void pdf_table_header(struct pdf *p){
  const char *az[5] = { PT("agenda.time"), PT("agenda.number"), PT("agenda.item"), PT("agenda.lead"), PT("agenda.purpose") };
  double top = p->y - 11;
  pdf_colour(p, C_FILL);
  cairo_rectangle(p->cr, MARGIN, top, TEXT_W, 16);
  cairo_fill(p->cr);
  pdf_font(p, true, 9);
  pdf_colour(p, C_TEXT);
  for(int i=0; i<5; i++) pdf_text_at(p, MARGIN + aColX[i] + 2, p->y, az[i]);
  p->y += 16;
}

static void rule(struct pdf *p, double y){
  pdf_colour(p, C_RULE);
  cairo_set_line_width(p->cr, 0.6);
  cairo_move_to(p->cr, MARGIN, y);
  cairo_line_to(p->cr, PAGE_W - MARGIN, y);
  cairo_stroke(p->cr);
  pdf_colour(p, C_TEXT);
}



static void agenda_row(struct pdf *p, struct item *x){
  const struct doc *d = p->d;
  char zNo[16];
  snprintf(zNo, sizeof zNo, "%d", x->position);
  const char *az[5] = { x->zStart, zNo, x->zTitle, x->zLead, x->zPurpose };
  struct buf lines[5];
  int n[5], nMax = 1;
  memset(lines, 0, sizeof lines);
  for(int i=0; i<5; i++){
    pdf_font(p, i==2, 9.5);
    n[i] = pdf_wrap(p, az[i], aColW[i], &lines[i]);
    if( n[i]>nMax ) nMax = n[i];
  }
  /* A row is not split across pages: with its first note, it moves on. */
  bool bNotes = x->nPaper>0 || x->bPrevMinutes || x->bOpenActions;
  pdf_need_room(p, (nMax-1)*12.5 + 4 + (bNotes ? 12 : 0));
  double y0 = p->y;
  x->iRowPage = p->page;
  for(int i=0; i<5; i++){
    pdf_font(p, i==2, 9.5);
    pdf_colour(p, x->bHidden && i==2 ? C_GREY : C_TEXT);
    for(int j=0; j<n[i]; j++) pdf_text_at(p, MARGIN + aColX[i] + 2, y0 + j*12.5, pdf_line_at(&lines[i], j));
    buf_free(&lines[i]);
  }
  pdf_colour(p, C_TEXT);
  p->y = y0 + nMax*12.5;
  struct buf t = {0};
  if( x->bPrevMinutes ){
    if( d->pPrev ){
      buf_printf(&t, PT("pdf.from_page"), d->zPrevName, d->prev.iRef);
      pdf_row_note(p, 0, buf_cstr(&t), "minutes", 0);
    }else{
      pdf_row_note(p, 0, PT("pdf.no_prev_minutes"), 0, 0);
    }
  }
  if( x->bOpenActions ){
    if( d->open.n ){
      char zOpen[80];
      snprintf(zOpen, sizeof zOpen, PT("pdf.open_actions"), d->open.n);
      buf_reset(&t);
      buf_printf(&t, PT("pdf.from_page"), zOpen, d->openAt.iRef);
      pdf_row_note(p, 0, buf_cstr(&t), "actions", 0);
    }else{
      pdf_row_note(p, 0, PT("agenda.no_open_actions"), 0, 0);
    }
  }
  buf_free(&t);
  for(int k=0; k<x->nPaper; k++) pdf_paper_note(p, &x->aPaper[k]);
  rule(p, p->y - 8.5);
  p->y += 6;
}

/* ---- gathering ------------------------------------------------------------ */

/* Is agenda item id restricted? */
static bool item_restricted(struct db *db, long long id){
  struct stmt *s = db_prepare(db, "SELECT restricted FROM agenda_item WHERE id=?");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1 && stmt_int(s, 0)==1;
  stmt_done(s);
  return b;
}

/* An open action as the pack lists it: its reference, then what it is,
** its status, lead and due date, and its latest progress note. One raised
** under a restricted item only for those who may see such items, as in
** the minutes. */
struct open_ctx { struct db *db; struct doc *d; bool bSees; int nRows; };
static void gather_open_action(void *pCtx, const struct action *a){
  struct open_ctx *c = pCtx;
  enum lang lang = c->d->lang;
  if( ++c->nRows > PACK_MAX_ACTIONS ){ c->d->bOpenMore = true; return; }
  if( a->agendaItemId>0 && !c->bSees && item_restricted(c->db, a->agendaItemId) ) return;
  struct buf b = {0};
  char zKey[40], zDate[80];
  buf_puts(&b, a->zDescription);
  buf_puts(&b, "\n");
  snprintf(zKey, sizeof zKey, "action.status_%s", a->zStatus);
  buf_printf(&b, i18n_get(lang, "pdf.action_status"), i18n_has(lang, zKey) ? i18n_get(lang, zKey) : a->zStatus);
  buf_puts(&b, " · ");
  buf_printf(&b, i18n_get(lang, "pdf.action_lead"), a->zLeadName[0] ? a->zLeadName : i18n_get(lang, "minutes.action_no_lead"));
  buf_puts(&b, " · ");
  if( a->zDue[0] ){
    pdf_long_date(lang, a->zDue, zDate, sizeof zDate);
    buf_printf(&b, i18n_get(lang, "pdf.action_due"), zDate);
  }else{
    buf_puts(&b, i18n_get(lang, "minutes.action_no_due"));
  }
  if( a->bOverdue ) buf_printf(&b, " · %s", i18n_get(lang, "action.overdue"));
  buf_puts(&b, "\n");
  if( a->zLastProgress[0] ){
    pdf_long_date(lang, a->zLastProgressOn, zDate, sizeof zDate);
    buf_printf(&b, i18n_get(lang, "pdf.action_progress"), zDate, a->zLastProgress);
  }else{
    buf_puts(&b, i18n_get(lang, "review.no_progress"));
  }
  pdf_block_add(&c->d->open, B_KV, a->zRef, buf_cstr(&b));
  buf_free(&b);
}

/* What the pack holds besides the agenda: the minutes of the unit's last
** earlier meeting that has minutes (draft or approved, as they are), the
** unit's actions still open from before this meeting, and where they go;
** and how many pages of each PDF paper fit under PACK_MAX_PAPER_PAGES,
** in agenda order. */
void pdf_gather_pack(struct db *db, const struct user *u, const struct meeting *m, struct doc *d){
  enum lang lang = d->lang;
  /* The minutes and the actions go under the standing items for them,
  ** when the agenda has them; otherwise straight after the agenda. */
  bool bMin = false, bAct = false;
  int nLeft = PACK_MAX_PAPER_PAGES;
  for(int i=0; i<d->nItem; i++){
    struct item *x = &d->aItem[i];
    if( x->bHidden ) continue;
    pdf_gather_papers(db, x, x->itemId);
    if( !bMin && strcmp(x->zStanding, "minutes")==0 ) bMin = x->bPrevMinutes = true;
    if( !bAct && strcmp(x->zStanding, "actions")==0 ) bAct = x->bOpenActions = true;
    for(int k=0; k<x->nPaper; k++){
      struct pack_paper *q = &x->aPaper[k];
      if( q->nPages<=0 ) continue;
      q->nDraw = q->nPages<nLeft ? q->nPages : nLeft;
      nLeft -= q->nDraw;
      if( q->nDraw<q->nPages ) d->bPapersCut = true;
    }
  }

  struct stmt *s = db_prepare(db,
    "SELECT m.id FROM meeting m JOIN meeting this ON this.id=?1"
    " WHERE m.unit_id=this.unit_id AND m.minutes_status IN ('draft','approved')"
    "   AND (m.starts_at<this.starts_at OR (m.starts_at=this.starts_at AND m.id<this.id))"
    " ORDER BY m.starts_at DESC, m.id DESC LIMIT 1");
  stmt_bind_int(s, 1, m->id);
  long long prevId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  struct meeting *prev = xmalloc(sizeof *prev);
  if( prevId>0 && meeting_load(db, prevId, prev) ){
    d->pPrev = xmalloc(sizeof *d->pPrev);
    pdf_gather(db, u, prev, EXPORT_PDF_MINUTES, lang, d->pPrev);
    char zDate[80];
    pdf_long_date(lang, prev->zStartsAt, zDate, sizeof zDate);
    struct buf b = {0};
    buf_printf(&b, i18n_get(lang, "pdf.prev_minutes"), zDate,
               i18n_get(lang, strcmp(prev->zMinutesStatus, "approved")==0 ? "pdf.prev_minutes_approved"
                                                                        : "pdf.prev_minutes_draft"));
    d->zPrevName = pdf_clean(buf_cstr(&b));
    buf_free(&b);
  }
  free(prev);

  struct action_filter f;
  memset(&f, 0, sizeof f);
  f.zStatus = "open";
  f.beforeMeetingId = m->id;
  f.nMax = PACK_MAX_ACTIONS + 1;
  struct open_ctx oc = { db, d, u && meeting_sees_restricted(db, u, m), 0 };
  char zNow[17], zToday[11];
  text_local_now(zNow);
  snprintf(zToday, sizeof zToday, "%.10s", zNow);
  action_list(db, m->unitId, &f, zToday, gather_open_action, &oc);
}

/* ---- the rest of the pack ------------------------------------------------------ */


/* The last meeting's minutes, from a new page, as their own PDF has them. */
static void section_minutes(struct pdf *p, int parent){
  struct doc *pack = p->d;
  pdf_new_page(p);
  pack->prev.iNew = p->page;
  pdf_dest_here(p, "minutes");
  pdf_bookmark(p, parent, pack->zPrevName, p->page, false);
  p->d = pack->pPrev;
  pdf_render_minutes(p);
  p->d = pack;
}

/* The open actions, from a new page. */
static void section_actions(struct pdf *p, int parent){
  struct doc *d = p->d;
  pdf_new_page(p);
  d->openAt.iNew = p->page;
  pdf_dest_here(p, "actions");
  char zTitle[80];
  snprintf(zTitle, sizeof zTitle, PT("pdf.open_actions"), d->open.n);
  pdf_bookmark(p, parent, zTitle, p->page, false);
  pdf_para(p, d->zCaption, MARGIN, TEXT_W, false, 10, 14, C_GREY);
  p->y += 6;
  pdf_para(p, PT("review.open_actions"), MARGIN, TEXT_W, true, SZ_TITLE, LH_TITLE, C_TEXT);
  p->y += 10;
  for(int i=0; i<d->open.n; i++){
    pdf_kv(p, d->open.a[i].zKey, d->open.a[i].zText, MARGIN, SZ_BODY, LH_BODY);
    p->y += 6;
  }
  if( d->bOpenMore ){
    char zMore[300];
    snprintf(zMore, sizeof zMore, PT("pdf.open_actions_more"), PACK_MAX_ACTIONS);
    pdf_para(p, zMore, MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_GREY);
  }
}

/* What comes under item x after the agenda: the last minutes, the open
** actions, its papers' pages; a bookmark for the item (to its first page
** of these, or to its row of the agenda when it has none) and one for
** each of them. */
static void item_sections(struct pdf *p, struct item *x){
  struct doc *d = p->d;
  bool bMin = x->bPrevMinutes && d->pPrev, bAct = x->bOpenActions && d->open.n>0, bPages = false;
  for(int k=0; k<x->nPaper; k++) if( x->aPaper[k].nDraw>0 ) bPages = true;
  struct buf t = {0};
  buf_printf(&t, "%d. %s", x->position, x->zTitle);
  bool bChildren = bMin || bAct || x->nPaper>0;
  int id = bMin || bAct || bPages ? pdf_bookmark(p, CAIRO_PDF_OUTLINE_ROOT, buf_cstr(&t), p->page+1, bChildren)
                                  : pdf_bookmark(p, CAIRO_PDF_OUTLINE_ROOT, buf_cstr(&t), x->iRowPage, bChildren);
  buf_free(&t);
  if( bMin ) section_minutes(p, id);
  if( bAct ) section_actions(p, id);
  for(int k=0; k<x->nPaper; k++){
    struct pack_paper *q = &x->aPaper[k];
    if( q->nDraw>0 ) pdf_section_paper(p, q, id);
    else pdf_bookmark(p, id, q->zName, x->iRowPage, false);
  }
}

void pdf_render_pack(struct pdf *p){
  struct doc *d = p->d;
  pdf_title_block(p);
  if( d->zOverrun ){
    /* The warning callout of the web page, in the pack. */
    pdf_need_room(p, 3*LH_BODY);
    pdf_para(p, PT("agenda.overrun_title"), MARGIN, TEXT_W, true, 11, 15, C_RED);
    pdf_para(p, d->zOverrun, MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
    p->y += 10;
  }
  if( d->bPapersCut ){
    char zCut[400];
    snprintf(zCut, sizeof zCut, PT("pdf.papers_cut"), PACK_MAX_PAPER_PAGES);
    pdf_need_room(p, 3*LH_BODY);
    pdf_para(p, PT("pdf.papers_cut_title"), MARGIN, TEXT_W, true, 11, 15, C_RED);
    pdf_para(p, zCut, MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
    p->y += 10;
  }
  if( d->nItem==0 ){
    pdf_para(p, PT("pdf.no_items"), MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
  }else{
    pdf_need_room(p, 40);
    pdf_table_header(p);
    p->xPageHead = pdf_table_header;
    for(int i=0; i<d->nItem; i++) agenda_row(p, &d->aItem[i]);
    p->xPageHead = 0;
  }
  pdf_bookmark(p, CAIRO_PDF_OUTLINE_ROOT, d->zDocName, 1, false);
  /* Without their standing items, the minutes and actions come next. */
  bool bMin = false, bAct = false;
  for(int i=0; i<d->nItem; i++){
    bMin = bMin || d->aItem[i].bPrevMinutes;
    bAct = bAct || d->aItem[i].bOpenActions;
  }
  if( !bMin && d->pPrev ) section_minutes(p, CAIRO_PDF_OUTLINE_ROOT);
  if( !bAct && d->open.n ) section_actions(p, CAIRO_PDF_OUTLINE_ROOT);
  for(int i=0; i<d->nItem; i++) item_sections(p, &d->aItem[i]);
}

/* After a layout: take the pages it found for what the agenda refers to.
** True when they are those the layout printed (nothing moved). */
bool pdf_marks_settle(struct doc *d){
  bool bSame = true;
  struct mark *a[2] = { &d->prev, &d->openAt };
  for(int i=0; i<2; i++){
    if( a[i]->iNew!=a[i]->iRef ) bSame = false;
    a[i]->iRef = a[i]->iNew;
  }
  for(int i=0; i<d->nItem; i++){
    for(int k=0; k<d->aItem[i].nPaper; k++){
      struct mark *q = &d->aItem[i].aPaper[k].first;
      if( q->iNew!=q->iRef ) bSame = false;
      q->iRef = q->iNew;
    }
  }
  return bSame;
}

