#include "html/html.h"
void bad(struct buf *b, const char *zUser){ html_printf(b, zUser); }
