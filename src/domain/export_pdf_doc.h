/*
** What the PDF files (export_pdf.c, export_pdf_doc.c, export_pdf_pack.c,
** export_pdf_papers.c) share, and nothing else includes. The public
** interface is export_meeting.h.
**
** A document is gathered into a struct doc first (every string cleaned
** for cairo), then laid out on a struct pdf: the cursor, the page and the
** fonts. The layout runs several times (export_pdf.c, render): those with
** nPages 0 count the pages and find where things land; the last one,
** with nPages known, draws, links and bookmarks.
*/
#ifndef CC_EXPORT_PDF_DOC_H
#define CC_EXPORT_PDF_DOC_H
#include "domain/export_meeting.h"
#include "util/buf.h"
#include <cairo.h>
#include <cairo-pdf.h>
#include <stdbool.h>
#include <stddef.h>

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

#define C_TEXT 0x212B32      /* NHS.UK text colour */
#define C_GREY 0x4C6272      /* secondary text */
#define C_BLUE 0x005EB8      /* NHS blue */
#define C_RED  0xD5281B
#define C_RULE 0xD8DDE0
#define C_FILL 0xF0F4F5

/* ---- what is printed ---------------------------------------------------- */

enum block_style { B_PARA, B_KV, B_SMALL };
struct block { enum block_style style; char *zKey; char *zText; };
struct blocks { struct block *a; int n, nAlloc; };

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
  long long itemId;
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


/* Where the agenda table's item column starts (points from the margin):
** notes under a row line up with it. */
#define PDF_COL_ITEM 64
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
  void (*xPageHead)(struct pdf *);  /* drawn under the top of each new page (an open agenda table's header), or NULL */
};

/* ---- gathering (export_pdf_doc.c) ---------------------------------------------- */

/* A copy of z that is valid UTF-8 with no control characters but
** newlines, for cairo (which refuses a whole document for one bad byte). */
char *pdf_clean(const char *z);
/* Add a block (its texts cleaned) to v. */
void pdf_block_add(struct blocks *v, enum block_style, const char *zKey, const char *zText);
/* "Thursday 12 March 2026" / "Dydd Iau 12 Mawrth 2026" from YYYY-MM-DD... */
void pdf_long_date(enum lang, const char *zIso, char *zOut, size_t nOut);
/* What both documents of meeting m print, for pUser, into *d: for the
** pack, pdf_gather_pack then adds the pack's own parts. */

/* Free what pdf_gather and pdf_gather_pack allocated in *d. */
void pdf_doc_free(struct doc *d);
void pdf_gather(struct db *, const struct user *pUser, const struct meeting *m,
                enum export_pdf_kind, enum lang, struct doc *d);

/* ---- fonts and the PDF stream (export_pdf_doc.c) ------------------------------ */

/* A cairo font face for the TrueType file zPath (it owns its FT_Face);
** NULL when FreeType or the file fails. */
cairo_font_face_t *pdf_face_load(const char *zPath);
/* The regular and bold faces of every PDF (EXPORT_FONT_REGULAR, _BOLD);
** false with the reason in zErr when one cannot be loaded. */
bool pdf_fonts_load(cairo_font_face_t **pReg, cairo_font_face_t **pBold, char *zErr, size_t nErr);
/* A cairo write function appending to the struct buf pCtx (NULL: drops
** the bytes, for the layouts that only count the pages). */
cairo_status_t pdf_to_buf(void *pCtx, const unsigned char *a, unsigned int n);

/* ---- layout (export_pdf_doc.c) --------------------------------------------------- */

void pdf_font(struct pdf *p, bool bBold, double size);
/* The width of z in the current font. */
double pdf_width(struct pdf *p, const char *z);
void pdf_colour(struct pdf *p, unsigned rgb);
void pdf_text_at(struct pdf *p, double x, double y, const char *z);
/* Lines of z wrapped to width w in the current font, as NUL-separated
** strings in *pOut; returns how many (pdf_line_at reads them). */
int pdf_wrap(struct pdf *p, const char *z, double w, struct buf *pOut);
const char *pdf_line_at(struct buf *pLines, int i);
/* A copy of z shortened with an ellipsis to at most w points wide. */
char *pdf_fit(struct pdf *p, const char *z, double w);
/* "Page 2 of 5" in zOut; "" in the layouts that count the pages. */
void pdf_page_label(struct pdf *p, char *zOut, size_t nOut);
/* The next page, w x h points, bare. */
void pdf_start_page(struct pdf *p, double w, double h);
/* The next A4 page of text: its footer, and the agenda table's heading
** while a table is open. */
void pdf_new_page(struct pdf *p);
/* Room for h more points of text below the cursor, else a new page. */
void pdf_need_room(struct pdf *p, double h);
/* A paragraph at x, width w; each line may start a new page. */
void pdf_para(struct pdf *p, const char *z, double x, double w, bool bBold, double size,
              double lh, unsigned rgb);
/* z as a value of a cairo tag attribute ('...'), into b. */
void pdf_tag_value(struct buf *b, const char *z);
/* "Key    value", the key in bold in its own column; an https value links. */
void pdf_kv(struct pdf *p, const char *zKey, const char *zVal, double x, double size, double lh);
/* The caption, title, document name, key rows and banner of p->d. */
void pdf_title_block(struct pdf *p);
/* The minutes document p->d, from the cursor on. */
void pdf_render_minutes(struct pdf *p);

/* ---- the agenda pack (export_pdf_pack.c) ------------------------------------- */

/* The agenda table's heading row. */
void pdf_table_header(struct pdf *p);
/* A named destination at the top of this page (the last layout only). */
void pdf_dest_here(struct pdf *p, const char *zName);
/* A bookmark titled z under parent to page iPage; its id (0 in the
** layouts that count). */
int pdf_bookmark(struct pdf *p, int parent, const char *z, int iPage, bool bOpen);
/* A note under an agenda row ("Key: text"), linked to destination zDest
** or to address zUri when not NULL. */
void pdf_row_note(struct pdf *p, const char *zKey, const char *zText, const char *zDest, const char *zUri);
/* What the pack holds besides the agenda (d->kind is EXPORT_PDF_PACK). */
void pdf_gather_pack(struct db *, const struct user *pUser, const struct meeting *m, struct doc *d);
/* The pack p->d, from the cursor on. */
void pdf_render_pack(struct pdf *p);
/* After a layout: take the pages it found for what the agenda refers
** to; true when they are those it printed. */
bool pdf_marks_settle(struct doc *d);

/* ---- the papers (export_pdf_papers.c) ---------------------------------------- */

/* One PDF at a time in the process, from its first font or paper opened
** to the end of its cairo document (see export_pdf_papers.c for why). */
void pdf_papers_lock(void);
void pdf_papers_unlock(void);
/* The current papers of item x (itemId), and each PDF's pages. */
void pdf_gather_papers(struct db *, struct item *x, long long itemId);
/* Paper q under its agenda row. */
void pdf_paper_note(struct pdf *p, const struct pack_paper *q);
/* The pages of PDF paper q, with their bookmark under parent. */
void pdf_section_paper(struct pdf *p, struct pack_paper *q, int parent);

#endif
