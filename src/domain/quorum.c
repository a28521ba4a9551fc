#include "domain/quorum.h"

void quorum_evaluate(const struct quorum_rule *p, const struct quorum_input *in,
                     struct quorum_result *out){
  int nVoting = in->nVotingMembers>0 ? in->nVotingMembers : 0;
  int nRequired = nVoting;
  if( p->kind==QUORUM_NUMBER && p->nNumber>0 ){
    nRequired = p->nNumber;
  }else if( p->kind==QUORUM_FRACTION && p->nDen>0 && p->nNum>0 && p->nNum<=p->nDen ){
    /* ceil(nVoting * nNum / nDen) in integers */
    nRequired = (nVoting*p->nNum + p->nDen - 1) / p->nDen;
  }
  if( nRequired<1 ) nRequired = 1;
  int nCount = in->nVotingPresent - in->nConflicted;
  if( nCount<0 ) nCount = 0;
  out->nRequired = nRequired;
  out->nPresentVoting = nCount;
  out->nVoting = nVoting;
  out->bNeedsChair = p->bRequireChair;
  out->bNeedsRoles = false;
  out->zWhyKey = 0;
  if( nCount<nRequired ) out->zWhyKey = "quorum.too_few";
  else if( p->bRequireChair && !in->bChairPresent ) out->zWhyKey = "quorum.no_chair";
  else if( in->bRolesMissing ) out->zWhyKey = "quorum.role_missing";
  out->bMet = out->zWhyKey==0;
}
