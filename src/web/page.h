/*
** Page furniture shared by every HTML page: the NHS.UK frontend layout
** (header with service name, account links and language switch, footer),
** error pages, and form fields with their error messages.
**
** T(key) is the translation of key in the request's language; every
** string a person reads goes through it. TF("key") is the same text as a
** format for html_printf_t().
*/
#ifndef CC_PAGE_H
#define CC_PAGE_H
#include "web/req.h"
#include "domain/field_errors.h"
#include "html/html.h"

#define T(key) i18n_get(r->lang, key)
/* The translation of the literal key as a format for html_printf_t(). */
#define TF(key) I18N_FORMAT(r->lang, key)

struct crumb { const char *zHref; const char *zText; };

/* Start a page: status 200, document head, header, breadcrumbs (nCrumb
** may be 0), and the opening of <main>. zTitle is already translated. */
void page_begin(struct req *r, const char *zTitle, const struct crumb *aCrumb, int nCrumb);
/* Close <main>, the footer and the document. */
void page_end(struct req *r);
/* A whole error page: 403, 404, 400... with a translated heading and text
** (catalogue keys). Replaces whatever the body held. */
void page_error(struct req *r, int status, const char *zTitleKey, const char *zBodyKey);
/* The 404 page: what does not exist and what the user may not see alike. */
void page_not_found(struct req *r);
/* page_begin for a page with a form: "Error: " before the title when
** pErr has errors. */
void page_begin_form(struct req *r, const char *zTitle, const struct crumb *aCrumb, int nCrumb,
                     const struct field_errors *pErr);

/* A table's scrolling container (NHS.UK frontend's scroll component), so
** a wide table scrolls inside the page on a small screen instead of
** widening the page. zLabelledBy is the id of the table's heading. The
** region is focusable, so that it scrolls from the keyboard even without
** the frontend's script (which drops the tab stop where nothing
** overflows). */
void page_scroll_begin(struct req *r, const char *zLabelledBy);
/* Close what page_scroll_begin opened. */
void page_scroll_end(struct req *r);

/* The opening of a page that is a form: page_begin_form, the two-thirds
** column (the caller closes its two <div>s), the error summary, the
** caption zCaption and the heading zTitle. */
void page_form_begin(struct req *r, const char *zTitle, const struct crumb *aCrumb, int nCrumb,
                     const struct field_errors *pErr, const char *zCaption);

/* The anti-forgery token for this page's forms: the session's, or before
** sign-in the one in the cc_pre cookie (set here when there is none).
** Never NULL; lives as long as the request. */
const char *page_form_token(struct req *r);
/* The CSRF hidden field (page_form_token) for a form. */
void form_csrf(struct req *r);
/* The NHS error summary for pErr (nothing if there are no errors). */
void form_error_summary(struct req *r, const struct field_errors *pErr);
/* The same, each message i after azName[i] and a colon when azName[i] is
** neither NULL nor "" (a form of many rows: the row's name says which
** row's field the message is about). */
void form_error_summary_named(struct req *r, const struct field_errors *pErr, const char *const *azName);
/* A text input with label, optional hint, error and the value as typed.
** zType is "text", "email", "date", "password". zAutocomplete may be NULL. */
void form_input(struct req *r, const struct field_errors *pErr, const char *zName,
                const char *zLabelKey, const char *zHintKey, const char *zType,
                const char *zValue, const char *zAutocomplete);
/* A textarea with label, optional hint, error and the value as typed. */
void form_textarea(struct req *r, const struct field_errors *pErr, const char *zName,
                   const char *zLabelKey, const char *zHintKey, const char *zValue, int nRows);
/* A select: its label, optional hint, error and <select>; the caller
** writes the <option>s, then form_select_end closes it. */
void form_select_begin(struct req *r, const struct field_errors *pErr, const char *zName,
                       const char *zLabelKey, const char *zHintKey);
/* Close what form_select_begin opened. */
void form_select_end(struct req *r);
/* A lone checkbox zName with value 1 (a yes/no choice), hint optional;
** bSmall for the small style. */
void form_checkbox(struct req *r, const char *zName, const char *zLabelKey, const char *zHintKey,
                   bool bSmall, bool bChecked);
