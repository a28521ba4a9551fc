#include "html/html.h"
void bad(struct buf *b, const char *zFmt, int n){
  html_printf(b,
              zFmt, n);
}
