/*
** What an uploaded paper is, decided from its name and its bytes alone:
** no database, so the fuzz harness (tests/fuzz/fuzz_paper.c) builds it on
** its own. The name's extension says what the file must be, and the whole
** file must then be one of those, not only its first bytes:
**
**   .pdf          %PDF-, and ends "startxref N %%EOF" (white space after
**                 it only: no web page or script appended).
**   .docx .xlsx   a well-formed ZIP (end of central directory, every entry
**                 consistent with its local header and inside the file, none
**                 overlapping, no duplicate names) holding [Content_Types].xml
**                 and word/document.xml or xl/workbook.xml.
**   .doc .xls     an OLE2 compound file whose header is sane (version,
**                 sector size, counts) and agrees with the file's length.
**   .png          the signature, then chunks inside the file with good CRCs,
**                 IHDR first, at least one IDAT, IEND last and nothing after.
**   .jpg .jpeg    SOI, marker segments inside the file up to a frame and
**                 scan, and EOI as the very last bytes.
*/
#ifndef CC_PAPER_DETECT_H
#define CC_PAPER_DETECT_H
#include <stdbool.h>
#include <stddef.h>

#define PAPER_MAX_NAME 200           /* bytes of the stored file name */

/* The content type for these bytes under this (clean) name, or NULL.
** On NULL, *pzError (when given) is the i18n key of the field error that
** says what is wrong: "paper.error_type" when the name is not of an
** accepted kind or the content is another kind altogether, otherwise the
** kind's own "the file is not a complete ..." key (paper.error_pdf,
** paper.error_word, paper.error_excel, paper.error_png, paper.error_jpeg). */
const char *paper_check(const unsigned char *p, size_t n, const char *zName, const char **pzError);
/* paper_check without the reason. */
const char *paper_detect(const unsigned char *p, size_t n, const char *zName);

/* The base name of zIn into zOut: control characters (C0, DEL, C1) and
** the bidirectional marks, embeddings, overrides and isolates (U+061C,
** U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) removed, spaces at either
** end trimmed; quotes and other punctuation kept. False, with zOut
** empty, when zIn is not UTF-8, nothing usable is left, or it is longer
** than PAPER_MAX_NAME bytes. */
bool paper_clean_name(const char *zIn, char zOut[PAPER_MAX_NAME+1]);

#endif
