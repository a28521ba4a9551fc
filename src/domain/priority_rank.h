/*
** Ranking priorities by weighted criteria, and how the order answers a
** change of one weight (the sensitivity view). Pure: no database, no
** allocation but what the caller hands in; tested in tests/unit/test_priority.c.
**
** The criteria, in this order (their codes are priority_weight.criterion
** and priority_score.criterion of migration 0016):
**   size        the size of the problem (how many people it touches)
**   gap         the gap to Wales (how far worse than the Welsh value)
**   inequality  inequality within the population
**   trend       the trend (getting worse scores high)
**   changeable  what the unit itself can change
**   alignment   alignment with national and health board priorities
** Each priority is scored 0 to 5 on each; each criterion weighs 0 to 10.
** The default weights, used where an assessment has not set its own:
** size 3, gap 3, inequality 2, trend 2, changeable 2, alignment 1. Size
** and gap weigh most because need is first of all how much and how far
** from the rest of Wales; alignment weighs least because a priority
** should come from the population's need, not from what others have
** already decided (it still breaks near ties towards shared work).
**
** The score of a priority is the sum over the criteria of score times
** weight (0 to 300). Priorities rank by that score, highest first; a tie
** is broken by title (byte order of the UTF-8 text, which is the order of
** the letters for English and Welsh titles without accents), then by id,
** so that the order is total and the same on every page and in every
** export. Ranks are positions 1..n: two priorities of the same score still
** get different ranks, and the page says when they are tied.
**
** Sensitivity: for one criterion, the ranks every priority would take at
** another weight of that criterion (typically 0 and 10) with the other
** weights unchanged; and the weights at which the priority that is first
** would no longer be first: the nearest below the current weight and the
** nearest above it (weights are whole numbers, so trying each of 0..10 is
** exact).
*/
#ifndef CC_PRIORITY_RANK_H
#define CC_PRIORITY_RANK_H
#include <stdbool.h>

#define PRIORITY_CRITERIA 6
#define PRIORITY_SCORE_MAX 5
#define PRIORITY_WEIGHT_MAX 10

enum priority_criterion { PRIORITY_SIZE = 0, PRIORITY_GAP, PRIORITY_INEQUALITY, PRIORITY_TREND,
                          PRIORITY_CHANGEABLE, PRIORITY_ALIGNMENT };
/* "size", "gap", "inequality", "trend", "changeable", "alignment". */
extern const char *const priority_criterion_code[PRIORITY_CRITERIA];
/* 3, 3, 2, 2, 2, 1 (see above). */
extern const int priority_default_weight[PRIORITY_CRITERIA];
/* The index of criterion code z, or -1. */
int priority_criterion_index(const char *z);

/* What ranking needs of a priority. */
struct priority_item {
  long long id;
  const char *zTitle;
  int aScore[PRIORITY_CRITERIA];   /* 0..5 */
};

/* The weighted score of aScore under aWeight. */
int priority_score(const int aScore[PRIORITY_CRITERIA], const int aWeight[PRIORITY_CRITERIA]);
/* True if item a comes before item b under aWeight (score, then title,
** then id). */
bool priority_before(const struct priority_item *a, const struct priority_item *b,
                     const int aWeight[PRIORITY_CRITERIA]);
/* Rank a[0..n) under aWeight: aOrder[k] is the index of the item in
** position k+1; aRank[i] (may be NULL) the rank (1..n) of item i. */
void priority_rank(const struct priority_item *a, int n, const int aWeight[PRIORITY_CRITERIA],
                   int *aOrder, int *aRank);
/* The ranks (1..n) of a[0..n) into aRank if criterion c weighed w and the
** others as in aWeight. */
void priority_ranks_at(const struct priority_item *a, int n, const int aWeight[PRIORITY_CRITERIA],
                       int c, int w, int *aRank);
/* The index of the first item under aWeight with criterion c at w; -1
** when n is 0. */
int priority_top_at(const struct priority_item *a, int n, const int aWeight[PRIORITY_CRITERIA], int c, int w);

/* Where the first place changes as criterion c's weight moves from its
** current value aWeight[c]. */
struct priority_turn {
  int below;        /* the highest weight under the current one at which another item is first; -1 none */
  int belowTop;     /* that item's index (-1 none) */
  int above;        /* the lowest weight over the current one at which another item is first; -1 none */
  int aboveTop;     /* that item's index (-1 none) */
};
void priority_turn_of(const struct priority_item *a, int n, const int aWeight[PRIORITY_CRITERIA], int c,
                      struct priority_turn *pOut);

#endif
