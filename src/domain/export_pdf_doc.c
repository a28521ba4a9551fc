/*
** The agenda pack and the minutes as PDF (see export_meeting.h), drawn
** with cairo's PDF surface: A4, 20 mm margins, DejaVu Sans embedded as a
** subset with its Unicode mapping, so the text is real text (searchable,
** copyable, read aloud) and Welsh letters print.
**
** Everything to print is gathered from the database first; the document
** is then laid out once only to count the pages (again, for the pack,
** until the pages its agenda refers to stay put), and once more to draw,
** so that each footer can say "Page 2 of 5".
**
** This file: the text laid out (the layout primitives), what the two
** documents gather, the minutes, named destinations, row notes and
** bookmarks. The rest of the agenda pack is in export_pdf_pack.c, its
** papers in export_pdf_papers.c, both above this file; the fonts, the
** surface and the entry point in export_pdf.c, above them all. What the
** files share is export_pdf_doc.h.
*/
#include "domain/export_pdf_doc.h"
#include "domain/action.h"
#include "domain/decision.h"
#include "domain/election.h"
#include "domain/minutes.h"
#include "domain/record.h"
#include "domain/audit.h"
#include "util/text.h"
#include "domain/agenda_time.h"
#include "domain/unit.h"
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- fonts and the PDF stream -------------------------------------------- */

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

