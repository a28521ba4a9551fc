/* Business cases: the parts and their fields, the checks before
** submission and the appraisal (see business_case.h). Pure: no I/O. */
#include "domain/business_case.h"
#include "domain/plan.h"
#include <string.h>

static const char *const azPart[CASE_PART__N] = {
  "case", "options", "impact", "project", "resources", "plan", "summary"
};

const struct case_field business_case_fields[] = {
  {"case.problem", CASE_PART_CASE},
  {"case.evidence", CASE_PART_CASE},
  {"case.alignment", CASE_PART_CASE},
  {"options.notes", CASE_PART_OPTIONS},
  {"impact.impact", CASE_PART_IMPACT},
  {"impact.outcomes", CASE_PART_IMPACT},
  {"impact.elsewhere", CASE_PART_IMPACT},
  {"impact.quantified", CASE_PART_IMPACT},
  {"impact.evidence", CASE_PART_IMPACT},
  {"project.scope", CASE_PART_PROJECT},
  {"project.goal", CASE_PART_PROJECT},
  {"project.duration", CASE_PART_PROJECT},
  {"project.included", CASE_PART_PROJECT},
  {"project.excluded", CASE_PART_PROJECT},
  {"project.opportunity_cost", CASE_PART_PROJECT},
  {"resources.notes", CASE_PART_RESOURCES},
  {"plan.aim", CASE_PART_PLAN},
  {"plan.scope", CASE_PART_PLAN},
  {"plan.schedule", CASE_PART_PLAN},
  {"plan.deliverables", CASE_PART_PLAN},
  {"plan.milestones", CASE_PART_PLAN},
  {"plan.measures", CASE_PART_PLAN},
  {"plan.communication", CASE_PART_PLAN},
  {"plan.staff", CASE_PART_PLAN},
  {"plan.dependencies", CASE_PART_PLAN},
  {"summary.summary", CASE_PART_SUMMARY},
};
const int business_case_nfield = (int)(sizeof business_case_fields / sizeof business_case_fields[0]);

const char *business_case_part_code(int iPart){
  return iPart>=0 && iPart<CASE_PART__N ? azPart[iPart] : 0;
}

int business_case_part_of(const char *z){
  if( !z ) return -1;
  for(int i=0; i<CASE_PART__N; i++) if( strcmp(z, azPart[i])==0 ) return i;
  return -1;
}

static int add(struct case_check *a, int nMax, int n, enum case_check_code code, int iPart, int iObj,
               unsigned gaps){
  if( n<nMax ){ a[n].code = code; a[n].iPart = iPart; a[n].iObjective = iObj; a[n].gaps = gaps; }
  return n+1;
}

int business_case_checks(const struct case_check_input *p, struct case_check *a, int nMax){
  int n = 0;
  for(int i=0; i<CASE_PART__N; i++){
    bool bFilled = p->abPartText[i];
    if( i==CASE_PART_OPTIONS && p->nOptions>(p->bDoNothing ? 1 : 0) ) bFilled = true;
    if( i==CASE_PART_PROJECT && p->nRisks>0 ) bFilled = true;
    if( i==CASE_PART_RESOURCES && p->nCosts>0 ) bFilled = true;
    if( i==CASE_PART_PLAN && p->nObjectives>0 ) bFilled = true;
    if( !bFilled ) n = add(a, nMax, n, CASE_CHECK_EMPTY_PART, i, 0, 0);
    if( i==CASE_PART_OPTIONS ){
      if( !p->bDoNothing ) n = add(a, nMax, n, CASE_CHECK_NO_DO_NOTHING, i, 0, 0);
      if( !p->bPreferred ) n = add(a, nMax, n, CASE_CHECK_NO_PREFERRED, i, 0, 0);
    }
    if( i==CASE_PART_RESOURCES && p->bPreferred
     && (!p->bPreferredCost || p->preferredCostPence!=p->costExpectedPence) ){
      n = add(a, nMax, n, CASE_CHECK_COSTS_DIFFER, i, 0, 0);
    }
    if( i==CASE_PART_PLAN ){
      if( p->nObjectives==0 ) n = add(a, nMax, n, CASE_CHECK_NO_OBJECTIVE, i, 0, 0);
      int nObj = p->nObjectives<CASE_MAX_OBJECTIVES ? p->nObjectives : CASE_MAX_OBJECTIVES;
      for(int k=0; k<nObj; k++){
        if( p->aObjectiveGaps[k] ) n = add(a, nMax, n, CASE_CHECK_NOT_SMART, i, k+1, p->aObjectiveGaps[k]);
      }
    }
  }
  return n;
}

bool business_case_cost_ok(long long low, long long expected, long long high){
  return low>=0 && low<=expected && expected<=high;
}

static void rank_of(int nOpt, const long long *aTotal, int *aRank){
  for(int o=0; o<nOpt; o++){
    int r = 1;
    for(int k=0; k<nOpt; k++) if( aTotal[k]>aTotal[o] ) r++;
    aRank[o] = r;
  }
}

static void totals(int nOpt, int nCrit, const int *aWeight, const int *aScore, int iCrit, int weight,
                   long long *aTotal){
  for(int o=0; o<nOpt; o++){
    long long t = 0;
    for(int c=0; c<nCrit; c++){
      int s = aScore[o*nCrit+c];
      int w = c==iCrit ? weight : aWeight[c];
      if( s>0 ) t += (long long)w*s;
    }
    aTotal[o] = t;
  }
}

void business_case_appraise(int nOpt, int nCrit, const int *aWeight, const int *aScore,
                            long long *aTotal, int *aRank){
  totals(nOpt, nCrit, aWeight, aScore, -1, 0, aTotal);
  rank_of(nOpt, aTotal, aRank);
}

void business_case_rank_with(int nOpt, int nCrit, const int *aWeight, const int *aScore, int iCrit,
                             int weight, int *aRank){
  long long aTotal[CASE_MAX_OPTIONS];
  if( nOpt>CASE_MAX_OPTIONS ) nOpt = CASE_MAX_OPTIONS;
  totals(nOpt, nCrit, aWeight, aScore, iCrit, weight, aTotal);
  rank_of(nOpt, aTotal, aRank);
}
