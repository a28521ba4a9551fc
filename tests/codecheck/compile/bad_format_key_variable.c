#include "html/html.h"
void bad(struct buf *b, const char *zKey){ html_printf_t(b, I18N_FORMAT(LANG_EN, zKey), 1); }
