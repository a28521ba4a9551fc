/*
** The NHS 5x5 risk matrix (risk.h): score and band.
*/
#include "domain/risk.h"

int risk_score(int likelihood, int consequence){
  if( likelihood < 1 || likelihood > 5 || consequence < 1 || consequence > 5 ) return 0;
  return likelihood * consequence;
}

enum risk_level risk_level_of(int score){
  if( score < 1 || score > 25 ) return RISK_NONE;
  if( score <= 3 ) return RISK_LOW;
  if( score <= 6 ) return RISK_MODERATE;
  if( score <= 12 ) return RISK_HIGH;
  return RISK_EXTREME;
}

const char *risk_level_code(enum risk_level l){
  switch( l ){
    case RISK_LOW: return "low";
    case RISK_MODERATE: return "moderate";
    case RISK_HIGH: return "high";
    case RISK_EXTREME: return "extreme";
    default: return "";
  }
}

bool risk_over_tolerance(int residualScore, int tolerance){
  return residualScore > tolerance;
}
