/*
** Terms of reference of a cluster or group, versioned: each save is a new
** version (an old one is never changed), with its audit entry, in one
** transaction. The quorum rule of a meeting follows the latest version
** agreed on or before the meeting date (meeting_quorum).
*/
#ifndef CC_TOR_H
#define CC_TOR_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/member.h"
#include <stdbool.h>

struct tor {
  long long id;
  long long unitId;
  int version;
  char zPurpose[2001];
  char zFrequency[201];
  char zQuorumKind[10];      /* number, fraction */
  int quorumNumber;          /* number: at least this many voting members */
  int quorumNum, quorumDen;  /* fraction */
  bool bRequiresChair;
  char zQuorumRoles[512];    /* role codes that must be present, comma-separated, or "" */
  char zChairSelection[2001];
  char zMinutesForm[10];     /* formal, notes, actions */
  char zAgreedOn[11];
  char zReviewDue[11];
  long long createdAt;
};
typedef void (*tor_cb)(void *pCtx, const struct tor *);

/* What the form sends. Text as typed. */
struct tor_input {
  const char *zPurpose;
  const char *zFrequency;
  const char *zQuorumKind;   /* "number" or "fraction" */
  const char *zQuorumNumber;
  const char *zQuorumNum, *zQuorumDen;
  const char *zRequiresChair;/* "yes" or "no" */
  const char *zQuorumRoles;  /* cluster_role codes, comma-separated; NULL or "" for none */
  const char *zChairSelection;
  const char *zMinutesForm;
  const char *zAgreedOn, *zReviewDue;  /* YYYY-MM-DD */
};

/* The newest version of unitId's terms of reference into *p; false when
** there is none (or on a database error). The caller has checked read
** access. */
bool tor_current(struct db *, long long unitId, struct tor *p);
/* Every version, newest first. Returns the count. The caller has checked
** read access. */
int tor_list(struct db *, long long unitId, tor_cb, void *pCtx);
/* Save a new version. Returns its id; 0 with *pErr for bad input (nothing
** written; "error.not_saved" when the database fails); -1 when pUser may
** not write the unit (checked here). Audited, in one transaction. */
long long tor_create_version(struct db *, const struct user *, long long unitId,
                             const struct tor_input *, const char *zToday,
                             struct field_errors *pErr);

#endif
