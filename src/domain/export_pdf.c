/*
** The agenda pack and the minutes as PDF (see export_meeting.h), drawn
** with cairo's PDF surface: A4, 20 mm margins, DejaVu Sans embedded as a
** subset with its Unicode mapping, so the text is real text (searchable,
** copyable, read aloud) and Welsh letters print.
**
** Everything to print is gathered from the database first; the document
** is then laid out twice, the first time only to count the pages, so that
** each footer can say "Page 2 of 5".
*/
#include "domain/export_meeting.h"
#include "domain/export_pdf_papers.h"
#include "domain/action.h"
#include "domain/decision.h"
#include "domain/election.h"
#include "domain/minutes.h"
#include "domain/paper.h"
#include "domain/record.h"
#include "domain/audit.h"
#include "util/text.h"
#include "domain/agenda_time.h"
#include "domain/unit.h"
#include <cairo.h>
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PT(key) i18n_get(p->lang, key)

/* Geometry in points (1/72 inch). */
#define PAGE_W   595.276
#define PAGE_H   841.890
#define MARGIN   56.693                 /* 20 mm */
#define TEXT_W   (PAGE_W - 2*MARGIN)
#define BOTTOM   (PAGE_H - MARGIN)      /* lowest baseline of body text */
#define FOOTER_Y (PAGE_H - 28.0)
#define KEY_W    118.0                  /* the key column of key: value rows */

/* Sizes and line heights. */
#define SZ_BODY 10.5
#define LH_BODY 14.0
#define SZ_SMALL 8.5
#define LH_SMALL 11.5
#define SZ_TITLE 18.0
#define LH_TITLE 23.0

/* ---- text that cairo can take ------------------------------------------ */

/* A copy of z that is valid UTF-8 with no control characters but newlines
** (what came in through forms already is; this is the last guard before
** cairo, which refuses a whole document for one bad byte). */
static char *clean(const char *z){
  struct buf b = {0};
  const unsigned char *s = (const unsigned char*)(z ? z : "");
  while( *s ){
    unsigned c = *s;
    int n = c<0x80 ? 1 : (c>>5)==6 ? 2 : (c>>4)==14 ? 3 : (c>>3)==30 ? 4 : 0;
    bool ok = n>0;
    for(int i=1; ok && i<n; i++) ok = (s[i]&0xC0)==0x80;
    if( ok && n==2 ) ok = c>=0xC2;
    if( ok && n==3 ) ok = !(c==0xE0 && s[1]<0xA0) && !(c==0xED && s[1]>=0xA0);
    if( ok && n==4 ) ok = c<=0xF4 && !(c==0xF0 && s[1]<0x90) && !(c==0xF4 && s[1]>=0x90);
    if( !ok ){ buf_puts(&b, "\xEF\xBF\xBD"); s++; continue; }
    if( n==1 ){
      if( c=='\r' ){ s++; continue; }
      buf_putc(&b, c=='\n' ? '\n' : c<0x20 || c==0x7F ? ' ' : (char)c);
    }else{
      buf_append(&b, (const char*)s, (size_t)n);
    }
    s += n;
  }
  return buf_steal(&b);
}

/* ---- what is printed ---------------------------------------------------- */

enum block_style { B_PARA, B_KV, B_SMALL };
struct block { enum block_style style; char *zKey; char *zText; };
struct blocks { struct block *a; int n, nAlloc; };

static void block_add(struct blocks *v, enum block_style st, const char *zKey, const char *zText){
  if( v->n==v->nAlloc ){
    v->nAlloc = v->nAlloc ? v->nAlloc*2 : 8;
    v->a = xrealloc(v->a, sizeof(v->a[0])*(size_t)v->nAlloc);
  }
  v->a[v->n].style = st;
  v->a[v->n].zKey = zKey ? clean(zKey) : 0;
  v->a[v->n].zText = clean(zText);
  v->n++;
}
static void blocks_free(struct blocks *v){
  for(int i=0; i<v->n; i++){ free(v->a[i].zKey); free(v->a[i].zText); }
  free(v->a);
  memset(v, 0, sizeof *v);
}

/* A page of the pack that the agenda refers to ("from page 7"): where the
** last layout put it (iRef, 0 before the first) and where this one puts
** it (iNew). The layout is repeated until the two agree. */
struct mark { int iRef, iNew; };

/* A paper on an item of the pack. */
struct pack_paper {
  long long id;
  char *zName;
  long long size;
  bool bPdf;
  int nPages;                  /* a PDF's pages; -1 when poppler cannot open it */
  int nDraw;                   /* how many of them the pack holds (PACK_MAX_PAPER_PAGES) */
  struct mark first;           /* the pack page of its first page */
};

struct item {
  char zStart[6];
  int position;
  char *zTitle;
  char *zLead;
  const char *zPurpose;        /* translated */
  bool bHidden;                /* restricted, and not for this reader */
  struct blocks extra;         /* minutes, declarations, decisions (minutes) */
  /* The pack only. */
  char zStanding[14];
  struct pack_paper *aPaper;
  int nPaper;
  bool bPrevMinutes;           /* the last meeting's minutes go under this item */
  bool bOpenActions;           /* and the open actions under this one */
  int iRowPage;                /* the page of its row in the agenda */
};

struct doc {
  enum export_pdf_kind kind;
  enum lang lang;
  char *zCaption;              /* the unit */
  char *zTitle;                /* the meeting */
  const char *zDocName;        /* "Agenda" or "Minutes" */
  char *zFooter;
  struct blocks head;          /* key: value rows under the title */
  char *zBanner;               /* cancelled, draft... in colour, or NULL */
  bool bBannerRed;
  char *zOverrun;              /* pack only: the items run past the end, by how much; or NULL */
  struct blocks attendance;    /* minutes only */
  struct blocks actions;       /* minutes only: the actions raised */
  struct item *aItem;
  int nItem, nItemAlloc;
  /* The pack only. */
  struct db *db;               /* to read the papers' bytes as they are drawn */
  char *zBaseUrl;              /* the service's address for links, or NULL */
  struct doc *pPrev;           /* the minutes of the last earlier meeting that has them, or NULL */
  char *zPrevName;             /* "Minutes of the meeting of 10 March 2026 (draft)" */
  struct mark prev;
  struct blocks open;          /* the open actions: reference, then what, who, when, progress */
  bool bOpenMore;              /* there are more than PACK_MAX_ACTIONS */
  struct mark openAt;
  bool bPapersCut;             /* PACK_MAX_PAPER_PAGES left some pages out */
};

static void doc_free(struct doc *d){
  free(d->zCaption); free(d->zTitle); free(d->zFooter); free(d->zBanner); free(d->zOverrun);
  blocks_free(&d->head);
  blocks_free(&d->attendance);
  blocks_free(&d->actions);
  for(int i=0; i<d->nItem; i++){
    struct item *x = &d->aItem[i];
    free(x->zTitle); free(x->zLead);
    blocks_free(&x->extra);
    for(int k=0; k<x->nPaper; k++) free(x->aPaper[k].zName);
    free(x->aPaper);
  }
  free(d->aItem);
  free(d->zBaseUrl);
  if( d->pPrev ){ doc_free(d->pPrev); free(d->pPrev); }
  free(d->zPrevName);
  blocks_free(&d->open);
}

/* ---- dates ---------------------------------------------------------------- */

/* "Thursday 12 March 2026" / "Dydd Iau 12 Mawrth 2026" from YYYY-MM-DD... */
static void long_date(enum lang lang, const char *zIso, char *zOut, size_t nOut){
  int y = atoi(zIso), mo = atoi(zIso+5), d = atoi(zIso+8);
  if( strlen(zIso)<10 || mo<1 || mo>12 || d<1 || d>31 ){ snprintf(zOut, nOut, "%s", zIso); return; }
  struct tm tm = {0};
  tm.tm_year = y-1900; tm.tm_mon = mo-1; tm.tm_mday = d; tm.tm_hour = 12;
  time_t t = timegm(&tm);
  gmtime_r(&t, &tm);
  char zW[24], zM[24];
  snprintf(zW, sizeof zW, "pdf.weekday.%d", tm.tm_wday);
  snprintf(zM, sizeof zM, "month.%d", mo);
  snprintf(zOut, nOut, "%s %d %s %d", i18n_get(lang, zW), d, i18n_get(lang, zM), y);
}

