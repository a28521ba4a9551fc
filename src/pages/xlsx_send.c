/*
** Serving a workbook built with xbook (src/domain/export_xlsx.h):
** libxlsxwriter writes a file, so a private temporary one is made, filled
** by the caller's writer, read back into the response and removed.
*/
#include "pages/pages.h"
#include "domain/export_xlsx.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

bool page_file_read(const char *zPath, struct buf *b){
  FILE *in = fopen(zPath, "rb");
  if( !in ) return false;
  char a[16384];
  size_t n;
  while( (n = fread(a, 1, sizeof a, in))>0 ) buf_append(b, a, n);
  bool ok = !ferror(in);
  fclose(in);
  return ok;
}

void page_xlsx_send(struct req *r, const char *zFileName,
                    bool (*xWrite)(struct xbook *, void *), void *pCtx){
  const char *zDir = getenv("TMPDIR");
  char zPath[512];
  snprintf(zPath, sizeof zPath, "%s/carecluster-xlsx-XXXXXX", zDir && zDir[0] ? zDir : "/tmp");
  int fd = mkstemp(zPath);
  char zErr[600] = "";
  bool ok = fd>=0;
  if( fd>=0 ) close(fd);
  buf_reset(&r->body);
  struct xbook *b = ok ? xbook_open(zPath, zErr, sizeof zErr) : 0;
  if( b ){
    ok = xWrite(b, pCtx);
    ok = xbook_close(b, zErr, sizeof zErr) && ok;
  }else{
    ok = false;
  }
  if( ok ) ok = page_file_read(zPath, &r->body);
  if( fd>=0 ) unlink(zPath);
  if( !ok ){
    fprintf(stderr, "carecluster: xlsx export %s failed: %s\n", zFileName, zErr[0] ? zErr : "temporary file");
    buf_reset(&r->body);
    page_error(r, 500, "error.export_failed_title", "error.export_failed_body");
    return;
  }
  r->status = 200;
  r->zContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  char z[300];
  snprintf(z, sizeof z, "attachment; filename=\"%s\"", zFileName);
  req_add_header(r, "Content-Disposition", z);
}
