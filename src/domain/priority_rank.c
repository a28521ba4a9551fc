/* Ranking priorities and the sensitivity of the order (priority_rank.h). */
#include "domain/priority_rank.h"
#include <string.h>

const char *const priority_criterion_code[PRIORITY_CRITERIA] = {
  "size", "gap", "inequality", "trend", "changeable", "alignment"
};
const int priority_default_weight[PRIORITY_CRITERIA] = { 3, 3, 2, 2, 2, 1 };

int priority_criterion_index(const char *z){
  for(int i=0; z && i<PRIORITY_CRITERIA; i++) if( strcmp(z, priority_criterion_code[i])==0 ) return i;
  return -1;
}

int priority_score(const int aScore[PRIORITY_CRITERIA], const int aWeight[PRIORITY_CRITERIA]){
  int s = 0;
  for(int i=0; i<PRIORITY_CRITERIA; i++) s += aScore[i]*aWeight[i];
  return s;
}

bool priority_before(const struct priority_item *a, const struct priority_item *b,
                     const int aWeight[PRIORITY_CRITERIA]){
  int sa = priority_score(a->aScore, aWeight), sb = priority_score(b->aScore, aWeight);
  if( sa!=sb ) return sa>sb;
  int c = strcmp(a->zTitle ? a->zTitle : "", b->zTitle ? b->zTitle : "");
  if( c!=0 ) return c<0;
  return a->id<b->id;
}

void priority_rank(const struct priority_item *a, int n, const int aWeight[PRIORITY_CRITERIA],
                   int *aOrder, int *aRank){
  /* Insertion sort: a needs assessment has a handful of priorities. */
  for(int i=0; i<n; i++){
    int k = i;
    while( k>0 && priority_before(&a[i], &a[aOrder[k-1]], aWeight) ){ aOrder[k] = aOrder[k-1]; k--; }
    aOrder[k] = i;
  }
  if( aRank ) for(int k=0; k<n; k++) aRank[aOrder[k]] = k+1;
}

void priority_ranks_at(const struct priority_item *a, int n, const int aWeight[PRIORITY_CRITERIA],
                       int c, int w, int *aRank){
  int aW[PRIORITY_CRITERIA];
  memcpy(aW, aWeight, sizeof aW);
  aW[c] = w;
  for(int i=0; i<n; i++){
    int r = 1;
    for(int j=0; j<n; j++) if( j!=i && priority_before(&a[j], &a[i], aW) ) r++;
    aRank[i] = r;
  }
}

int priority_top_at(const struct priority_item *a, int n, const int aWeight[PRIORITY_CRITERIA], int c, int w){
  int aW[PRIORITY_CRITERIA];
  memcpy(aW, aWeight, sizeof aW);
  aW[c] = w;
  int top = -1;
  for(int i=0; i<n; i++) if( top<0 || priority_before(&a[i], &a[top], aW) ) top = i;
  return top;
}

void priority_turn_of(const struct priority_item *a, int n, const int aWeight[PRIORITY_CRITERIA], int c,
                      struct priority_turn *p){
  p->below = p->belowTop = p->above = p->aboveTop = -1;
  if( n<2 ) return;
  int now = aWeight[c];
  int top = priority_top_at(a, n, aWeight, c, now);
  for(int w=now-1; w>=0; w--){
    int t = priority_top_at(a, n, aWeight, c, w);
    if( t!=top ){ p->below = w; p->belowTop = t; break; }
  }
  for(int w=now+1; w<=PRIORITY_WEIGHT_MAX; w++){
    int t = priority_top_at(a, n, aWeight, c, w);
    if( t!=top ){ p->above = w; p->aboveTop = t; break; }
  }
}
