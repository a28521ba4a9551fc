/*
** Elections: a vote on a list of candidates (electing the Cluster Lead
** as chair, say), named or secret, counted only from the voting members
** present and not conflicted on the item, and recorded as a decision
** (decision.is_election = 1) with each candidate's votes. A named ballot
** keeps who voted for whom (table ballot); a secret ballot keeps only
** the totals per candidate, never a voter, in the database or the audit
** log. The candidate with most votes is elected; a tie elects no one.
*/
#ifndef CC_ELECTION_H
#define CC_ELECTION_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/meeting.h"
#include "domain/member.h"
#include <stdbool.h>

#define ELECTION_MAX_CANDIDATES 32
#define ELECTION_MAX_BALLOTS 256
#define ELECTION_OFFICE_MAX 200

/* What the election form sends. Candidates are person ids. For a named
** ballot, aBallot gives each voter's choice (candidate person id, or 0
** to abstain); for a secret ballot, azTotal[i] is the typed total of
** aCandidate[i] and zAbstain the abstentions. */
struct election_input {
  const char *zOffice;                         /* "Cluster Lead (chair)"; required */
  const char *zKind;                           /* named, secret */
  int nCandidate;
  long long aCandidate[ELECTION_MAX_CANDIDATES];
  const char *azTotal[ELECTION_MAX_CANDIDATES];
  const char *zAbstain;
  int nBallot;
  struct { long long voterId; long long candidateId; } aBallot[ELECTION_MAX_BALLOTS];
  const char *zCorrectionReason;               /* needed once the meeting's minutes are approved */
};

/* Hold an election on item itemId (purpose 'decision', accepted) of
** meeting m. Refused (0 with *pErr, nothing written) without quorum for
** the item, when a candidate is not a member of the unit on the meeting
** date, when a ballot comes from a non-voter or a conflicted member, or
** twice from one voter, or when the totals exceed the voters present and
** not conflicted. Returns the decision's id; -1 without write access. */
long long election_record(struct db *, const struct user *, const struct meeting *m,
                          long long itemId, const struct election_input *, const char *zToday,
                          struct field_errors *pErr);

/* Who may stand: members of meeting m's unit on the meeting date, by
** name; returns how many. The caller has checked read access. The
** callback may run statements of its own. */
typedef void (*eligible_cb)(void *pCtx, long long personId, const char *zName);
int election_eligible(struct db *, const struct meeting *m, eligible_cb, void *pCtx);

/* The candidates of decision decisionId, most votes first; nothing when
** it is not an election. Returns how many. The caller has checked that
** the user may see the decision's item. */
struct candidate_result {
  long long personId;
  char zName[201];
  int nVotes;
  bool bElected;
};
typedef void (*candidate_cb)(void *pCtx, const struct candidate_result *);
int election_candidates(struct db *, long long decisionId, candidate_cb, void *pCtx);

/* A named election's ballots by voter name: zCandidate is "" for an
** abstention. Nothing for a secret ballot. Returns how many; access as
** election_candidates. */
typedef void (*ballot_cb)(void *pCtx, const char *zVoter, const char *zCandidate);
int election_ballots(struct db *, long long decisionId, ballot_cb, void *pCtx);

#endif
