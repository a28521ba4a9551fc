/*
** The translation layer. Every string a person reads is looked up by key
** in a catalogue: i18n/en.txt and i18n/cy.txt, embedded in the binary.
** A catalogue line is "key<TAB>text"; a third field "review" marks a
** Welsh string that a Welsh speaker should check. tests/unit/test_i18n.c
** proves that both catalogues have the same keys, the same printf
** conversions per key, and that every key the code names exists.
*/
#ifndef CC_I18N_H
#define CC_I18N_H
#include <stdbool.h>
#include <stddef.h>

enum lang { LANG_EN = 0, LANG_CY, LANG__MAX };

/* Load the embedded catalogues. Returns false (with a message on
** stderr) if a catalogue is malformed. Call once at start-up; the
** tables are read-only afterwards and shared by all threads. */
bool i18n_init(void);
/* The text for zKey in lang; the English text if the Welsh is missing;
** zKey itself if the key is unknown (a bug the tests catch). */
const char *i18n_get(enum lang lang, const char *zKey);
/* True if zKey is in the catalogue of lang. */
bool i18n_has(enum lang lang, const char *zKey);
/* Number of keys in lang's catalogue, and the i-th key (sorted), i in
** [0, i18n_count) (not checked). For the tests that compare catalogues. */
int i18n_count(enum lang lang);
const char *i18n_key(enum lang lang, int i);
/* "en" or "cy" to enum lang; false for anything else, NULL included
** (*pOut then untouched). */
bool i18n_parse_lang(const char *z, enum lang *pOut);
/* The code of lang: "cy" for Welsh, "en" otherwise. */
const char *i18n_code(enum lang lang);

/* A moment (Unix time) in Welsh local time, as people write it:
** "25 November 2026, 14:03", "25 Tachwedd 2026, 14:03". */
void i18n_moment(enum lang lang, long long t, char *zOut, size_t nOut);

/* A printf format taken from the catalogue by a literal key: the one kind
** of format other than a literal that html_printf_t() accepts. Make one
** only with I18N_FORMAT, whose key must be a string literal (the ""
** pasted around it makes anything else a compile error);
** tools/codecheck.sh refuses any other initialiser of the type outside
** this header. */
struct i18n_format { const char *zFmt; };
#define I18N_FORMAT(lang, key) ((struct i18n_format){ i18n_get((lang), "" key "") })

#endif