void export_local_moment(enum lang lang, long long t, char *zOut, size_t nOut){
  time_t tt = (time_t)t;
  struct tm tm;
  localtime_r(&tt, &tm);
  char zM[24];
  snprintf(zM, sizeof zM, "month.%d", tm.tm_mon+1);
  snprintf(zOut, nOut, "%d %s %d, %02d:%02d", tm.tm_mday, i18n_get(lang, zM), tm.tm_year+1900,
           tm.tm_hour, tm.tm_min);
}

/* ---- gathering ------------------------------------------------------------ */


struct gather { struct doc *d; struct db *db; };

static void size_text(long long n, char *z, size_t nz){
  if( n<1024 ) snprintf(z, nz, "%lld B", n);
  else if( n<1024*1024 ) snprintf(z, nz, "%lld KB", (n+512)/1024);
  else snprintf(z, nz, "%.1f MB", (double)n/(1024.0*1024.0));
}

/* Minutes as plain text: paragraphs and line breaks kept, list markers
** as bullets, strong-emphasis markers dropped. */
static void minutes_blocks(struct blocks *v, const char *zMd){
  struct buf para = {0};
  const char *z = zMd;
  while( *z ){
    const char *zEnd = strchr(z, '\n');
    size_t n = zEnd ? (size_t)(zEnd-z) : strlen(z);
    char *zLine = xstrndup(z, n);
    size_t k = strlen(zLine);
    while( k && (zLine[k-1]=='\r' || zLine[k-1]==' ' || zLine[k-1]=='\t') ) zLine[--k] = 0;
    const char *s = zLine;
    while( *s==' ' ) s++;
    if( !*s ){
      if( para.n ){ block_add(v, B_PARA, 0, buf_cstr(&para)); buf_reset(&para); }
    }else{
      if( para.n ) buf_putc(&para, '\n');
      while( *s=='#' ) s++;                       /* headings: their text */
      while( *s==' ' ) s++;
      if( (s[0]=='-' || s[0]=='*' || s[0]=='+') && s[1]==' ' ){ buf_puts(&para, "• "); s += 2; }
      for(; *s; s++){
        if( (s[0]=='*' && s[1]=='*') || (s[0]=='_' && s[1]=='_') ){ s++; continue; }
        buf_putc(&para, *s);
      }
    }
    free(zLine);
    z += n;
    if( *z=='\n' ) z++;
  }
  if( para.n ) block_add(v, B_PARA, 0, buf_cstr(&para));
  buf_free(&para);
}

/* ---- gathering the pack ----------------------------------------------------- */

/* A paper of item pCtx, as paper_list gives it. */
static void pack_paper_row(void *pCtx, const struct paper *pp){
  struct item *x = pCtx;
  x->aPaper = xrealloc(x->aPaper, sizeof(x->aPaper[0])*(size_t)(x->nPaper+1));
  struct pack_paper *q = &x->aPaper[x->nPaper++];
  memset(q, 0, sizeof *q);
  q->id = pp->id;
  q->zName = clean(pp->zFilename);
  q->size = pp->size;
  q->bPdf = strcmp(pp->zType, "application/pdf")==0;
}

/* The current papers of item x, and how many pages each PDF has: -1 for
** one that poppler cannot open (damaged, or locked with a password),
** which the pack then lists with a note instead of its pages. */
static void gather_pack_papers(struct db *db, struct item *x, long long itemId){
  paper_list(db, itemId, pack_paper_row, x);
  struct buf data = {0};
  for(int k=0; k<x->nPaper; k++){
    struct pack_paper *q = &x->aPaper[k];
    if( !q->bPdf ) continue;
    q->nPages = -1;
    struct paper pp;
    memset(&pp, 0, sizeof pp);
    pp.id = q->id;
    buf_reset(&data);
    if( !paper_data(db, &pp, &data) ) continue;
    paper_pdf_lock();
    struct paper_pdf *f = paper_pdf_open(data.z, data.n);
    if( paper_pdf_pages(f)>0 ) q->nPages = paper_pdf_pages(f);
    paper_pdf_close(f);
    paper_pdf_unlock();
  }
  buf_free(&data);
}

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
    long_date(lang, a->zDue, zDate, sizeof zDate);
    buf_printf(&b, i18n_get(lang, "pdf.action_due"), zDate);
  }else{
    buf_puts(&b, i18n_get(lang, "minutes.action_no_due"));
  }
  if( a->bOverdue ) buf_printf(&b, " · %s", i18n_get(lang, "action.overdue"));
  buf_puts(&b, "\n");
  if( a->zLastProgress[0] ){
    long_date(lang, a->zLastProgressOn, zDate, sizeof zDate);
    buf_printf(&b, i18n_get(lang, "pdf.action_progress"), zDate, a->zLastProgress);
  }else{
    buf_puts(&b, i18n_get(lang, "review.no_progress"));
  }
  block_add(&c->d->open, B_KV, a->zRef, buf_cstr(&b));
  buf_free(&b);
}

static void gather(struct db *db, const struct user *u, const struct meeting *m,
                   enum export_pdf_kind kind, enum lang lang, struct doc *d);

