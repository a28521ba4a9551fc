/*
** A business case as a Word document (see export_case.h): Office Open
** XML written by hand (the document, its styles, the content types and
** the relationships) and zipped in memory with minizip, zlib's own zip
** library. The parts are Word heading styles (Title, Heading 1, Heading
** 2), so the document has an outline and a reader can make its table of
** contents; options, appraisal, costs, objectives and risks are real
** tables. Every text is escaped for XML and kept as runs with
** xml:space="preserve"; a newline in a text starts a new paragraph.
*/
#include "domain/export_case.h"
#include <minizip/zip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the parts of the package -------------------------------------------- */

static const char zContentTypes[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
  "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
  "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
  "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
  "</Types>";

static const char zRels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
  "</Relationships>";

static const char zDocRels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
  "</Relationships>";

/* Arial-like sans (as NHS documents), 11 pt body; headings in NHS blue. */
static const char zStyles[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
  "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\" w:eastAsia=\"Arial\"/>"
  "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>"
  "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
  "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
  "<w:pPr><w:spacing w:after=\"120\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/><w:color w:val=\"212B32\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
  "<w:rPr><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:color w:val=\"005EB8\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
  "<w:pPr><w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
  "<w:rPr><w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:color w:val=\"005EB8\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
  "<w:pPr><w:keepNext/><w:spacing w:before=\"200\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/></w:pPr>"
  "<w:rPr><w:b/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Note\"><w:name w:val=\"Note\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:rPr><w:color w:val=\"4C6272\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Warning\"><w:name w:val=\"Warning\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:rPr><w:b/><w:color w:val=\"D5281B\"/></w:rPr></w:style>"
  "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
  "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
  "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
  "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/>"
  "<w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr>"
  "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D8DDE0\"/>"
  "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D8DDE0\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D8DDE0\"/>"
  "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D8DDE0\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D8DDE0\"/>"
  "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D8DDE0\"/></w:tblBorders></w:tblPr></w:style>"
  "</w:styles>";

/* ---- the document -------------------------------------------------------- */

/* The usable width of an A4 page with 2 cm margins, in twentieths of a point. */
#define TEXT_TWIPS 9638

static void run(struct buf *b, const char *z, bool bBold){
  buf_puts(b, "<w:r>");
  if( bBold ) buf_puts(b, "<w:rPr><w:b/></w:rPr>");
  buf_puts(b, "<w:t xml:space=\"preserve\">");
  casedoc_xml_escape(b, z);
  buf_puts(b, "</w:t></w:r>");
}

/* One paragraph per line of z, in style zStyle (NULL: Normal). */
static void paras(struct buf *b, const char *zStyle, const char *z, const char *zJc){
  const char *zLine = z;
  for(;;){
    const char *zEnd = strchr(zLine, '\n');
    size_t n = zEnd ? (size_t)(zEnd - zLine) : strlen(zLine);
    char *zOne = xstrndup(zLine, n);
    buf_puts(b, "<w:p>");
    if( zStyle || zJc ){
      buf_puts(b, "<w:pPr>");
      if( zStyle ) buf_printf(b, "<w:pStyle w:val=\"%s\"/>", zStyle);
      if( zJc ) buf_printf(b, "<w:jc w:val=\"%s\"/>", zJc);
      buf_puts(b, "</w:pPr>");
    }
    if( zOne[0] ) run(b, zOne, false);
    buf_puts(b, "</w:p>");
    free(zOne);
    if( !zEnd ) break;
    zLine = zEnd + 1;
  }
}

static void table(struct buf *b, const struct cblock *t){
  buf_puts(b, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>");
  buf_printf(b, "<w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>", TEXT_TWIPS);
  buf_puts(b, "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr>");
  buf_puts(b, "<w:tblGrid>");
  int aW[8];
  for(int c=0; c<t->nCol && c<8; c++){
    aW[c] = (int)(t->aWidth[c]*TEXT_TWIPS);
    buf_printf(b, "<w:gridCol w:w=\"%d\"/>", aW[c]);
  }
  buf_puts(b, "</w:tblGrid>");
  for(int r=0; r<t->nRow; r++){
    buf_puts(b, "<w:tr>");
    if( r==0 ) buf_puts(b, "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    for(int c=0; c<t->nCol && c<8; c++){
      buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>", aW[c]);
      if( r==0 ) buf_puts(b, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F0F4F5\"/>");
      buf_puts(b, "</w:tcPr>");
      const char *z = t->azCell[r*t->nCol+c];
      bool bNum = (t->numeric>>c) & 1u;
      buf_puts(b, "<w:p>");
      if( bNum ) buf_puts(b, "<w:pPr><w:jc w:val=\"right\"/></w:pPr>");
      if( z[0] ) run(b, z, r==0);
      buf_puts(b, "</w:p></w:tc>");
    }
    buf_puts(b, "</w:tr>");
  }
  buf_puts(b, "</w:tbl><w:p/>");
}

static void document(struct buf *b, const struct cblocks *v, enum lang lang){
  buf_puts(b,
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
    " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>");
  for(int i=0; i<v->n; i++){
    const struct cblock *k = &v->a[i];
    switch( k->kind ){
      case CB_CAPTION: paras(b, "Note", k->zText, 0); break;
      case CB_TITLE: paras(b, "Title", k->zText, 0); break;
      case CB_SUBTITLE: paras(b, "Subtitle", k->zText, 0); break;
      case CB_KV:
        buf_puts(b, "<w:p>");
        run(b, k->zKey, true);
        run(b, ": ", true);
        run(b, k->zText, false);
        buf_puts(b, "</w:p>");
        break;
      case CB_BANNER: paras(b, "Warning", k->zText, 0); break;
      case CB_H1: paras(b, "Heading1", k->zText, 0); break;
      case CB_H2: paras(b, "Heading2", k->zText, 0); break;
      case CB_PARA: paras(b, 0, k->zText, 0); break;
      case CB_NOTE: paras(b, "Note", k->zText, 0); break;
      case CB_TABLE: table(b, k); break;
    }
  }
  /* A4, 2 cm margins; the document's language for spelling. */
  (void)lang;
  buf_puts(b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
              "<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
              "</w:sectPr></w:body></w:document>");
}

static void core(struct buf *b, const struct cblocks *v, enum lang lang){
  buf_puts(b,
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
  casedoc_xml_escape(b, v->zTitle);
  buf_puts(b, "</dc:title><dc:subject>");
  casedoc_xml_escape(b, v->zSubject);
  buf_printf(b, "</dc:subject><dc:creator>carecluster</dc:creator><dc:language>%s</dc:language></cp:coreProperties>",
             lang==LANG_CY ? "cy-GB" : "en-GB");
}

/* ---- the zip, in memory ---------------------------------------------------- */

struct mem { struct buf *b; size_t base; size_t pos; };

static voidpf ZCALLBACK mem_open(voidpf opaque, const char *zName, int mode){ (void)zName; (void)mode; return opaque; }
static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *a, uLong n){ (void)opaque; (void)stream; (void)a; (void)n; return 0; }
static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *a, uLong n){
  (void)opaque;
  struct mem *m = stream;
  size_t at = m->base + m->pos;
  if( at + n > m->b->n ){
    /* Grow with zero bytes up to the end of this write. */
    while( m->b->n < at + n ){
      static const char zZero[256];
      size_t k = at + n - m->b->n;
      buf_append(m->b, zZero, k<sizeof zZero ? k : sizeof zZero);
    }
  }
  if( n ) memcpy(m->b->z + at, a, n);
  m->pos += n;
  return n;
}
static long ZCALLBACK mem_tell(voidpf opaque, voidpf stream){ (void)opaque; return (long)((struct mem *)stream)->pos; }
static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, uLong off, int origin){
  (void)opaque;
  struct mem *m = stream;
  size_t len = m->b->n - m->base;
  size_t to = origin==ZLIB_FILEFUNC_SEEK_SET ? off : origin==ZLIB_FILEFUNC_SEEK_CUR ? m->pos + off : len + off;
  m->pos = to;
  return 0;
}
static int ZCALLBACK mem_close(voidpf opaque, voidpf stream){ (void)opaque; (void)stream; return 0; }
static int ZCALLBACK mem_error(voidpf opaque, voidpf stream){ (void)opaque; (void)stream; return 0; }

static bool add_file(zipFile z, const char *zName, const char *zData, size_t n, const struct tm *t){
  zip_fileinfo fi;
  memset(&fi, 0, sizeof fi);
  fi.tmz_date.tm_sec = (uInt)t->tm_sec; fi.tmz_date.tm_min = (uInt)t->tm_min; fi.tmz_date.tm_hour = (uInt)t->tm_hour;
  fi.tmz_date.tm_mday = (uInt)t->tm_mday; fi.tmz_date.tm_mon = (uInt)t->tm_mon; fi.tmz_date.tm_year = (uInt)t->tm_year + 1900;
  if( zipOpenNewFileInZip(z, zName, &fi, 0, 0, 0, 0, 0, Z_DEFLATED, Z_DEFAULT_COMPRESSION)!=ZIP_OK ) return false;
  bool ok = zipWriteInFileInZip(z, zData, (unsigned)n)==ZIP_OK;
  return zipCloseFileInZip(z)==ZIP_OK && ok;
}

bool export_case_docx(const struct casedoc *d, enum lang lang, struct buf *pOut, char *zErr, size_t nErr){
  struct cblocks v;
  casedoc_blocks(d, lang, &v);
  struct buf doc = {0}, props = {0};
  document(&doc, &v, lang);
  core(&props, &v, lang);
  casedoc_blocks_free(&v);

  size_t nBefore = pOut->n;
  struct mem m = { pOut, nBefore, 0 };
  zlib_filefunc_def ff = { mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &m };
  zipFile z = zipOpen2("case.docx", APPEND_STATUS_CREATE, 0, &ff);
  time_t now = time(0);
  struct tm t;
  gmtime_r(&now, &t);
  bool ok = z!=0;
  ok = ok && add_file(z, "[Content_Types].xml", zContentTypes, strlen(zContentTypes), &t);
  ok = ok && add_file(z, "_rels/.rels", zRels, strlen(zRels), &t);
  ok = ok && add_file(z, "word/_rels/document.xml.rels", zDocRels, strlen(zDocRels), &t);
  /* The document's language, for spelling and for readers aloud. */
  struct buf styles = {0};
  const char *zEn = strstr(zStyles, "en-GB");
  buf_append(&styles, zStyles, (size_t)(zEn - zStyles));
  buf_puts(&styles, lang==LANG_CY ? "cy-GB" : "en-GB");
  buf_puts(&styles, zEn + 5);
  ok = ok && add_file(z, "word/styles.xml", buf_cstr(&styles), styles.n, &t);
  buf_free(&styles);
  ok = ok && add_file(z, "word/document.xml", buf_cstr(&doc), doc.n, &t);
  ok = ok && add_file(z, "docProps/core.xml", buf_cstr(&props), props.n, &t);
  if( z && zipClose(z, 0)!=ZIP_OK ) ok = false;
  buf_free(&doc);
  buf_free(&props);
  if( !ok ){
    snprintf(zErr, nErr, "the Word document could not be zipped");
    pOut->n = nBefore;
  }
  return ok;
}
