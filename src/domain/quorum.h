/*
** Quorum: is a meeting entitled to decide? A pure function of the terms
** of reference's rule and who is in the room, so it is tested without a
** database. Members who declared a conflict on the item being decided are
** out of the count (and out of the vote).
*/
#ifndef CC_QUORUM_H
#define CC_QUORUM_H
#include <stdbool.h>

enum quorum_kind { QUORUM_NUMBER = 0, QUORUM_FRACTION, QUORUM__MAX };

struct quorum_rule {
  enum quorum_kind kind;
  int nNumber;              /* QUORUM_NUMBER: at least this many voting members */
  int nNum, nDen;           /* QUORUM_FRACTION: at least nNum/nDen of voting members, rounded up */
  bool bRequireChair;       /* the chair or deputy chair must be present */
};

struct quorum_input {
  int nVotingMembers;       /* voting members of the group on the day */
  int nVotingPresent;       /* of them present in person, online, or by deputy */
  int nConflicted;          /* of those present, conflicted on this item */
  bool bChairPresent;       /* chair or deputy chair present (and not conflicted) */
  bool bRolesMissing;       /* a role the rule names has nobody sitting for it */
};

struct quorum_result {
  int nRequired;            /* voting members needed */
  int nPresentVoting;       /* voting members who count: present less conflicted */
  bool bMet;
  const char *zWhyKey;      /* translation key saying why not met, or NULL */
  int nVoting;              /* voting members of the group on the day */
  bool bNeedsChair;         /* the rule needs the chair or deputy chair */
  bool bNeedsRoles;         /* the rule names roles that must be present (meeting_quorum) */
};

/* Evaluate pIn against pRule. Never fails: an impossible rule (nDen 0,
** negative numbers) is treated as requiring every voting member. */
void quorum_evaluate(const struct quorum_rule *pRule, const struct quorum_input *pIn,
                     struct quorum_result *pOut);

#endif
