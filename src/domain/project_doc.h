/*
** A project's documents (seed 001 "Project Management"): the kinds, the
** stage each belongs to, which a complex project adds, which are written
** many times (reports), and each kind's text fields, in order. The
** table is the contract between the project's gates (project.h), its
** reports (opened by a broken tolerance, drafted for a meeting: risk.h)
** and the forms and PDF that write and show them.
**
** i18n keys: a kind's name "projdoc.kind.<kind>" and its guidance
** "projdoc.kind.<kind>.hint"; a field's label "projdoc.<kind>.<field>"
** and its guiding question "projdoc.<kind>.<field>.hint".
** (db/migrations/0018_projects.*.sql: project_doc, project_doc_text.)
*/
#ifndef CC_PROJECT_DOC_H
#define CC_PROJECT_DOC_H
#include "db/db.h"
#include <stdbool.h>
#include <stddef.h>

#define PROJECT_DOC_FIELDS_MAX 10

struct project_doc_kind {
  const char *zCode;        /* project_doc.kind */
  int iStage;               /* enum project_stage it belongs to */
  bool bComplexOnly;        /* only a complex project keeps it */
  bool bRepeatable;         /* many of it (reports); else at most one */
  bool bGate;               /* needed (complete; one at least when repeatable) to leave its stage */
  const char *azField[PROJECT_DOC_FIELDS_MAX];   /* field codes, NULL-terminated */
};
extern const struct project_doc_kind project_doc_kinds[];
extern const int project_doc_nkind;
/* The kind of code z; NULL for none. */
const struct project_doc_kind *project_doc_kind_of(const char *z);
/* True if field zField is one of kind k's. */
bool project_doc_has_field(const struct project_doc_kind *k, const char *zField);

#endif