/* Checkboxes for a fieldset: the legend, optional hint, error and the
** list (small with bSmall; bListId gives the list the id zName, for when
** no checkbox has it); then form_checkboxes_item for each, with zLabel
** and zHint (may be NULL) already translated; form_checkboxes_end. */
void form_checkboxes_begin(struct req *r, const struct field_errors *pErr, const char *zName,
                           const char *zLegendKey, const char *zHintKey, bool bSmall, bool bListId);
void form_checkboxes_item(struct req *r, const char *zName, const char *zId, const char *zValue,
                          const char *zLabel, const char *zHint, bool bChecked);
void form_checkboxes_end(struct req *r);
/* The answer to a form's POST once the domain has written (id>0: a
** redirect to zFmt's address), refused (id<0: the 404 page, as for what
** the user may not see) or found errors (0: status 400, and true for the
** caller to draw the form again with them). */
bool form_result(struct req *r, long long id, const char *zFmt, ...) __attribute__((format(printf, 3, 4)));
/* Radios for a fieldset; aValue and aLabelKey hold n options. */
void form_radios(struct req *r, const struct field_errors *pErr, const char *zName,
                 const char *zLegendKey, const char *zHintKey, int n,
                 const char *const *aValue, const char *const *aLabelKey, const char *zChecked);
/* The radios themselves (the nhsuk-radios block, inline with bInline):
** n options named zName, the first with id zId and the others zId-2,
** zId-3... (so that an error summary's link lands on the first), the one
** whose value is zChecked checked, labels the translations of aLabelKey.
** For a fieldset the caller opens and closes. */
void form_radio_items(struct req *r, const char *zId, const char *zName, bool bInline, int n,
                      const char *const *aValue, const char *const *aLabelKey, const char *zChecked);
/* A select of the cluster roles. */
void form_role_select(struct req *r, const struct field_errors *pErr, const char *zValue);
/* The NHS date input: a fieldset of three fields, zName-day, zName-month
** and zName-year, showing zValue (YYYY-MM-DD, or the raw "Y-M-D" that
** form_date_value made of what was typed). */
void form_date(struct req *r, const struct field_errors *pErr, const char *zName,
               const char *zLegendKey, const char *zHintKey, const char *zValue);
/* What was typed into form_date's fields, as "YYYY-MM-DD" when all three
** are numbers, "" when all are empty, else the raw "Y-M-D" (which is not a
** date, so validation reports it). A client that sends zName itself
** (YYYY-MM-DD) is read as it is. zOut holds 64 bytes. */
void form_date_value(struct req *r, const char *zName, char zOut[64]);
/* An ISO date as people write it: "1 June 2024", "1 Mehefin 2024". */
void page_date(struct req *r, const char *zIso, char zOut[48]);
/* The same with the month shortened, for a table where space is short
** (as the NHS style guide allows): "1 Jun 2024", "1 Meh 2024". */
void page_date_short(struct req *r, const char *zIso, char zOut[48]);
/* A Unix time as people read it, in Welsh local time: "25 November 2026, 14:03". */
void page_time(struct req *r, long long t, char zOut[64]);
/* Thousands separators: 12345 -> "12,345", -1234 -> "-1,234". */
void page_number(long long v, char zOut[32]);

/* The browser title of a page of meeting m: "Cluster meeting, 10
** December 2026 – Cardiff South West", after "zWhat – " when zWhat is
** given (an item's title, "Minutes"), after "Error: " when bError. */
void meeting_page_title(struct req *, const struct meeting *m, const char *zWhat, bool bError,
                        char *zOut, size_t nOut);
/* page_form_begin for a page of meeting m: its browser title is zHeading
** with the meeting's (meeting_page_title), "Error: " first when e has
** errors. The caller closes the two <div>s it opens. */
void meeting_form_page_begin(struct req *, const struct meeting *m, const char *zHeading,
                             const struct crumb *aCrumb, int nCrumb, const struct field_errors *e,
                             const char *zCaption);

#endif