/* What the pack holds besides the agenda: the minutes of the unit's last
** earlier meeting that has minutes (draft or approved, as they are), the
** unit's actions still open from before this meeting, and where they go;
** and how many pages of each PDF paper fit under PACK_MAX_PAPER_PAGES,
** in agenda order. */
static void gather_pack(struct db *db, const struct user *u, const struct meeting *m, struct doc *d){
  enum lang lang = d->lang;
  /* The minutes and the actions go under the standing items for them,
  ** when the agenda has them; otherwise straight after the agenda. */
  bool bMin = false, bAct = false;
  int nLeft = PACK_MAX_PAPER_PAGES;
  for(int i=0; i<d->nItem; i++){
    struct item *x = &d->aItem[i];
    if( x->bHidden ) continue;
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
    gather(db, u, prev, EXPORT_PDF_MINUTES, lang, d->pPrev);
    char zDate[80];
    long_date(lang, prev->zStartsAt, zDate, sizeof zDate);
    struct buf b = {0};
    buf_printf(&b, i18n_get(lang, "pdf.prev_minutes"), zDate,
               i18n_get(lang, strcmp(prev->zMinutesStatus, "approved")==0 ? "pdf.prev_minutes_approved"
                                                                        : "pdf.prev_minutes_draft"));
    d->zPrevName = clean(buf_cstr(&b));
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

/* Names gathered for one decision: a named vote's voters by choice
** (a[0] for, a[1] against, a[2] abstained), or an election's candidates
** or ballots (a[0]). */
struct names_ctx { struct buf a[3]; enum lang lang; bool bElected; };
static void vote_name(void *pCtx, long long personId, const char *zName, const char *zChoice){
  struct names_ctx *c = pCtx;
  (void)personId;
  int k = strcmp(zChoice, "for")==0 ? 0 : strcmp(zChoice, "against")==0 ? 1 : 2;
  if( c->a[k].n ) buf_puts(&c->a[k], ", ");
  buf_puts(&c->a[k], zName);
}
static void candidate_line(void *pCtx, const struct candidate_result *r){
  struct names_ctx *c = pCtx;
  if( c->a[0].n ) buf_puts(&c->a[0], "\n");
  buf_printf(&c->a[0], "%s: %d %s", r->zName, r->nVotes, i18n_get(c->lang, "election.votes"));
  if( r->bElected ){
    buf_printf(&c->a[0], " (%s)", i18n_get(c->lang, "election.elected"));
    c->bElected = true;
  }
}
static void ballot_line(void *pCtx, const char *zVoter, const char *zCandidate){
  struct names_ctx *c = pCtx;
  if( c->a[0].n ) buf_puts(&c->a[0], "\n");
  buf_printf(&c->a[0], "%s: %s", zVoter, zCandidate[0] ? zCandidate : i18n_get(c->lang, "election.ballot_abstain"));
}

/* The corrections of a record of the approved minutes, each under the
** record: "Corrected  25 November 2026, 14:03: the reason" and what it
** said before, "Original  Minutes: the old text". */
struct corr_ctx { struct blocks *v; enum lang lang; struct buf orig; };
static void original_field(void *pCtx, const char *zKey, const char *zOld, const char *zNew){
  struct corr_ctx *c = pCtx;
  (void)zNew;
  if( !zOld || strcmp(zKey, "correction_reason")==0 || strcmp(zKey, "meeting_id")==0
      || strcmp(zKey, "agenda_item_id")==0 || strcmp(zKey, "person_id")==0 ) return;
  char zLabel[80];
  snprintf(zLabel, sizeof zLabel, "correction.field.%s", zKey);
  if( c->orig.n ) buf_puts(&c->orig, "\n");
  buf_printf(&c->orig, "%s: %s", i18n_has(c->lang, zLabel) ? i18n_get(c->lang, zLabel) : zKey, zOld[0] ? zOld : "–");
}
static void correction_block(void *pCtx, const struct correction *k){
  struct corr_ctx *c = pCtx;
  char zWhen[80];
  export_local_moment(c->lang, k->at, zWhen, sizeof zWhen);
  struct buf b = {0};
  buf_printf(&b, "%s: %s", zWhen, k->zReason);
  block_add(c->v, B_KV, i18n_get(c->lang, "pdf.corrected"), buf_cstr(&b));
  buf_free(&b);
  buf_reset(&c->orig);
  if( k->zOld && !audit_diff(k->zOld, k->zNew ? k->zNew : "{}", original_field, c) ) buf_puts(&c->orig, k->zOld);
  if( !k->zOld ) buf_puts(&c->orig, i18n_get(c->lang, "pdf.original_none"));
  if( c->orig.n ) block_add(c->v, B_KV, i18n_get(c->lang, "pdf.original"), buf_cstr(&c->orig));
}
static void gather_corrections(struct db *db, enum lang lang, struct blocks *v, long long meetingId,
                               const char *zKind, long long recordId){
  struct corr_ctx c = { v, lang, {0} };
  record_corrections(db, meetingId, zKind, recordId, correction_block, &c);
  buf_free(&c.orig);
}

static void gather_minutes_extras(struct db *db, struct doc *d, struct item *x0, long long meetingId,
                                  long long itemId){
  enum lang lang = d->lang;
  struct stmt *s = db_prepare(db, "SELECT minutes FROM agenda_item WHERE id=?");
  stmt_bind_int(s, 1, itemId);
  char *zMd = stmt_step(s)==1 && !stmt_is_null(s, 0) ? xstrdup(stmt_text(s, 0)) : 0;
  stmt_done(s);
  if( zMd ){ minutes_blocks(&x0->extra, zMd); free(zMd); }
  gather_corrections(db, lang, &x0->extra, meetingId, "minutes", itemId);

  s = db_prepare(db,
    "SELECT p.name, d.interest, d.outcome, d.id FROM declaration d JOIN person p ON p.id=d.person_id"
    " WHERE d.agenda_item_id=? ORDER BY d.id");
  stmt_bind_int(s, 1, itemId);
  while( stmt_step(s)==1 ){
    char zKey[40];
    snprintf(zKey, sizeof zKey, "pdf.outcome.%s", stmt_text(s, 2));
    struct buf b = {0};
    buf_printf(&b, "%s: %s (%s)", stmt_text(s, 0), stmt_text(s, 1),
               i18n_has(lang, zKey) ? i18n_get(lang, zKey) : stmt_text(s, 2));
    block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.declaration"), buf_cstr(&b));
    buf_free(&b);
    gather_corrections(db, lang, &x0->extra, meetingId, "declaration", stmt_int(s, 3));
  }
  stmt_done(s);

  s = db_prepare(db,
    "SELECT id, text, COALESCE(reason,''), vote_kind, COALESCE(votes_for,0), COALESCE(votes_against,0),"
    "       COALESCE(votes_abstain,0) FROM decision WHERE agenda_item_id=? ORDER BY id");
  stmt_bind_int(s, 1, itemId);
  /* The decisions first, then what each needs read (one statement at a time). */
  struct dec { long long id; char *zText, *zReason; char zKind[8]; int a[3]; } aDec[16];
  int nDec = 0;
  while( nDec<16 && stmt_step(s)==1 ){
    struct dec *x = &aDec[nDec++];
    x->id = stmt_int(s, 0);
    x->zText = xstrdup(stmt_text(s, 1));
    x->zReason = xstrdup(stmt_text(s, 2));
    snprintf(x->zKind, sizeof x->zKind, "%s", stmt_text(s, 3));
    for(int k=0; k<3; k++) x->a[k] = (int)stmt_int(s, 4+k);
  }
  stmt_done(s);
  for(int i=0; i<nDec; i++){
    struct dec *x = &aDec[i];
    block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.decision"), x->zText);
    if( x->zReason[0] ) block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.reason"), x->zReason);
    struct names_ctx nc;
    memset(&nc, 0, sizeof nc);
    nc.lang = lang;
    if( election_candidates(db, x->id, candidate_line, &nc)>0 ){
      /* An election: each candidate's votes and who was elected. */
      block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.candidates"), buf_cstr(&nc.a[0]));
      if( !nc.bElected ) block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.election_result"), i18n_get(lang, "pdf.nobody_elected"));
      if( strcmp(x->zKind, "named")==0 ){
        buf_reset(&nc.a[0]);
        election_ballots(db, x->id, ballot_line, &nc);
        if( nc.a[0].n ) block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.ballots"), buf_cstr(&nc.a[0]));
      }
    }else if( strcmp(x->zKind, "none")!=0 ){
      char zVotes[200];
      snprintf(zVotes, sizeof zVotes, i18n_get(lang, "pdf.votes"), x->a[0], x->a[1], x->a[2]);
      struct buf b = {0};
      buf_printf(&b, "%s (%s)", zVotes,
                 i18n_get(lang, strcmp(x->zKind, "secret")==0 ? "pdf.vote_secret" : "pdf.vote_named"));
      block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.vote"), buf_cstr(&b));
      buf_free(&b);
      if( strcmp(x->zKind, "named")==0 ){
        /* A named vote is on the record with the names. */
        decision_votes(db, x->id, vote_name, &nc);
        static const char *const azKey[3] = { "pdf.named_for", "pdf.named_against", "pdf.named_abstain" };
        for(int k=0; k<3; k++){
          if( nc.a[k].n ) block_add(&x0->extra, B_KV, i18n_get(lang, azKey[k]), buf_cstr(&nc.a[k]));
        }
      }
    }
    gather_corrections(db, lang, &x0->extra, meetingId, "decision", x->id);
    gather_corrections(db, lang, &x0->extra, meetingId, "election", x->id);
    for(int k=0; k<3; k++) buf_free(&nc.a[k]);
    free(x->zText);
    free(x->zReason);
  }
}

static void gather_item(void *pCtx, const struct agenda_item *it){
  struct gather *g = pCtx;
  struct doc *d = g->d;
  if( strcmp(it->zStatus, "accepted")!=0 ) return;
  if( d->nItem==d->nItemAlloc ){
    d->nItemAlloc = d->nItemAlloc ? d->nItemAlloc*2 : 16;
    d->aItem = xrealloc(d->aItem, sizeof(d->aItem[0])*(size_t)d->nItemAlloc);
  }
  struct item *x = &d->aItem[d->nItem++];
  memset(x, 0, sizeof *x);
  snprintf(x->zStart, sizeof x->zStart, "%s", it->zStart);
  x->position = it->position;
  x->bHidden = it->bRestricted && !it->zTitle[0];
  const char *zStd = agenda_title_key(it->zStanding, it->zTitle);
  x->zTitle = clean(zStd ? i18n_get(d->lang, zStd)
                    : x->bHidden ? i18n_get(d->lang, "agenda.restricted") : it->zTitle);
  x->zLead = clean(it->zLeadName);
  x->zPurpose = i18n_get(d->lang, agenda_purpose_key(it->zPurpose));
  snprintf(x->zStanding, sizeof x->zStanding, "%s", it->zStanding);
  /* Time slots add up, but a restricted item's papers and record stay
  ** with those who may see it. */
  if( x->bHidden ) return;
  if( d->kind==EXPORT_PDF_PACK ) gather_pack_papers(g->db, x, it->id);
  else gather_minutes_extras(g->db, d, x, it->meetingId, it->id);
}

/* Attendance grouped by how people attended: "Present: A, B, C". */
struct att_ctx { struct buf a[ATT__MAX]; enum lang lang; struct db *db; };
static void gather_attendee(void *pCtx, const struct attendee *a){
  struct att_ctx *c = pCtx;
  enum attendance_status st;
  if( !attendance_parse(a->zStatus, &st) ) return;
  struct buf *b = &c->a[st];
  if( b->n ) buf_puts(b, ", ");
  struct buf name = {0};
  minutes_attendee_name(c->db, c->lang, a, &name);
  if( st==ATT_DEPUTY && a->zDeputyFor[0] ){
    buf_printf(b, i18n_get(c->lang, "minutes.deputy_for"), buf_cstr(&name), a->zDeputyFor);
  }else{
    buf_puts(b, buf_cstr(&name));
  }
  buf_free(&name);
}

/* The actions raised at the meeting: "CSW-014" and "What. Lead: X. Due:
** 1 May 2026"; those under a restricted item only for who may see it. */
struct raised_ctx { struct db *db; const struct meeting *m; struct doc *d; bool bSees; };
static void gather_action(void *pCtx, const struct action *a){
  struct raised_ctx *c = pCtx;
  enum lang lang = c->d->lang;
  if( a->agendaItemId>0 && !c->bSees ){
    struct agenda_item it;
    if( !agenda_get(c->db, c->m, a->agendaItemId, &it) || it.bRestricted ) return;
  }
  struct buf b = {0};
  buf_puts(&b, a->zDescription);
  buf_puts(&b, "\n");
  buf_printf(&b, i18n_get(lang, "pdf.action_lead"), a->zLeadName[0] ? a->zLeadName : i18n_get(lang, "minutes.action_no_lead"));
  buf_puts(&b, " · ");
  if( a->zDue[0] ){
    char zDue[80];
    long_date(lang, a->zDue, zDue, sizeof zDue);
    buf_printf(&b, i18n_get(lang, "pdf.action_due"), zDue);
  }else{
    buf_puts(&b, i18n_get(lang, "minutes.action_no_due"));
  }
  block_add(&c->d->actions, B_KV, a->zRef, buf_cstr(&b));
  buf_free(&b);
  gather_corrections(c->db, lang, &c->d->actions, c->m->id, "action", a->id);
}

static void gather(struct db *db, const struct user *u, const struct meeting *m,
                   enum export_pdf_kind kind, enum lang lang, struct doc *d){
  memset(d, 0, sizeof *d);
  d->kind = kind;
  d->lang = lang;
  const char *zUnitName = unit_name_in(lang, m->zUnitName, m->zUnitNameCy);
  d->zCaption = clean(zUnitName);
  d->zTitle = clean(m->zTitle);
  d->zDocName = i18n_get(lang, kind==EXPORT_PDF_PACK ? "agenda.title" : "pdf.minutes");
  struct buf b = {0};
  buf_printf(&b, "%s – %s – %s", zUnitName, m->zTitle, d->zDocName);
  d->zFooter = clean(buf_cstr(&b));
  buf_reset(&b);

  char zDate[80];
  long_date(lang, m->zStartsAt, zDate, sizeof zDate);
  buf_printf(&b, i18n_get(lang, "pdf.time_range"), zDate, m->zStartsAt+11, m->zEndsAt+11);
  block_add(&d->head, B_KV, i18n_get(lang, "meeting.when"), buf_cstr(&b));
  buf_reset(&b);
  if( m->zLocation[0] ) block_add(&d->head, B_KV, i18n_get(lang, "meeting.location"), m->zLocation);
  if( m->zOnlineLink[0] ) block_add(&d->head, B_KV, i18n_get(lang, "pdf.online"), m->zOnlineLink);

  if( strcmp(m->zStatus, "cancelled")==0 ){
    d->zBanner = clean(i18n_get(lang, "pdf.cancelled"));
    d->bBannerRed = true;
  }
  char zWhen[80];
  if( kind==EXPORT_PDF_PACK ){
    if( m->packPublishedAt>0 ){
      export_local_moment(lang, m->packPublishedAt, zWhen, sizeof zWhen);
      block_add(&d->head, B_KV, i18n_get(lang, "pdf.published"), zWhen);
    }else if( !d->zBanner ){
      d->zBanner = clean(i18n_get(lang, "pdf.not_published"));
    }
    int nOver = agenda_overrun_minutes(db, m->id);
    if( nOver>0 ){
      buf_printf(&b, i18n_get(lang, "agenda.overrun"), nOver, m->zEndsAt+11);
      d->zOverrun = clean(buf_cstr(&b));
      buf_reset(&b);
    }
  }else{
    struct stmt *s = db_prepare(db, "SELECT COALESCE(minutes_approved_at,0) FROM meeting WHERE id=?");
    stmt_bind_int(s, 1, m->id);
    long long approved = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    if( strcmp(m->zMinutesStatus, "approved")==0 ){
      if( approved>0 ){
        export_local_moment(lang, approved, zWhen, sizeof zWhen);
        block_add(&d->head, B_KV, i18n_get(lang, "pdf.approved"), zWhen);
      }
      /* The meeting that approved them, under its "Minutes of the last meeting". */
      char zByStart[17];
      if( minutes_approved_by(db, m->id, zByStart) ){
        char zByDate[80];
        long_date(lang, zByStart, zByDate, sizeof zByDate);
        buf_printf(&b, i18n_get(lang, "pdf.approved_by_meeting"), zByDate);
        block_add(&d->head, B_KV, i18n_get(lang, "pdf.approved_by"), buf_cstr(&b));
        buf_reset(&b);
      }
    }else if( !d->zBanner ){
      d->zBanner = clean(i18n_get(lang, "pdf.minutes_draft"));
    }
    char zForm[10], zFormKey[32];
    minutes_form_of(db, m, zForm);
    snprintf(zFormKey, sizeof zFormKey, "tor.minutes_%s", zForm);
    block_add(&d->head, B_KV, i18n_get(lang, "pdf.minutes_form"), i18n_get(lang, zFormKey));
    struct att_ctx ac;
    memset(&ac, 0, sizeof ac);
    ac.lang = lang;
    ac.db = db;
    attendance_list(db, m, gather_attendee, &ac);
    for(int i=0; i<ATT__MAX; i++){
      char zKey[40];
      snprintf(zKey, sizeof zKey, "minutes.attendance_%s", attendance_code((enum attendance_status)i));
      if( ac.a[i].n ) block_add(&d->attendance, B_KV, i18n_get(lang, zKey), buf_cstr(&ac.a[i]));
      buf_free(&ac.a[i]);
    }
    gather_corrections(db, lang, &d->attendance, m->id, "attendance", 0);
  }
  buf_free(&b);
  struct gather g = { d, db };
  agenda_list(db, u, m, false, gather_item, &g);
  if( kind==EXPORT_PDF_PACK ) gather_pack(db, u, m, d);
  if( kind==EXPORT_PDF_MINUTES ){
    struct action_filter f;
    memset(&f, 0, sizeof f);
    f.meetingId = m->id;
    f.nMax = 500;
    struct raised_ctx rc = { db, m, d, u && meeting_sees_restricted(db, u, m) };
    char zNow[17], zToday[11];
    text_local_now(zNow);
    snprintf(zToday, sizeof zToday, "%.10s", zNow);
    action_list(db, m->unitId, &f, zToday, gather_action, &rc);
  }
}

/* ---- layout ----------------------------------------------------------------- */

struct pdf {
  cairo_surface_t *s;
  cairo_t *cr;
  cairo_font_face_t *reg, *bold;
  enum lang lang;
  struct doc *d;     /* what is being laid out: the pack, or the minutes within it */
  const char *zFooter;
  double w, h;       /* the size of the page */
  double y;          /* the next baseline */
  int page;          /* the current page, from 1 */
  int nPages;        /* total, known in the last layout (0 in those that count) */
  bool bTable;       /* an agenda table is open: repeat its header on a new page */
};

static void font(struct pdf *p, bool bBold, double size){
  cairo_set_font_face(p->cr, bBold ? p->bold : p->reg);
  cairo_set_font_size(p->cr, size);
}
static double width_of(struct pdf *p, const char *z){
  cairo_text_extents_t e;
  cairo_text_extents(p->cr, z, &e);
  return e.x_advance;
}
static void colour(struct pdf *p, unsigned rgb){
  cairo_set_source_rgb(p->cr, ((rgb>>16)&255)/255.0, ((rgb>>8)&255)/255.0, (rgb&255)/255.0);
}
#define C_TEXT 0x212B32      /* NHS.UK text colour */
#define C_GREY 0x4C6272      /* secondary text */
#define C_BLUE 0x005EB8      /* NHS blue */
#define C_RED  0xD5281B
#define C_RULE 0xD8DDE0
#define C_FILL 0xF0F4F5

static void text_at(struct pdf *p, double x, double y, const char *z){
  cairo_move_to(p->cr, x, y);
  cairo_show_text(p->cr, z);
}

/* Lines of z (wrapped to width w in the current font), as a list of
** NUL-separated strings in *pOut; returns the number of lines. */
static int wrap(struct pdf *p, const char *z, double w, struct buf *pOut){
  int nLine = 0;
  buf_reset(pOut);
  struct buf line = {0}, word = {0};
  const char *s = z;
  for(;;){
    /* The next word, up to a space or newline. */
    const char *e = s;
    while( *e && *e!=' ' && *e!='\n' ) e++;
    buf_reset(&word);
    buf_append(&word, s, (size_t)(e-s));
    struct buf trial = {0};
    buf_append(&trial, line.z ? line.z : "", line.n);
    if( line.n && word.n ) buf_putc(&trial, ' ');
    buf_append(&trial, word.z ? word.z : "", word.n);
    if( line.n==0 || width_of(p, buf_cstr(&trial))<=w ){
      buf_reset(&line);
      buf_append(&line, trial.z ? trial.z : "", trial.n);
    }else{
      buf_append(pOut, buf_cstr(&line), line.n+1);   /* with its NUL */
      nLine++;
      buf_reset(&line);
      buf_append(&line, word.z ? word.z : "", word.n);
    }
    buf_free(&trial);
    /* A word wider than the column is cut where it overflows. */
    while( line.n && width_of(p, buf_cstr(&line))>w ){
      size_t cut = line.n;
      const char *zl = buf_cstr(&line);
      /* At least one whole character goes on each line. */
      size_t nFirst = 1;
      while( nFirst<line.n && (zl[nFirst]&0xC0)==0x80 ) nFirst++;
      while( cut>nFirst ){
        do{ cut--; }while( cut>nFirst && (zl[cut]&0xC0)==0x80 );
        char *zHead = xstrndup(zl, cut);
        bool bFits = width_of(p, zHead)<=w;
        free(zHead);
        if( bFits ) break;
      }
      buf_append(pOut, zl, cut);
      buf_putc(pOut, 0);
      nLine++;
      char *zRest = xstrdup(zl+cut);
      buf_reset(&line);
      buf_puts(&line, zRest);
      free(zRest);
    }
    if( *e=='\n' || *e==0 ){
      if( line.n || *e=='\n' || nLine==0 ){
        buf_append(pOut, buf_cstr(&line), line.n+1);
        nLine++;
      }
      buf_reset(&line);
      if( *e==0 ) break;
    }
    s = *e ? e+1 : e;
  }
  buf_free(&line);
  buf_free(&word);
  return nLine;
}
/* The i-th line of a wrap() result. */
static const char *line_at(struct buf *pLines, int i){
  const char *z = buf_cstr(pLines);
  while( i-- > 0 ) z += strlen(z)+1;
  return z;
}

/* A copy of z, shortened with an ellipsis to at most w points wide in
** the current font. */
static char *fit(struct pdf *p, const char *z0, double w){
  char *z = xstrdup(z0);
  size_t n = strlen(z);
  while( n>0 && width_of(p, z)>w ){
    do{ n--; }while( n>0 && (z[n]&0xC0)==0x80 );
    z = xrealloc(z, n+4);
    memcpy(z+n, "…", 4);           /* three bytes and the NUL */
  }
  return z;
}

/* "Page 2 of 5" in zOut; "" in the layouts that count the pages. */
static void page_label(struct pdf *p, char *zOut, size_t nOut){
  zOut[0] = 0;
  if( p->nPages>0 ) snprintf(zOut, nOut, PT("pdf.page"), p->page, p->nPages);
}

static void footer(struct pdf *p){
  font(p, false, 8);
  colour(p, C_GREY);
  char zPage[64];
  page_label(p, zPage, sizeof zPage);
  double wPage = width_of(p, zPage);
  text_at(p, PAGE_W - MARGIN - wPage, FOOTER_Y, zPage);
  /* The meeting's name, shortened with an ellipsis if need be. */
  char *z = fit(p, p->zFooter, TEXT_W - wPage - 12);
  text_at(p, MARGIN, FOOTER_Y, z);
  free(z);
  cairo_set_source_rgb(p->cr, 0.85, 0.87, 0.88);
  cairo_set_line_width(p->cr, 0.5);
  cairo_move_to(p->cr, MARGIN, FOOTER_Y - 10);
  cairo_line_to(p->cr, PAGE_W - MARGIN, FOOTER_Y - 10);
  cairo_stroke(p->cr);
  colour(p, C_TEXT);
}

static void table_header(struct pdf *p);

/* The next page, w x h points. The size is set only when it changes:
** cairo 1.16 loses track of the open structure element (render) when
** the size of the first page is set again. */
static void start_page(struct pdf *p, double w, double h){
  if( p->page>0 ) cairo_show_page(p->cr);
  if( w!=p->w || h!=p->h ){
    cairo_pdf_surface_set_size(p->s, w, h);
    p->w = w;
    p->h = h;
  }
  p->page++;
}

static void new_page(struct pdf *p){
  start_page(p, PAGE_W, PAGE_H);
  p->y = MARGIN + 10;
  footer(p);
  if( p->bTable ) table_header(p);
}
/* Room for h more points of text below the cursor, else a new page. */
static void pdf_need_room(struct pdf *p, double h){
  if( p->y + h > BOTTOM ) new_page(p);
}

/* A paragraph at x, width w; each line may start a new page. */
static void para(struct pdf *p, const char *z, double x, double w, bool bBold, double size,
                 double lh, unsigned rgb){
  struct buf lines = {0};
  font(p, bBold, size);
  int n = wrap(p, z, w, &lines);
  for(int i=0; i<n; i++){
    pdf_need_room(p, 0);
    font(p, bBold, size);
    colour(p, rgb);
    text_at(p, x, p->y, line_at(&lines, i));
    p->y += lh;
  }
  buf_free(&lines);
  colour(p, C_TEXT);
}

/* An attribute value for cairo_tag_begin: quotes and backslashes escaped. */
static void tag_value(struct buf *b, const char *z){
  for(; *z; z++){
    if( *z=='\'' || *z=='\\' ) buf_putc(b, '\\');
    buf_putc(b, *z);
  }
}

/* "Key    value that wraps", the key in bold in its own column (wrapped
** too when long). A value that is an https link is a live link. */
static void kv(struct pdf *p, const char *zKey, const char *zVal, double x, double size, double lh){
  struct buf keyLines = {0}, valLines = {0};
  double wVal = PAGE_W - MARGIN - (x + KEY_W);
  font(p, true, size);
  int nKey = wrap(p, zKey, KEY_W - 8, &keyLines);
  font(p, false, size);
  int nVal = wrap(p, zVal, wVal, &valLines);
  int n = nKey>nVal ? nKey : nVal;
  bool bLink = strncmp(zVal, "https://", 8)==0 && !strchr(zVal, ' ');
  for(int i=0; i<n; i++){
    pdf_need_room(p, 0);
    if( i<nKey ){
      font(p, true, size);
      colour(p, C_TEXT);
      text_at(p, x, p->y, line_at(&keyLines, i));
    }
    if( i<nVal ){
      font(p, false, size);
      if( bLink ){
        struct buf a = {0};
        buf_puts(&a, "uri='");
        tag_value(&a, zVal);
        buf_putc(&a, '\'');
        cairo_tag_begin(p->cr, CAIRO_TAG_LINK, buf_cstr(&a));
        colour(p, C_BLUE);
        text_at(p, x + KEY_W, p->y, line_at(&valLines, i));
        cairo_tag_end(p->cr, CAIRO_TAG_LINK);
        buf_free(&a);
      }else{
        colour(p, C_TEXT);
        text_at(p, x + KEY_W, p->y, line_at(&valLines, i));
      }
    }
    p->y += lh;
  }
  colour(p, C_TEXT);
  buf_free(&keyLines);
  buf_free(&valLines);
}

/* ---- the agenda table ------------------------------------------------------- */

/* Columns: time, number, item, lead, purpose. */
static const double aColX[] = { 0, 40, 64, 300, 400 };
static const double aColW[] = { 38, 22, 230, 96, TEXT_W-400 };

static void table_header(struct pdf *p){
  const char *az[5] = { PT("agenda.time"), PT("agenda.number"), PT("agenda.item"), PT("agenda.lead"), PT("agenda.purpose") };
  double top = p->y - 11;
  colour(p, C_FILL);
  cairo_rectangle(p->cr, MARGIN, top, TEXT_W, 16);
  cairo_fill(p->cr);
  font(p, true, 9);
  colour(p, C_TEXT);
  for(int i=0; i<5; i++) text_at(p, MARGIN + aColX[i] + 2, p->y, az[i]);
  p->y += 16;
}

static void rule(struct pdf *p, double y){
  colour(p, C_RULE);
  cairo_set_line_width(p->cr, 0.6);
  cairo_move_to(p->cr, MARGIN, y);
  cairo_line_to(p->cr, PAGE_W - MARGIN, y);
  cairo_stroke(p->cr);
  colour(p, C_TEXT);
}

/* A named destination here, for links to this page (the last layout
** only). cairo 1.16 writes a link to a page it has not reached without
** its destination, but one to a name, which the viewer looks up, works
** whichever way it points. */
static void dest_here(struct pdf *p, const char *zName){
  if( p->nPages==0 ) return;
  char zAttr[80];
  snprintf(zAttr, sizeof zAttr, "name='%s' x=0 y=0", zName);
  cairo_tag_begin(p->cr, CAIRO_TAG_DEST, zAttr);
  cairo_tag_end(p->cr, CAIRO_TAG_DEST);
}

/* A note under an agenda row, small and grey: "Key: text", or the text
** alone without a key; its lines kept on one page. In the last layout it
** links to destination zDest (dest_here) when not NULL, or to zUri (then
** blue). */
static void row_note(struct pdf *p, const char *zKey, const char *zText, const char *zDest, const char *zUri){
  struct buf t = {0}, lines = {0};
  if( zKey ) buf_printf(&t, "%s: ", zKey);
  buf_puts(&t, zText);
  double x = MARGIN + aColX[2] + 2, w = TEXT_W - aColX[2] - 4;
  font(p, false, SZ_SMALL);
  int n = wrap(p, buf_cstr(&t), w, &lines);
  pdf_need_room(p, (n-1)*LH_SMALL);
  bool bLink = p->nPages>0 && (zDest || zUri);
  if( bLink ){
    buf_reset(&t);
    buf_puts(&t, zUri ? "uri='" : "dest='");
    tag_value(&t, zUri ? zUri : zDest);
    buf_putc(&t, '\'');
    cairo_tag_begin(p->cr, CAIRO_TAG_LINK, buf_cstr(&t));
  }
  font(p, false, SZ_SMALL);
  colour(p, zUri ? C_BLUE : C_GREY);
  for(int i=0; i<n; i++){
    text_at(p, x, p->y, line_at(&lines, i));
    p->y += LH_SMALL;
  }
  if( bLink ) cairo_tag_end(p->cr, CAIRO_TAG_LINK);
  colour(p, C_TEXT);
  buf_free(&t);
  buf_free(&lines);
}

/* A paper under its agenda row: its name and size, and where its pages
** are in the pack, or why they are not; a Word or Excel file (anything
** but a PDF) with its address for download when the service's is known. */
static void paper_note(struct pdf *p, const struct pack_paper *q){
  const struct doc *d = p->d;
  char zSize[32];
  size_text(q->size, zSize, sizeof zSize);
  struct buf name = {0}, t = {0};
  buf_printf(&name, "%s (%s)", q->zName, zSize);
  const char *zName = buf_cstr(&name);
  char zDest[40] = "";
  if( !q->bPdf ){
    buf_puts(&t, zName);
  }else if( q->nPages<0 ){
    buf_printf(&t, PT("pdf.paper_unreadable"), zName);
  }else if( q->nDraw==0 ){
    buf_printf(&t, PT("pdf.paper_left_out"), zName, PACK_MAX_PAPER_PAGES);
  }else if( q->nDraw<q->nPages ){
    buf_printf(&t, PT("pdf.paper_cut"), zName, q->first.iRef, q->nDraw, q->nPages);
    snprintf(zDest, sizeof zDest, "paper-%lld", q->id);
  }else{
    buf_printf(&t, PT("pdf.from_page"), zName, q->first.iRef);
    snprintf(zDest, sizeof zDest, "paper-%lld", q->id);
  }
  row_note(p, PT("pdf.paper"), buf_cstr(&t), zDest[0] ? zDest : 0, 0);
  if( !q->bPdf && d->zBaseUrl ){
    buf_reset(&t);
    buf_printf(&t, "%s/papers/%lld/download", d->zBaseUrl, q->id);
    row_note(p, 0, buf_cstr(&t), 0, buf_cstr(&t));
  }
  buf_free(&name);
  buf_free(&t);
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
    font(p, i==2, 9.5);
    n[i] = wrap(p, az[i], aColW[i], &lines[i]);
    if( n[i]>nMax ) nMax = n[i];
  }
  /* A row is not split across pages: with its first note, it moves on. */
  bool bNotes = x->nPaper>0 || x->bPrevMinutes || x->bOpenActions;
  pdf_need_room(p, (nMax-1)*12.5 + 4 + (bNotes ? 12 : 0));
  double y0 = p->y;
  x->iRowPage = p->page;
  for(int i=0; i<5; i++){
    font(p, i==2, 9.5);
    colour(p, x->bHidden && i==2 ? C_GREY : C_TEXT);
    for(int j=0; j<n[i]; j++) text_at(p, MARGIN + aColX[i] + 2, y0 + j*12.5, line_at(&lines[i], j));
    buf_free(&lines[i]);
  }
  colour(p, C_TEXT);
  p->y = y0 + nMax*12.5;
  struct buf t = {0};
  if( x->bPrevMinutes ){
    if( d->pPrev ){
      buf_printf(&t, PT("pdf.from_page"), d->zPrevName, d->prev.iRef);
      row_note(p, 0, buf_cstr(&t), "minutes", 0);
    }else{
      row_note(p, 0, PT("pdf.no_prev_minutes"), 0, 0);
    }
  }
  if( x->bOpenActions ){
    if( d->open.n ){
      char zOpen[80];
      snprintf(zOpen, sizeof zOpen, PT("pdf.open_actions"), d->open.n);
      buf_reset(&t);
      buf_printf(&t, PT("pdf.from_page"), zOpen, d->openAt.iRef);
      row_note(p, 0, buf_cstr(&t), "actions", 0);
    }else{
      row_note(p, 0, PT("agenda.no_open_actions"), 0, 0);
    }
  }
  buf_free(&t);
  for(int k=0; k<x->nPaper; k++) paper_note(p, &x->aPaper[k]);
  rule(p, p->y - 8.5);
  p->y += 6;
}

/* ---- the documents --------------------------------------------------------- */

static void title_block(struct pdf *p){
  const struct doc *d = p->d;
  para(p, d->zCaption, MARGIN, TEXT_W, false, 10, 14, C_GREY);
  p->y += 6;
  para(p, d->zTitle, MARGIN, TEXT_W, true, SZ_TITLE, LH_TITLE, C_TEXT);
  para(p, d->zDocName, MARGIN, TEXT_W, false, 13, 20, C_BLUE);
  p->y += 6;
  for(int i=0; i<d->head.n; i++) kv(p, d->head.a[i].zKey, d->head.a[i].zText, MARGIN, SZ_BODY, LH_BODY);
  if( d->zBanner ){
    p->y += 6;
    para(p, d->zBanner, MARGIN, TEXT_W, true, 11, 15, d->bBannerRed ? C_RED : C_GREY);
  }
  p->y += 14;
}

static void heading(struct pdf *p, const char *z, double size){
  pdf_need_room(p, size + 2*LH_BODY);      /* not alone at the foot of a page */
  para(p, z, MARGIN, TEXT_W, true, size, size*1.35, C_TEXT);
}

/* The minutes under their title block: attendance, each item's record,
** the actions raised. */
static void minutes_body(struct pdf *p){
  const struct doc *d = p->d;
  heading(p, PT("attendance.title"), 13);
  p->y += 2;
  if( d->attendance.n==0 ) para(p, PT("minutes.attendance_none"), MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
  for(int i=0; i<d->attendance.n; i++){
    kv(p, d->attendance.a[i].zKey, d->attendance.a[i].zText, MARGIN, SZ_BODY, LH_BODY);
    p->y += 2;
  }
  p->y += 12;
  if( d->nItem==0 ) para(p, PT("pdf.no_items"), MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
  for(int i=0; i<d->nItem; i++){
    const struct item *x = &d->aItem[i];
    struct buf b = {0};
    buf_printf(&b, "%d. %s", x->position, x->zTitle);
    heading(p, buf_cstr(&b), 12);
    buf_reset(&b);
    buf_printf(&b, "%s · %s", x->zStart, x->zPurpose);
    if( x->zLead[0] ) buf_printf(&b, " · %s: %s", PT("agenda.lead"), x->zLead);
    para(p, buf_cstr(&b), MARGIN, TEXT_W, false, SZ_SMALL, LH_SMALL + 3, C_GREY);
    buf_free(&b);
    for(int k=0; k<x->extra.n; k++){
      const struct block *bl = &x->extra.a[k];
      if( bl->style==B_KV ) kv(p, bl->zKey, bl->zText, MARGIN, SZ_BODY, LH_BODY);
      else para(p, bl->zText, MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
      p->y += 5;
    }
    p->y += 10;
  }
  heading(p, PT("minutes.actions_raised"), 13);
  p->y += 2;
  if( d->actions.n==0 ) para(p, PT("minutes.actions_none"), MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
  for(int i=0; i<d->actions.n; i++){
    kv(p, d->actions.a[i].zKey, d->actions.a[i].zText, MARGIN, SZ_BODY, LH_BODY);
    p->y += 4;
  }
}

static void render_minutes(struct pdf *p){
  title_block(p);
  minutes_body(p);
}

/* ---- the rest of the pack ------------------------------------------------------ */

/* A bookmark (an entry of the PDF outline) titled z under parent
** (CAIRO_PDF_OUTLINE_ROOT for the top level), to page iPage, at y points
** from its top when y>0; its id. Only the last layout has them. */
static int bookmark(struct pdf *p, int parent, const char *z, int iPage, double y, bool bOpen){
  if( p->nPages==0 ) return 0;
  char zLink[80];
  if( y>0 ) snprintf(zLink, sizeof zLink, "page=%d pos=[0 %.0f]", iPage, y);
  else snprintf(zLink, sizeof zLink, "page=%d", iPage);
  return cairo_pdf_surface_add_outline(p->s, parent, z, zLink, bOpen ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
}

/* The last meeting's minutes, from a new page, as their own PDF has them. */
static void section_minutes(struct pdf *p, int parent){
  struct doc *pack = p->d;
  new_page(p);
  pack->prev.iNew = p->page;
  dest_here(p, "minutes");
  bookmark(p, parent, pack->zPrevName, p->page, 0, false);
  p->d = pack->pPrev;
  render_minutes(p);
  p->d = pack;
}

/* The open actions, from a new page. */
static void section_actions(struct pdf *p, int parent){
  struct doc *d = p->d;
  new_page(p);
  d->openAt.iNew = p->page;
  dest_here(p, "actions");
  char zTitle[80];
  snprintf(zTitle, sizeof zTitle, PT("pdf.open_actions"), d->open.n);
  bookmark(p, parent, zTitle, p->page, 0, false);
  para(p, d->zCaption, MARGIN, TEXT_W, false, 10, 14, C_GREY);
  p->y += 6;
  para(p, PT("review.open_actions"), MARGIN, TEXT_W, true, SZ_TITLE, LH_TITLE, C_TEXT);
  p->y += 10;
  for(int i=0; i<d->open.n; i++){
    kv(p, d->open.a[i].zKey, d->open.a[i].zText, MARGIN, SZ_BODY, LH_BODY);
    p->y += 6;
  }
  if( d->bOpenMore ){
    char zMore[300];
    snprintf(zMore, sizeof zMore, PT("pdf.open_actions_more"), PACK_MAX_ACTIONS);
    para(p, zMore, MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_GREY);
  }
}

/* The strip under a paper's page that holds its footer. */
#define PAPER_FOOT 20.0

/* The footer of page i (from 1) of paper q on a w x h page. */
static void paper_footer(struct pdf *p, const struct pack_paper *q, int i, double w, double h){
  font(p, false, 7.5);
  colour(p, C_GREY);
  char zPage[64], zLeft[80];
  page_label(p, zPage, sizeof zPage);
  double wPage = width_of(p, zPage);
  text_at(p, w - 24 - wPage, h - 7, zPage);
  snprintf(zLeft, sizeof zLeft, PT("pdf.paper_page"), i, q->nPages);
  double wLeft = width_of(p, zLeft);
  char *zName = fit(p, q->zName, w - 48 - wPage - wLeft - 18);
  struct buf b = {0};
  buf_printf(&b, "%s · %s", zName, zLeft);
  text_at(p, 24, h - 7, buf_cstr(&b));
  buf_free(&b);
  free(zName);
  colour(p, C_TEXT);
}

/* The pages of PDF paper q, one pack page each, on A4 turned as the page
** is, scaled to fit above the footer. The layouts that count pages only
** count them: the last reads the paper and draws. */
static void section_paper(struct pdf *p, struct pack_paper *q, int parent){
  struct paper_pdf *f = 0;
  if( p->nPages>0 ){
    struct paper pp;
    memset(&pp, 0, sizeof pp);
    pp.id = q->id;
    struct buf data = {0};
    if( paper_data(p->d->db, &pp, &data) ) f = paper_pdf_open(data.z, data.n);
    buf_free(&data);
  }
  for(int i=0; i<q->nDraw; i++){
    double w = 0, h = 0;
    bool ok = paper_pdf_page_size(f, i, &w, &h);
    bool bTurned = ok && w>h;
    double pw = bTurned ? PAGE_H : PAGE_W, ph = bTurned ? PAGE_W : PAGE_H;
    start_page(p, pw, ph);
    if( i==0 ){
      char zDest[40];
      snprintf(zDest, sizeof zDest, "paper-%lld", q->id);
      q->first.iNew = p->page;
      dest_here(p, zDest);
      bookmark(p, parent, q->zName, p->page, 0, false);
    }
    if( p->nPages>0 ){
      /* A cairo_t of its own, so that a page that breaks drawing breaks
      ** only itself. */
      cairo_t *cr = cairo_create(p->s);
      ok = ok && paper_pdf_draw(f, i, cr, 0, 0, pw, ph - PAPER_FOOT);
      ok = ok && cairo_status(cr)==CAIRO_STATUS_SUCCESS;
      cairo_destroy(cr);
      if( !ok ){
        p->y = MARGIN + 10;
        para(p, PT("pdf.paper_page_failed"), MARGIN, pw - 2*MARGIN, false, SZ_BODY, LH_BODY, C_RED);
      }
    }
    paper_footer(p, q, i+1, pw, ph);
  }
  paper_pdf_close(f);
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
  int id = bMin || bAct || bPages ? bookmark(p, CAIRO_PDF_OUTLINE_ROOT, buf_cstr(&t), p->page+1, 0, bChildren)
                                  : bookmark(p, CAIRO_PDF_OUTLINE_ROOT, buf_cstr(&t), x->iRowPage, 0, bChildren);
  buf_free(&t);
  if( bMin ) section_minutes(p, id);
  if( bAct ) section_actions(p, id);
  for(int k=0; k<x->nPaper; k++){
    struct pack_paper *q = &x->aPaper[k];
    if( q->nDraw>0 ) section_paper(p, q, id);
    else bookmark(p, id, q->zName, x->iRowPage, 0, false);
  }
}

static void render_pack(struct pdf *p){
  struct doc *d = p->d;
  title_block(p);
  if( d->zOverrun ){
    /* The warning callout of the web page, in the pack. */
    pdf_need_room(p, 3*LH_BODY);
    para(p, PT("agenda.overrun_title"), MARGIN, TEXT_W, true, 11, 15, C_RED);
    para(p, d->zOverrun, MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
    p->y += 10;
  }
  if( d->bPapersCut ){
    char zCut[400];
    snprintf(zCut, sizeof zCut, PT("pdf.papers_cut"), PACK_MAX_PAPER_PAGES);
    pdf_need_room(p, 3*LH_BODY);
    para(p, PT("pdf.papers_cut_title"), MARGIN, TEXT_W, true, 11, 15, C_RED);
    para(p, zCut, MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
    p->y += 10;
  }
  if( d->nItem==0 ){
    para(p, PT("pdf.no_items"), MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
  }else{
    pdf_need_room(p, 40);
    table_header(p);
    p->bTable = true;
    for(int i=0; i<d->nItem; i++) agenda_row(p, &d->aItem[i]);
    p->bTable = false;
  }
  bookmark(p, CAIRO_PDF_OUTLINE_ROOT, d->zDocName, 1, 0, false);
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
static bool marks_settle(struct doc *d){
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

/* Does the pack draw pages of papers? */
static bool draws_papers(const struct doc *d){
  for(int i=0; i<d->nItem; i++){
    for(int k=0; k<d->aItem[i].nPaper; k++) if( d->aItem[i].aPaper[k].nDraw>0 ) return true;
  }
  return false;
}

/* ---- fonts and the surface ---------------------------------------------- */

static FT_Library ftLib;
static bool bFtOk;
static pthread_once_t ftOnce = PTHREAD_ONCE_INIT;
static pthread_mutex_t ftMutex = PTHREAD_MUTEX_INITIALIZER;   /* FT_New_Face / FT_Done_Face */
static const cairo_user_data_key_t faceKey;

static void ft_init(void){ bFtOk = FT_Init_FreeType(&ftLib)==0; }
static void face_done(void *pFace){
  pthread_mutex_lock(&ftMutex);
  FT_Done_Face((FT_Face)pFace);
  pthread_mutex_unlock(&ftMutex);
}

/* A cairo font face for the TrueType file zPath; it owns its FT_Face. */
static cairo_font_face_t *face_load(const char *zPath){
  pthread_once(&ftOnce, ft_init);
  if( !bFtOk ) return 0;
  FT_Face face = 0;
  pthread_mutex_lock(&ftMutex);
  FT_Error e = FT_New_Face(ftLib, zPath, 0, &face);
  pthread_mutex_unlock(&ftMutex);
  if( e ) return 0;
  cairo_font_face_t *ff = cairo_ft_font_face_create_for_ft_face(face, 0);
  if( cairo_font_face_set_user_data(ff, &faceKey, face, face_done)!=CAIRO_STATUS_SUCCESS ){
    cairo_font_face_destroy(ff);
    face_done(face);
    return 0;
  }
  return ff;
}

static cairo_status_t to_buf(void *pCtx, const unsigned char *a, unsigned int n){
  if( pCtx ) buf_append(pCtx, (const char*)a, n);
  return CAIRO_STATUS_SUCCESS;
}

/* Lay the document out on a PDF surface writing into pOut (NULL: count
** the pages only). Returns the number of pages, 0 on a cairo error. */
static int render(struct doc *d, cairo_font_face_t *reg, cairo_font_face_t *bold,
                  int nPages, struct buf *pOut){
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, pOut, PAGE_W, PAGE_H);
  struct buf t = {0};
  buf_printf(&t, "%s – %s", d->zDocName, d->zTitle);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, buf_cstr(&t));
  buf_free(&t);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->zCaption);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "carecluster");
  cairo_t *cr = cairo_create(s);
  struct pdf p;
  memset(&p, 0, sizeof p);
  p.s = s; p.cr = cr; p.reg = reg; p.bold = bold; p.lang = d->lang; p.d = d; p.nPages = nPages;
  p.zFooter = d->zFooter;
  p.w = PAGE_W;
  p.h = PAGE_H;
  /* One structure element holds everything: without it cairo 1.16 leaves
  ** the structure of its links out of the file, which readers must then
  ** repair. */
  cairo_tag_begin(cr, "Document", 0);
  new_page(&p);
  if( d->kind==EXPORT_PDF_PACK ) render_pack(&p); else render_minutes(&p);
  cairo_tag_end(cr, "Document");
  cairo_show_page(cr);
  bool ok = cairo_status(cr)==CAIRO_STATUS_SUCCESS;
  cairo_destroy(cr);
  cairo_surface_finish(s);
  ok = ok && cairo_surface_status(s)==CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(s);
  return ok ? p.page : 0;
}

bool export_meeting_pdf(struct db *db, const struct user *u, const struct meeting *m,
                        enum export_pdf_kind kind, enum lang lang, const char *zBaseUrl,
                        struct buf *pOut, char *zErr, size_t nErr){
  cairo_font_face_t *reg = face_load(EXPORT_FONT_REGULAR);
  cairo_font_face_t *bold = reg ? face_load(EXPORT_FONT_BOLD) : 0;
  if( !reg || !bold ){
    snprintf(zErr, nErr, "the font %s could not be loaded: install the Debian package fonts-dejavu-core",
             reg ? EXPORT_FONT_BOLD : EXPORT_FONT_REGULAR);
    if( reg ) cairo_font_face_destroy(reg);
    return false;
  }
  struct doc d;
  gather(db, u, m, kind, lang, &d);
  d.db = db;
  if( zBaseUrl && zBaseUrl[0] ){
    d.zBaseUrl = xstrdup(zBaseUrl);
    size_t n = strlen(d.zBaseUrl);
    while( n>0 && d.zBaseUrl[n-1]=='/' ) d.zBaseUrl[--n] = 0;
  }
  /* Lay the document out without drawing papers until the pages the
  ** agenda refers to stay where they are (the second time, as a rule),
  ** then draw it with them. */
  int nPages = 0;
  for(int i=0; i<4; i++){
    nPages = render(&d, reg, bold, 0, 0);
    if( nPages==0 || marks_settle(&d) ) break;
  }
  size_t nBefore = pOut->n;
  bool bPapers = draws_papers(&d);
  if( bPapers ) paper_pdf_lock();
  bool ok = nPages>0 && render(&d, reg, bold, nPages, pOut)==nPages;
  if( bPapers ) paper_pdf_unlock();
  if( !ok ){
    snprintf(zErr, nErr, "the PDF could not be drawn");
    pOut->n = nBefore;
  }
  doc_free(&d);
  cairo_font_face_destroy(reg);
  cairo_font_face_destroy(bold);
  return ok;
}
