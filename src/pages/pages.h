/* Handlers, one file per area; the route table is in app.c. */
#ifndef CC_PAGES_H
#define CC_PAGES_H
#include "http/http.h"

/* pages/auth.c */
void page_login_form(struct req *);
void page_login(struct req *);
void page_logout(struct req *);
void page_lang(struct req *);
/* pages/units.c */
void page_home(struct req *);
void page_unit(struct req *);
/* pages/members.c */
void page_member_new(struct req *);
void page_member_create(struct req *);
void page_member_edit(struct req *);
void page_member_update(struct req *);
/* pages/admin.c */
void page_audit(struct req *);
/* pages/api.c */
void api_units(struct req *);
void api_unit(struct req *);
void api_unit_members(struct req *);
/* pages/misc.c */
void page_healthz(struct req *);
void page_asset(struct req *);

#endif
