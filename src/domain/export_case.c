/*
** The blocks both documents of a business case print (see
** export_case.h): built once, in the reader's language, so that the PDF
** and the Word document say the same things in the same order.
*/
#include "domain/export_case.h"
#include "domain/business_case.h"
#include "util/money.h"
#include "util/text.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define L(key) i18n_get(lang, key)

static struct cblock *add(struct cblocks *v, enum cblock_kind kind, const char *zKey, const char *zText){
  if( v->n==v->nAlloc ){
    v->nAlloc = v->nAlloc ? 2*v->nAlloc : 32;
    v->a = xrealloc(v->a, (size_t)v->nAlloc*sizeof *v->a);
  }
  struct cblock *b = &v->a[v->n++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->zKey = zKey ? xstrdup(zKey) : 0;
  b->zText = xstrdup(zText ? zText : "");
  return b;
}

/* A table of nCol columns (widths as fractions), its header row from
** azHead; rows are added with cell(). */
static struct cblock *table(struct cblocks *v, int nCol, const double *aW, unsigned numeric, const char *const *azHead){
  struct cblock *b = add(v, CB_TABLE, 0, "");
  b->nCol = nCol;
  b->numeric = numeric;
  for(int c=0; c<nCol && c<8; c++) b->aWidth[c] = aW[c];
  b->nRow = 1;
  b->azCell = xcalloc((size_t)nCol, sizeof(char*));
  for(int c=0; c<nCol; c++) b->azCell[c] = xstrdup(azHead[c]);
  return b;
}
static void row(struct cblock *b, const char *const *azCell){
  b->azCell = xrealloc(b->azCell, (size_t)(b->nRow+1)*(size_t)b->nCol*sizeof(char*));
  for(int c=0; c<b->nCol; c++) b->azCell[b->nRow*b->nCol + c] = xstrdup(azCell[c] ? azCell[c] : "");
  b->nRow++;
}

static void date_text(enum lang lang, const char *zIso, char *z, size_t n){
  if( strlen(zIso)<10 ){ snprintf(z, n, "%s", zIso); return; }
  int y = atoi(zIso), mo = atoi(zIso+5), day = atoi(zIso+8);
  if( mo<1 || mo>12 ){ snprintf(z, n, "%s", zIso); return; }
  char zM[16];
  snprintf(zM, sizeof zM, "month.%d", mo);
  snprintf(z, n, "%d %s %d", day, L(zM), y);
}

static void money(long long p, char *z, size_t n){ money_format(p, z, n); }

/* The fields of part p, each under its heading. */
static void fields(struct cblocks *v, const struct casedoc *d, enum lang lang, enum casedoc_part p){
  static const int aPart[CD__NPART] = { CASE_PART_SUMMARY, CASE_PART_CASE, CASE_PART_OPTIONS, CASE_PART_IMPACT,
                                        CASE_PART_PROJECT, CASE_PART_RESOURCES, CASE_PART_PLAN };
  for(int i=0; i<business_case_nfield; i++){
    if( business_case_fields[i].iPart!=aPart[p] ) continue;
    char zKey[80];   /* the field's label on the case's pages */
    snprintf(zKey, sizeof zKey, "case.field.%s", business_case_fields[i].zCode);
    if( p!=CD_SUMMARY ) add(v, CB_H2, 0, L(zKey));
    if( d->azText[i][0] ) add(v, CB_PARA, 0, d->azText[i]);
    else add(v, CB_NOTE, 0, L("casedoc.empty"));
  }
}

static void options(struct cblocks *v, const struct casedoc *d, enum lang lang){
  add(v, CB_H2, 0, L("casedoc.options"));
  if( d->nOpt==0 ){ add(v, CB_NOTE, 0, L("casedoc.no_options")); return; }
  static const double aW[3] = { 0.32, 0.48, 0.20 };
  const char *azHead[3] = { L("casedoc.col_option"), L("casedoc.col_description"), L("casedoc.col_cost") };
  struct cblock *t = table(v, 3, aW, 1u<<2, azHead);
  for(int i=0; i<d->nOpt; i++){
    const struct casedoc_option *o = &d->aOpt[i];
    char zName[1200], zCost[40];
    snprintf(zName, sizeof zName, "%s%s%s", o->zTitle,
             o->bDoNothing && strcasecmp(o->zTitle, "Do nothing")!=0 ? L("casedoc.do_nothing_mark") : "", o->bPreferred ? L("casedoc.preferred_mark") : "");
    if( o->bCost ) money(o->costPence, zCost, sizeof zCost); else snprintf(zCost, sizeof zCost, "–");
    const char *az[3] = { zName, o->zDescription, zCost };
    row(t, az);
  }
  /* The appraisal: criteria down, options across. */
  add(v, CB_H2, 0, L("casedoc.appraisal"));
  if( d->nCrit==0 ){ add(v, CB_NOTE, 0, L("casedoc.no_criteria")); return; }
  int nO = d->nOpt>7 ? 7 : d->nOpt;
  double aW2[8];
  aW2[0] = 0.30;
  for(int i=0; i<nO; i++) aW2[i+1] = 0.70/nO;
  const char *azH[8];
  azH[0] = L("casedoc.col_criterion");
  unsigned num = 0;
  for(int i=0; i<nO; i++){ azH[i+1] = d->aOpt[i].zTitle; num |= 1u<<(i+1); }
  t = table(v, nO+1, aW2, num, azH);
  char azBuf[8][300];
  const char *az[8];
  for(int j=0; j<d->nCrit; j++){
    snprintf(azBuf[0], sizeof azBuf[0], "%s (%d)", d->azCrit[j], d->aWeight[j]);
    for(int i=0; i<nO; i++){
      int s = d->aScore[i*d->nCrit+j];
      if( s<0 ) snprintf(azBuf[i+1], sizeof azBuf[i+1], "–");
      else snprintf(azBuf[i+1], sizeof azBuf[i+1], "%d", s);
    }
    for(int c=0; c<=nO; c++) az[c] = azBuf[c];
    row(t, az);
  }
  snprintf(azBuf[0], sizeof azBuf[0], "%s", L("casedoc.weighted_total"));
  for(int i=0; i<nO; i++) snprintf(azBuf[i+1], sizeof azBuf[i+1], "%lld", d->aOpt[i].total);
  for(int c=0; c<=nO; c++) az[c] = azBuf[c];
  row(t, az);
  snprintf(azBuf[0], sizeof azBuf[0], "%s", L("casedoc.rank"));
  for(int i=0; i<nO; i++) snprintf(azBuf[i+1], sizeof azBuf[i+1], "%d", d->aOpt[i].rank);
  row(t, az);
  add(v, CB_NOTE, 0, L("casedoc.appraisal_note"));
}

static void risks(struct cblocks *v, const struct casedoc *d, enum lang lang){
  add(v, CB_H2, 0, L("casedoc.risks"));
  if( d->nRisk==0 ){ add(v, CB_NOTE, 0, L("casedoc.no_risks")); return; }
  static const double aW[6] = { 0.23, 0.16, 0.16, 0.08, 0.23, 0.14 };
  const char *azHead[6] = { L("casedoc.col_risk"), L("casedoc.col_likelihood"), L("casedoc.col_consequence"),
                            L("casedoc.col_score"), L("casedoc.col_mitigation"), L("casedoc.col_owner") };
  struct cblock *t = table(v, 6, aW, (1u<<1)|(1u<<2)|(1u<<3), azHead);
  for(int i=0; i<d->nRisk; i++){
    const struct casedoc_risk *k = &d->aRisk[i];
    char zL[8], zC[8], zS[8];
    snprintf(zL, sizeof zL, "%d", k->likelihood);
    snprintf(zC, sizeof zC, "%d", k->consequence);
    snprintf(zS, sizeof zS, "%d", k->likelihood*k->consequence);
    const char *az[6] = { k->zDescription, zL, zC, zS, k->zMitigation, k->zOwner };
    row(t, az);
  }
}

static void costs(struct cblocks *v, const struct casedoc *d, enum lang lang){
  add(v, CB_H2, 0, L("casedoc.costs"));
  if( d->nCost==0 ){ add(v, CB_NOTE, 0, L("casedoc.no_costs")); return; }
  static const double aW[7] = { 0.21, 0.09, 0.11, 0.14, 0.15, 0.15, 0.15 };
  const char *azHead[7] = { L("casedoc.col_item"), L("casedoc.col_kind"), L("casedoc.col_year"), L("casedoc.col_source"),
                            L("casedoc.col_low"), L("casedoc.col_expected"), L("casedoc.col_high") };
  struct cblock *t = table(v, 7, aW, (1u<<4)|(1u<<5)|(1u<<6), azHead);
  for(int i=0; i<d->nCost; i++){
    const struct casedoc_cost *c = &d->aCost[i];
    char zLow[40], zAmt[40], zHigh[40], zKind[40], zItem[1200];
    money(c->lowPence, zLow, sizeof zLow);
    money(c->amountPence, zAmt, sizeof zAmt);
    money(c->highPence, zHigh, sizeof zHigh);
    snprintf(zKind, sizeof zKind, "casedoc.kind.%s", strcmp(c->zKind, "labour")==0 ? "labour"
             : strcmp(c->zKind, "capital")==0 ? "capital" : "other");
    if( c->zSupplier[0] ) snprintf(zItem, sizeof zItem, "%s (%s)", c->zTitle, c->zSupplier);
    else snprintf(zItem, sizeof zItem, "%s", c->zTitle);
    const char *az[7] = { zItem, L(zKind), c->zYear, c->zSource, zLow, zAmt, zHigh };
    row(t, az);
  }
  char zLow[40], zAmt[40], zHigh[40];
  money(d->lowTotal, zLow, sizeof zLow);
  money(d->costTotal, zAmt, sizeof zAmt);
  money(d->highTotal, zHigh, sizeof zHigh);
  const char *az[7] = { L("casedoc.total"), "", "", "", zLow, zAmt, zHigh };
  row(t, az);
}

static void objectives(struct cblocks *v, const struct casedoc *d, enum lang lang){
  add(v, CB_H2, 0, L("casedoc.objectives"));
  if( d->nObj==0 ){ add(v, CB_NOTE, 0, L("casedoc.no_objectives")); return; }
  static const double aW[5] = { 0.32, 0.20, 0.18, 0.14, 0.16 };
  const char *azHead[5] = { L("casedoc.col_objective"), L("casedoc.col_measure"), L("casedoc.col_target"),
                            L("casedoc.col_due"), L("casedoc.col_owner") };
  struct cblock *t = table(v, 5, aW, 0, azHead);
  for(int i=0; i<d->nObj; i++){
    const struct casedoc_objective *o = &d->aObj[i];
    char zDue[64] = "";
    if( o->zDue[0] ) date_text(lang, o->zDue, zDue, sizeof zDue);
    const char *az[5] = { o->zText, o->zMeasure, o->zTarget, zDue, o->zOwner };
    row(t, az);
  }
}

void casedoc_blocks(const struct casedoc *d, enum lang lang, struct cblocks *v){
  memset(v, 0, sizeof *v);
  const char *zUnit = lang==LANG_CY && d->zUnitNameCy[0] ? d->zUnitNameCy : d->zUnitName;
  char z[2400];
  add(v, CB_CAPTION, 0, zUnit);
  add(v, CB_TITLE, 0, d->zTitle);
  add(v, CB_SUBTITLE, 0, L("casedoc.doc_name"));
  add(v, CB_KV, L("casedoc.state"), L(casedoc_state_key(d->zState)));
  if( d->zStartedFrom ) add(v, CB_KV, L("casedoc.started_from"), d->zStartedFrom);
  if( d->zDecision ){
    char zDate[64] = "";
    if( d->zDecisionDate[0] ) date_text(lang, d->zDecisionDate, zDate, sizeof zDate);
    snprintf(z, sizeof z, i18n_get(lang, "casedoc.decision_at"), d->zDecision, d->zMeeting ? d->zMeeting : "", zDate);
    add(v, CB_KV, L("casedoc.decision"), z);
  }
  if( d->zConditions[0] ) add(v, CB_KV, L("casedoc.conditions"), d->zConditions);
  char zLow[40], zAmt[40], zHigh[40];
  money(d->costTotal, zAmt, sizeof zAmt);
  money(d->lowTotal, zLow, sizeof zLow);
  money(d->highTotal, zHigh, sizeof zHigh);
  snprintf(z, sizeof z, i18n_get(lang, "casedoc.cost_range"), zAmt, zLow, zHigh);
  add(v, CB_KV, L("casedoc.total_cost"), z);
  if( d->bDemo ) add(v, CB_BANNER, 0, L("casedoc.demo"));
  if( strcmp(d->zState, "draft")==0 ) add(v, CB_BANNER, 0, L("casedoc.banner_draft"));
  else if( strcmp(d->zState, "submitted")==0 ) add(v, CB_BANNER, 0, L("casedoc.banner_submitted"));

  for(int p=0; p<CD__NPART; p++){
    add(v, CB_H1, 0, L(casedoc_part_key((enum casedoc_part)p)));
    if( p==CD_SUMMARY ) add(v, CB_NOTE, 0, L("casedoc.summary_note"));
    if( p==CD_OPTIONS ) options(v, d, lang);
    if( p==CD_RESOURCES ) costs(v, d, lang);
    fields(v, d, lang, (enum casedoc_part)p);
    if( p==CD_PROJECT ) risks(v, d, lang);
    if( p==CD_PLAN ){
      objectives(v, d, lang);
      add(v, CB_H2, 0, L("casedoc.budget"));
      snprintf(z, sizeof z, i18n_get(lang, "casedoc.budget_text"), zAmt);
      add(v, CB_PARA, 0, z);
    }
  }
  snprintf(z, sizeof z, i18n_get(lang, "casedoc.footer"), zUnit, d->zTitle);
  v->zFooter = xstrdup(z);
  v->zTitle = xstrdup(d->zTitle);
  v->zSubject = xstrdup(zUnit);
}

void casedoc_blocks_free(struct cblocks *v){
  for(int i=0; i<v->n; i++){
    struct cblock *b = &v->a[i];
    free(b->zKey);
    free(b->zText);
    for(int c=0; c<b->nCol*b->nRow; c++) free(b->azCell[c]);
    free(b->azCell);
  }
  free(v->a);
  free(v->zFooter); free(v->zTitle); free(v->zSubject);
  memset(v, 0, sizeof *v);
}

void casedoc_xml_escape(struct buf *b, const char *z){
  const unsigned char *s = (const unsigned char *)z;
  while( *s ){
    unsigned c = *s;
    if( c=='&' ){ buf_puts(b, "&amp;"); s++; continue; }
    if( c=='<' ){ buf_puts(b, "&lt;"); s++; continue; }
    if( c=='>' ){ buf_puts(b, "&gt;"); s++; continue; }
    if( c=='"' ){ buf_puts(b, "&quot;"); s++; continue; }
    if( c=='\'' ){ buf_puts(b, "&apos;"); s++; continue; }
    if( c<0x20 ){ if( c=='\t' || c=='\n' ) buf_putc(b, (char)c); s++; continue; }
    if( c<0x80 ){ buf_putc(b, (char)c); s++; continue; }
    /* A whole UTF-8 sequence, or nothing. */
    int n = c>=0xF0 && c<0xF5 ? 4 : c>=0xE0 ? 3 : c>=0xC2 && c<0xE0 ? 2 : 0;
    if( c>=0xF5 ) n = 0;
    bool ok = n>0;
    for(int i=1; ok && i<n; i++) if( (s[i] & 0xC0)!=0x80 ) ok = false;
    if( ok && n==3 ){
      unsigned cp = ((c & 0x0F)<<12) | ((s[1] & 0x3F)<<6) | (s[2] & 0x3F);
      if( cp<0x800 || (cp>=0xD800 && cp<=0xDFFF) || cp==0xFFFE || cp==0xFFFF ) ok = false;
    }
    if( ok && n==4 ){
      unsigned cp = ((c & 0x07)<<18) | ((s[1] & 0x3F)<<12) | ((s[2] & 0x3F)<<6) | (s[3] & 0x3F);
      if( cp<0x10000 || cp>0x10FFFF ) ok = false;
    }
    if( !ok ){ s++; continue; }
    buf_append(b, (const char *)s, (size_t)n);
    s += n;
  }
}
