/*
** A business case gathered for its documents (the PDF and the Word
** document, src/domain/export_case_pdf.c and export_case_docx.c), read
** straight from the schema of db/migrations/0017_finance.*.sql: the case,
** its texts in seed 001's seven parts, options, appraisal, costs, SMART
** objectives and risks, and the decision that settled it.
**
** The parts are printed in seed 001's order with the executive summary
** first ("it goes first in the documentation but write it last").
*/
#ifndef CC_BUSINESS_CASE_DOC_H
#define CC_BUSINESS_CASE_DOC_H
#include "db/db.h"
#include "domain/access.h"
#include "html/i18n.h"
#include <stdbool.h>

/* The seven parts in the order the documents print them (their fields:
** business_case_fields, src/domain/business_case.h). */
enum casedoc_part { CD_SUMMARY, CD_CASE, CD_OPTIONS, CD_IMPACT, CD_PROJECT, CD_RESOURCES, CD_PLAN, CD__NPART };

/* The catalogue key of a part's heading ("casedoc.part.case"...). */
const char *casedoc_part_key(enum casedoc_part);

struct casedoc_option {
  long long id;
  char *zTitle, *zDescription;
  bool bDoNothing, bPreferred, bCost;
  long long costPence;
  long long total;              /* Σ weight × score */
  int rank;                     /* 1: highest total (ties share a rank) */
};
struct casedoc_cost {
  char *zTitle, *zSource, *zSupplier;
  char zKind[12], zYear[8];
  long long lowPence, amountPence, highPence;
  long long commitmentId;       /* 0: none */
};
struct casedoc_objective { char *zText, *zMeasure, *zTarget, *zOwner; char zDue[11]; };
struct casedoc_risk { char *zDescription, *zMitigation, *zOwner; int likelihood, consequence; };

struct casedoc {
  long long id, unitId;
  char zUnitSlug[81];
  char *zUnitName, *zUnitNameCy;
  char *zTitle;
  char zState[28];
  bool bDemo;
  char *zConditions;
  char *zDecision;              /* the decision's words, or NULL */
  char zDecisionDate[11];       /* the date of its meeting, or "" */
  char *zMeeting;               /* the meeting's title, or NULL */
  char *zStartedFrom;           /* "O2 title" of the objective or the priority's title, or NULL */
  char **azText;                /* [business_case_nfield] (business_case.h): each field's body, "" when empty */
  struct casedoc_option *aOpt; int nOpt;
  char **azCrit; int *aWeight; int nCrit;
  int *aScore;                  /* [nOpt*nCrit], -1 where not scored */
  struct casedoc_cost *aCost; int nCost;
  long long lowTotal, costTotal, highTotal;
  struct casedoc_objective *aObj; int nObj;
  struct casedoc_risk *aRisk; int nRisk;
};

/* Case id into *d (every string allocated, freed by casedoc_free) when
** pUser may read its unit; false when it does not exist or may not be
** read. */
bool casedoc_load(struct db *, const struct user *pUser, long long id, const char *zToday, struct casedoc *d);
void casedoc_free(struct casedoc *d);

/* The state as the reader's words (casedoc.state.*). */
const char *casedoc_state_key(const char *zState);

#endif
