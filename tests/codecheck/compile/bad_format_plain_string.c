/* A catalogue format must come from I18N_FORMAT (TF): a char * will not do. */
#include "html/html.h"
void bad(struct buf *b, const char *zFmt){ html_printf_t(b, zFmt, 1); }
