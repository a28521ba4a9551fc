/*
** Demonstration history for `init --demo`: a year of meetings for a
** cluster, entered through the same domain rules as the web forms: terms
** of reference, agendas, attendance, declarations, decisions with votes,
** minutes, and open and closed actions.
*/
#ifndef CC_DEMO_H
#define CC_DEMO_H
#include "db/db.h"
#include <stdbool.h>

/* Twelve monthly meetings of cluster zSlug around today: eleven held,
** the next one scheduled. False with a message on stderr. */
bool demo_meetings(struct db *, const char *zSlug);
/* A quality improvement project for cluster zSlug (src/domain/demo_qi.c).
** False with a message on stderr. */
bool demo_qi(struct db *, const char *zSlug);
/* Sixteen population-health indicators in the catalogue and five years
** of their values for the 60 clusters, the health boards and Wales,
** marked as demonstration data (src/domain/demo_indicators.c). False
** with a message on stderr. */
bool demo_indicators(struct db *);
/* References to align with (IMTP objectives, area plan priorities, ACD
** outcomes, national priorities), a Pan Cluster Planning Group's plan, and
** for the two demonstration clusters a needs assessment, priorities and
** an agreed plan with its progress, all marked as demonstration data
** (src/domain/demo_plan.c). After demo_indicators. False with a message
** on stderr. */
bool demo_plan(struct db *);
/* Allocations, budget lines, commitments under the example Standing
** Financial Instructions, spend and two business cases (one approved by
** a decision of the Pan Cluster Planning Group, one draft) for the two
** demonstration clusters (src/domain/demo_finance.c). After demo_plan.
** False with a message on stderr. */
bool demo_finance(struct db *);
/* Projects: cardiff-south-west's approved business case carried into a
** project in Deliver (gates, milestones, risks, an exception report, a
** logic model tied to a QI measure, an evaluation with a first
** measurement), and afan's project started directly, in Initiate
** (src/domain/demo_projects.c). After demo_finance. False with a message
** on stderr. */
bool demo_projects(struct db *);

/* Shared by the demonstration writers (src/domain/demo_common.c): the
** id a one-row statement answers (then done; 0 for none); the user of an
** e-mail address; the person holding role zRole in a unit (the first
** made); "2026-05-12T13:30" or "2026-05-12" as seconds since 1970 (UTC). */
long long demo_row_id(struct stmt *);
long long demo_user_id(struct db *, const char *zEmail);
long long demo_person_in_role(struct db *, long long unitId, const char *zRole);
long long demo_epoch_of(const char *z);

#endif