cairo_font_face_t *pdf_face_load(const char *zPath){
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

bool pdf_fonts_load(cairo_font_face_t **pReg, cairo_font_face_t **pBold, char *zErr, size_t nErr){
  cairo_font_face_t *reg = pdf_face_load(EXPORT_FONT_REGULAR);
  cairo_font_face_t *bold = reg ? pdf_face_load(EXPORT_FONT_BOLD) : 0;
  if( !reg || !bold ){
    snprintf(zErr, nErr, "the font %s could not be loaded: install the Debian package fonts-dejavu-core",
             reg ? EXPORT_FONT_BOLD : EXPORT_FONT_REGULAR);
    if( reg ) cairo_font_face_destroy(reg);
    *pReg = *pBold = 0;
    return false;
  }
  *pReg = reg;
  *pBold = bold;
  return true;
}

cairo_status_t pdf_to_buf(void *pCtx, const unsigned char *a, unsigned int n){
  if( pCtx ) buf_append(pCtx, (const char*)a, n);
  return CAIRO_STATUS_SUCCESS;
}

/* ---- text that cairo can take ------------------------------------------ */

/* A copy of z that is valid UTF-8 with no control characters but newlines
** (what came in through forms already is; this is the last guard before
** cairo, which refuses a whole document for one bad byte). */
char *pdf_clean(const char *z){
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

void pdf_block_add(struct blocks *v, enum block_style st, const char *zKey, const char *zText){
  if( v->n==v->nAlloc ){
    v->nAlloc = v->nAlloc ? v->nAlloc*2 : 8;
    v->a = xrealloc(v->a, sizeof(v->a[0])*(size_t)v->nAlloc);
  }
  v->a[v->n].style = st;
  v->a[v->n].zKey = zKey ? pdf_clean(zKey) : 0;
  v->a[v->n].zText = pdf_clean(zText);
  v->n++;
}
static void pdf_blocks_free(struct blocks *v){
  for(int i=0; i<v->n; i++){ free(v->a[i].zKey); free(v->a[i].zText); }
  free(v->a);
  memset(v, 0, sizeof *v);
}

void pdf_doc_free(struct doc *d){
  free(d->zCaption); free(d->zTitle); free(d->zFooter); free(d->zBanner); free(d->zOverrun);
  pdf_blocks_free(&d->head);
  pdf_blocks_free(&d->attendance);
  pdf_blocks_free(&d->actions);
  for(int i=0; i<d->nItem; i++){
    struct item *x = &d->aItem[i];
    free(x->zTitle); free(x->zLead);
    pdf_blocks_free(&x->extra);
    for(int k=0; k<x->nPaper; k++) free(x->aPaper[k].zName);
    free(x->aPaper);
  }
  free(d->aItem);
  free(d->zBaseUrl);
  if( d->pPrev ){ pdf_doc_free(d->pPrev); free(d->pPrev); }
  free(d->zPrevName);
  pdf_blocks_free(&d->open);
}

/* ---- dates ---------------------------------------------------------------- */

/* "Thursday 12 March 2026" / "Dydd Iau 12 Mawrth 2026" from YYYY-MM-DD... */
void pdf_long_date(enum lang lang, const char *zIso, char *zOut, size_t nOut){
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

/* ---- gathering ------------------------------------------------------------ */


struct gather { struct doc *d; struct db *db; };

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
      if( para.n ){ pdf_block_add(v, B_PARA, 0, buf_cstr(&para)); buf_reset(&para); }
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
  if( para.n ) pdf_block_add(v, B_PARA, 0, buf_cstr(&para));
  buf_free(&para);
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
  i18n_moment(c->lang, k->at, zWhen, sizeof zWhen);
  struct buf b = {0};
  buf_printf(&b, "%s: %s", zWhen, k->zReason);
  pdf_block_add(c->v, B_KV, i18n_get(c->lang, "pdf.corrected"), buf_cstr(&b));
  buf_free(&b);
  buf_reset(&c->orig);
  if( k->zOld && !audit_diff(k->zOld, k->zNew ? k->zNew : "{}", original_field, c) ) buf_puts(&c->orig, k->zOld);
  if( !k->zOld ) buf_puts(&c->orig, i18n_get(c->lang, "pdf.original_none"));
  if( c->orig.n ) pdf_block_add(c->v, B_KV, i18n_get(c->lang, "pdf.original"), buf_cstr(&c->orig));
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
    pdf_block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.declaration"), buf_cstr(&b));
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
    pdf_block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.decision"), x->zText);
    if( x->zReason[0] ) pdf_block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.reason"), x->zReason);
    struct names_ctx nc;
    memset(&nc, 0, sizeof nc);
    nc.lang = lang;
    if( election_candidates(db, x->id, candidate_line, &nc)>0 ){
      /* An election: each candidate's votes and who was elected. */
      pdf_block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.candidates"), buf_cstr(&nc.a[0]));
      if( !nc.bElected ) pdf_block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.election_result"), i18n_get(lang, "pdf.nobody_elected"));
      if( strcmp(x->zKind, "named")==0 ){
        buf_reset(&nc.a[0]);
        election_ballots(db, x->id, ballot_line, &nc);
        if( nc.a[0].n ) pdf_block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.ballots"), buf_cstr(&nc.a[0]));
      }
    }else if( strcmp(x->zKind, "none")!=0 ){
      char zVotes[200];
      snprintf(zVotes, sizeof zVotes, i18n_get(lang, "pdf.votes"), x->a[0], x->a[1], x->a[2]);
      struct buf b = {0};
      buf_printf(&b, "%s (%s)", zVotes,
                 i18n_get(lang, strcmp(x->zKind, "secret")==0 ? "pdf.vote_secret" : "pdf.vote_named"));
      pdf_block_add(&x0->extra, B_KV, i18n_get(lang, "pdf.vote"), buf_cstr(&b));
      buf_free(&b);
      if( strcmp(x->zKind, "named")==0 ){
        /* A named vote is on the record with the names. */
        decision_votes(db, x->id, vote_name, &nc);
        static const char *const azKey[3] = { "pdf.named_for", "pdf.named_against", "pdf.named_abstain" };
        for(int k=0; k<3; k++){
          if( nc.a[k].n ) pdf_block_add(&x0->extra, B_KV, i18n_get(lang, azKey[k]), buf_cstr(&nc.a[k]));
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
  x->itemId = it->id;
  x->bHidden = it->bRestricted && !it->zTitle[0];
  const char *zStd = agenda_title_key(it->zStanding, it->zTitle);
  x->zTitle = pdf_clean(zStd ? i18n_get(d->lang, zStd)
                    : x->bHidden ? i18n_get(d->lang, "agenda.restricted") : it->zTitle);
  x->zLead = pdf_clean(it->zLeadName);
  x->zPurpose = i18n_get(d->lang, agenda_purpose_key(it->zPurpose));
  snprintf(x->zStanding, sizeof x->zStanding, "%s", it->zStanding);
  /* Time slots add up, but a restricted item's papers and record stay
  ** with those who may see it. */
  if( x->bHidden ) return;
  if( d->kind==EXPORT_PDF_MINUTES ) gather_minutes_extras(g->db, d, x, it->meetingId, it->id);
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
    pdf_long_date(lang, a->zDue, zDue, sizeof zDue);
    buf_printf(&b, i18n_get(lang, "pdf.action_due"), zDue);
  }else{
    buf_puts(&b, i18n_get(lang, "minutes.action_no_due"));
  }
  pdf_block_add(&c->d->actions, B_KV, a->zRef, buf_cstr(&b));
  buf_free(&b);
  gather_corrections(c->db, lang, &c->d->actions, c->m->id, "action", a->id);
}

void pdf_gather(struct db *db, const struct user *u, const struct meeting *m,
                enum export_pdf_kind kind, enum lang lang, struct doc *d){
  memset(d, 0, sizeof *d);
  d->kind = kind;
  d->lang = lang;
  const char *zUnitName = unit_name_in(lang, m->zUnitName, m->zUnitNameCy);
  d->zCaption = pdf_clean(zUnitName);
  d->zTitle = pdf_clean(m->zTitle);
  d->zDocName = i18n_get(lang, kind==EXPORT_PDF_PACK ? "agenda.title" : "pdf.minutes");
  struct buf b = {0};
  buf_printf(&b, "%s – %s – %s", zUnitName, m->zTitle, d->zDocName);
  d->zFooter = pdf_clean(buf_cstr(&b));
  buf_reset(&b);

  char zDate[80];
  pdf_long_date(lang, m->zStartsAt, zDate, sizeof zDate);
  buf_printf(&b, i18n_get(lang, "pdf.time_range"), zDate, m->zStartsAt+11, m->zEndsAt+11);
  pdf_block_add(&d->head, B_KV, i18n_get(lang, "meeting.when"), buf_cstr(&b));
  buf_reset(&b);
  if( m->zLocation[0] ) pdf_block_add(&d->head, B_KV, i18n_get(lang, "meeting.location"), m->zLocation);
  if( m->zOnlineLink[0] ) pdf_block_add(&d->head, B_KV, i18n_get(lang, "pdf.online"), m->zOnlineLink);

  if( strcmp(m->zStatus, "cancelled")==0 ){
    d->zBanner = pdf_clean(i18n_get(lang, "pdf.cancelled"));
    d->bBannerRed = true;
  }
  char zWhen[80];
  if( kind==EXPORT_PDF_PACK ){
    if( m->packPublishedAt>0 ){
      i18n_moment(lang, m->packPublishedAt, zWhen, sizeof zWhen);
      pdf_block_add(&d->head, B_KV, i18n_get(lang, "pdf.published"), zWhen);
    }else if( !d->zBanner ){
      d->zBanner = pdf_clean(i18n_get(lang, "pdf.not_published"));
    }
    int nOver = agenda_overrun_minutes(db, m->id);
    if( nOver>0 ){
      buf_printf(&b, i18n_get(lang, "agenda.overrun"), nOver, m->zEndsAt+11);
      d->zOverrun = pdf_clean(buf_cstr(&b));
      buf_reset(&b);
    }
  }else{
    struct stmt *s = db_prepare(db, "SELECT COALESCE(minutes_approved_at,0) FROM meeting WHERE id=?");
    stmt_bind_int(s, 1, m->id);
    long long approved = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    if( strcmp(m->zMinutesStatus, "approved")==0 ){
      if( approved>0 ){
        i18n_moment(lang, approved, zWhen, sizeof zWhen);
        pdf_block_add(&d->head, B_KV, i18n_get(lang, "pdf.approved"), zWhen);
      }
      /* The meeting that approved them, under its "Minutes of the last meeting". */
      char zByStart[17];
      if( minutes_approved_by(db, m->id, zByStart) ){
        char zByDate[80];
        pdf_long_date(lang, zByStart, zByDate, sizeof zByDate);
        buf_printf(&b, i18n_get(lang, "pdf.approved_by_meeting"), zByDate);
        pdf_block_add(&d->head, B_KV, i18n_get(lang, "pdf.approved_by"), buf_cstr(&b));
        buf_reset(&b);
      }
    }else if( !d->zBanner ){
      d->zBanner = pdf_clean(i18n_get(lang, "pdf.minutes_draft"));
    }
    char zForm[10], zFormKey[32];
    minutes_form_of(db, m, zForm);
    snprintf(zFormKey, sizeof zFormKey, "tor.minutes_%s", zForm);
    pdf_block_add(&d->head, B_KV, i18n_get(lang, "pdf.minutes_form"), i18n_get(lang, zFormKey));
    struct att_ctx ac;
    memset(&ac, 0, sizeof ac);
    ac.lang = lang;
    ac.db = db;
    attendance_list(db, m, gather_attendee, &ac);
    for(int i=0; i<ATT__MAX; i++){
      char zKey[40];
      snprintf(zKey, sizeof zKey, "minutes.attendance_%s", attendance_code((enum attendance_status)i));
      if( ac.a[i].n ) pdf_block_add(&d->attendance, B_KV, i18n_get(lang, zKey), buf_cstr(&ac.a[i]));
      buf_free(&ac.a[i]);
    }
    gather_corrections(db, lang, &d->attendance, m->id, "attendance", 0);
  }
  buf_free(&b);
  struct gather g = { d, db };
  agenda_list(db, u, m, false, gather_item, &g);
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

void pdf_font(struct pdf *p, bool bBold, double size){
  cairo_set_font_face(p->cr, bBold ? p->bold : p->reg);
  cairo_set_font_size(p->cr, size);
}
double pdf_width(struct pdf *p, const char *z){
  cairo_text_extents_t e;
  cairo_text_extents(p->cr, z, &e);
  return e.x_advance;
}
void pdf_colour(struct pdf *p, unsigned rgb){
  cairo_set_source_rgb(p->cr, ((rgb>>16)&255)/255.0, ((rgb>>8)&255)/255.0, (rgb&255)/255.0);
}
void pdf_text_at(struct pdf *p, double x, double y, const char *z){
  cairo_move_to(p->cr, x, y);
  cairo_show_text(p->cr, z);
}

/* Lines of z (wrapped to width w in the current font), as a list of
** NUL-separated strings in *pOut; returns the number of lines. */
int pdf_wrap(struct pdf *p, const char *z, double w, struct buf *pOut){
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
    if( line.n==0 || pdf_width(p, buf_cstr(&trial))<=w ){
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
    while( line.n && pdf_width(p, buf_cstr(&line))>w ){
      size_t cut = line.n;
      const char *zl = buf_cstr(&line);
      /* At least one whole character goes on each line. */
      size_t nFirst = 1;
      while( nFirst<line.n && (zl[nFirst]&0xC0)==0x80 ) nFirst++;
      while( cut>nFirst ){
        do{ cut--; }while( cut>nFirst && (zl[cut]&0xC0)==0x80 );
        char *zHead = xstrndup(zl, cut);
        bool bFits = pdf_width(p, zHead)<=w;
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
/* The i-th line of a pdf_wrap() result. */
const char *pdf_line_at(struct buf *pLines, int i){
  const char *z = buf_cstr(pLines);
  while( i-- > 0 ) z += strlen(z)+1;
  return z;
}

/* A copy of z, shortened with an ellipsis to at most w points wide in
** the current font. */
char *pdf_fit(struct pdf *p, const char *z0, double w){
  char *z = xstrdup(z0);
  size_t n = strlen(z);
  while( n>0 && pdf_width(p, z)>w ){
    do{ n--; }while( n>0 && (z[n]&0xC0)==0x80 );
    z = xrealloc(z, n+4);
    memcpy(z+n, "…", 4);           /* three bytes and the NUL */
  }
  return z;
}

/* "Page 2 of 5" in zOut; "" in the layouts that count the pages. */
void pdf_page_label(struct pdf *p, char *zOut, size_t nOut){
  zOut[0] = 0;
  if( p->nPages>0 ) snprintf(zOut, nOut, PT("pdf.page"), p->page, p->nPages);
}

static void footer(struct pdf *p){
  pdf_font(p, false, 8);
  pdf_colour(p, C_GREY);
  char zPage[64];
  pdf_page_label(p, zPage, sizeof zPage);
  double wPage = pdf_width(p, zPage);
  pdf_text_at(p, PAGE_W - MARGIN - wPage, FOOTER_Y, zPage);
  /* The meeting's name, shortened with an ellipsis if need be. */
  char *z = pdf_fit(p, p->zFooter, TEXT_W - wPage - 12);
  pdf_text_at(p, MARGIN, FOOTER_Y, z);
  free(z);
  cairo_set_source_rgb(p->cr, 0.85, 0.87, 0.88);
  cairo_set_line_width(p->cr, 0.5);
  cairo_move_to(p->cr, MARGIN, FOOTER_Y - 10);
  cairo_line_to(p->cr, PAGE_W - MARGIN, FOOTER_Y - 10);
  cairo_stroke(p->cr);
  pdf_colour(p, C_TEXT);
}

/* The next page, w x h points. The size is set only when it changes:
** cairo 1.16 loses track of the open structure element (render) when
** the size of the first page is set again. */
void pdf_start_page(struct pdf *p, double w, double h){
  if( p->page>0 ) cairo_show_page(p->cr);
  if( w!=p->w || h!=p->h ){
    cairo_pdf_surface_set_size(p->s, w, h);
    p->w = w;
    p->h = h;
  }
  p->page++;
}

void pdf_new_page(struct pdf *p){
  pdf_start_page(p, PAGE_W, PAGE_H);
  p->y = MARGIN + 10;
  footer(p);
  if( p->xPageHead ) p->xPageHead(p);
}
/* Room for h more points of text below the cursor, else a new page. */
void pdf_need_room(struct pdf *p, double h){
  if( p->y + h > BOTTOM ) pdf_new_page(p);
}

/* A paragraph at x, width w; each line may start a new page. */
void pdf_para(struct pdf *p, const char *z, double x, double w, bool bBold, double size,
              double lh, unsigned rgb){
  struct buf lines = {0};
  pdf_font(p, bBold, size);
  int n = pdf_wrap(p, z, w, &lines);
  for(int i=0; i<n; i++){
    pdf_need_room(p, 0);
    pdf_font(p, bBold, size);
    pdf_colour(p, rgb);
    pdf_text_at(p, x, p->y, pdf_line_at(&lines, i));
    p->y += lh;
  }
  buf_free(&lines);
  pdf_colour(p, C_TEXT);
}

/* An attribute value for cairo_tag_begin: quotes and backslashes escaped. */
void pdf_tag_value(struct buf *b, const char *z){
  for(; *z; z++){
    if( *z=='\'' || *z=='\\' ) buf_putc(b, '\\');
    buf_putc(b, *z);
  }
}

/* "Key    value that wraps", the key in bold in its own column (wrapped
** too when long). A value that is an https link is a live link. */
void pdf_kv(struct pdf *p, const char *zKey, const char *zVal, double x, double size, double lh){
  struct buf keyLines = {0}, valLines = {0};
  double wVal = PAGE_W - MARGIN - (x + KEY_W);
  pdf_font(p, true, size);
  int nKey = pdf_wrap(p, zKey, KEY_W - 8, &keyLines);
  pdf_font(p, false, size);
  int nVal = pdf_wrap(p, zVal, wVal, &valLines);
  int n = nKey>nVal ? nKey : nVal;
  bool bLink = strncmp(zVal, "https://", 8)==0 && !strchr(zVal, ' ');
  for(int i=0; i<n; i++){
    pdf_need_room(p, 0);
    if( i<nKey ){
      pdf_font(p, true, size);
      pdf_colour(p, C_TEXT);
      pdf_text_at(p, x, p->y, pdf_line_at(&keyLines, i));
    }
    if( i<nVal ){
      pdf_font(p, false, size);
      if( bLink ){
        struct buf a = {0};
        buf_puts(&a, "uri='");
        pdf_tag_value(&a, zVal);
        buf_putc(&a, '\'');
        cairo_tag_begin(p->cr, CAIRO_TAG_LINK, buf_cstr(&a));
        pdf_colour(p, C_BLUE);
        pdf_text_at(p, x + KEY_W, p->y, pdf_line_at(&valLines, i));
        cairo_tag_end(p->cr, CAIRO_TAG_LINK);
        buf_free(&a);
      }else{
        pdf_colour(p, C_TEXT);
        pdf_text_at(p, x + KEY_W, p->y, pdf_line_at(&valLines, i));
      }
    }
    p->y += lh;
  }
  pdf_colour(p, C_TEXT);
  buf_free(&keyLines);
  buf_free(&valLines);
}

/* ---- the documents --------------------------------------------------------- */

void pdf_title_block(struct pdf *p){
  const struct doc *d = p->d;
  pdf_para(p, d->zCaption, MARGIN, TEXT_W, false, 10, 14, C_GREY);
  p->y += 6;
  pdf_para(p, d->zTitle, MARGIN, TEXT_W, true, SZ_TITLE, LH_TITLE, C_TEXT);
  pdf_para(p, d->zDocName, MARGIN, TEXT_W, false, 13, 20, C_BLUE);
  p->y += 6;
  for(int i=0; i<d->head.n; i++) pdf_kv(p, d->head.a[i].zKey, d->head.a[i].zText, MARGIN, SZ_BODY, LH_BODY);
  if( d->zBanner ){
    p->y += 6;
    pdf_para(p, d->zBanner, MARGIN, TEXT_W, true, 11, 15, d->bBannerRed ? C_RED : C_GREY);
  }
  p->y += 14;
}

static void heading(struct pdf *p, const char *z, double size){
  pdf_need_room(p, size + 2*LH_BODY);      /* not alone at the foot of a page */
  pdf_para(p, z, MARGIN, TEXT_W, true, size, size*1.35, C_TEXT);
}

/* The minutes under their title block: attendance, each item's record,
** the actions raised. */
static void minutes_body(struct pdf *p){
  const struct doc *d = p->d;
  heading(p, PT("attendance.title"), 13);
  p->y += 2;
  if( d->attendance.n==0 ) pdf_para(p, PT("minutes.attendance_none"), MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
  for(int i=0; i<d->attendance.n; i++){
    pdf_kv(p, d->attendance.a[i].zKey, d->attendance.a[i].zText, MARGIN, SZ_BODY, LH_BODY);
    p->y += 2;
  }
  p->y += 12;
  if( d->nItem==0 ) pdf_para(p, PT("pdf.no_items"), MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
  for(int i=0; i<d->nItem; i++){
    const struct item *x = &d->aItem[i];
    struct buf b = {0};
    buf_printf(&b, "%d. %s", x->position, x->zTitle);
    heading(p, buf_cstr(&b), 12);
    buf_reset(&b);
    buf_printf(&b, "%s · %s", x->zStart, x->zPurpose);
    if( x->zLead[0] ) buf_printf(&b, " · %s: %s", PT("agenda.lead"), x->zLead);
    pdf_para(p, buf_cstr(&b), MARGIN, TEXT_W, false, SZ_SMALL, LH_SMALL + 3, C_GREY);
    buf_free(&b);
    for(int k=0; k<x->extra.n; k++){
      const struct block *bl = &x->extra.a[k];
      if( bl->style==B_KV ) pdf_kv(p, bl->zKey, bl->zText, MARGIN, SZ_BODY, LH_BODY);
      else pdf_para(p, bl->zText, MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
      p->y += 5;
    }
    p->y += 10;
  }
  heading(p, PT("minutes.actions_raised"), 13);
  p->y += 2;
  if( d->actions.n==0 ) pdf_para(p, PT("minutes.actions_none"), MARGIN, TEXT_W, false, SZ_BODY, LH_BODY, C_TEXT);
  for(int i=0; i<d->actions.n; i++){
    pdf_kv(p, d->actions.a[i].zKey, d->actions.a[i].zText, MARGIN, SZ_BODY, LH_BODY);
    p->y += 4;
  }
}

void pdf_render_minutes(struct pdf *p){
  pdf_title_block(p);
  minutes_body(p);
}

/* ---- destinations, notes and bookmarks ------------------------------------ */

/* A named destination here, for links to this page (the last layout
** only). cairo 1.16 writes a link to a page it has not reached without
** its destination, but one to a name, which the viewer looks up, works
** whichever way it points. */
void pdf_dest_here(struct pdf *p, const char *zName){
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
void pdf_row_note(struct pdf *p, const char *zKey, const char *zText, const char *zDest, const char *zUri){
  struct buf t = {0}, lines = {0};
  if( zKey ) buf_printf(&t, "%s: ", zKey);
  buf_puts(&t, zText);
  double x = MARGIN + PDF_COL_ITEM + 2, w = TEXT_W - PDF_COL_ITEM - 4;
  pdf_font(p, false, SZ_SMALL);
  int n = pdf_wrap(p, buf_cstr(&t), w, &lines);
  pdf_need_room(p, (n-1)*LH_SMALL);
  bool bLink = p->nPages>0 && (zDest || zUri);
  if( bLink ){
    buf_reset(&t);
    buf_puts(&t, zUri ? "uri='" : "dest='");
    pdf_tag_value(&t, zUri ? zUri : zDest);
    buf_putc(&t, '\'');
    cairo_tag_begin(p->cr, CAIRO_TAG_LINK, buf_cstr(&t));
  }
  pdf_font(p, false, SZ_SMALL);
  pdf_colour(p, zUri ? C_BLUE : C_GREY);
  for(int i=0; i<n; i++){
    pdf_text_at(p, x, p->y, pdf_line_at(&lines, i));
    p->y += LH_SMALL;
  }
  if( bLink ) cairo_tag_end(p->cr, CAIRO_TAG_LINK);
  pdf_colour(p, C_TEXT);
  buf_free(&t);
  buf_free(&lines);
}

/* A bookmark (an entry of the PDF outline) titled z under parent
** (CAIRO_PDF_OUTLINE_ROOT for the top level), to page iPage; its id. Only
** the last layout has them: cairo writes the outline when the document
** ends, so a bookmark may name a page still to come. */
int pdf_bookmark(struct pdf *p, int parent, const char *z, int iPage, bool bOpen){
  if( p->nPages==0 ) return 0;
  char zLink[40];
  snprintf(zLink, sizeof zLink, "page=%d", iPage);
  return cairo_pdf_surface_add_outline(p->s, parent, z, zLink, bOpen ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
}
