#include "html/html.h"
void bad(struct buf *b, const char *zUser){ html_markup_trusted_unescaped(b, zUser); }
