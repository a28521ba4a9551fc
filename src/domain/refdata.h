/*
** Reference data shipped in the binary (data/wales-clusters.csv): the
** nation, 7 health boards, 7 Regional Partnership Boards, 22 local
** authorities, a Pan Cluster Planning Group per county of each health
** board, and the 60 clusters with their GP practices and registered
** patients, each with its English and its official Welsh name. And the
** demonstration data that `init --demo` adds.
*/
#ifndef CC_REFDATA_H
#define CC_REFDATA_H
#include "db/db.h"
#include <stdbool.h>

/* Fields of a line of data/wales-clusters.csv: health_board,
** local_authority, regional_partnership_board, cluster, gp_practices,
** registered_patients_2024_04, then the Welsh names health_board_cy,
** local_authority_cy, regional_partnership_board_cy, cluster_cy. */
#define REFDATA_CSV_FIELDS 10
/* The date from which the shipped structure is recorded as valid. */
#define REFDATA_VALID_FROM "2024-04-01"
/* The password every demonstration user has. */
#define REFDATA_DEMO_PASSWORD "demo-password-2026"

/* Load the Wales structure into an empty database in one transaction.
** False with a message on stderr. */
bool refdata_load_wales(struct db *);
/* Add demonstration people, memberships, collaboratives, practices and
** users in clusters of two health boards, after refdata_load_wales.
** Prints the sign-in details unless bQuiet. False with a message on
** stderr. */
bool refdata_load_demo(struct db *, bool bQuiet);

/* Split one CSV line (no embedded newlines) into at most nMax fields,
** in place. Fields may be "quoted" with "" for a quote. Returns the
** field count, or -1 for an unterminated quote. */
int refdata_csv_split(char *zLine, char **azField, int nMax);

#endif
