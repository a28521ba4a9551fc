/*
** The economic evaluation of a project, pure (no database): each
** benefit's present value by Social Value UK's method (a year's gross
** value = quantity x financial proxy; less deadweight, attribution and
** displacement; falling by the drop-off each year after its first),
** discounted at the HM Treasury Green Book's 3.5% (year 0 undiscounted);
** the return on investment from the cash-releasing benefits; the social
** return on investment from all of them; and the sensitivity range of
** the SROI. Money is whole pence; present values are rounded to whole
** pence (half away from zero) for each benefit.
*/
#ifndef CC_EVALUATION_ECON_H
#define CC_EVALUATION_ECON_H
#include <stdbool.h>
#include <stddef.h>

#define EVAL_DISCOUNT_RATE 0.035

enum benefit_kind { BENEFIT_CASH = 0, BENEFIT_NON_CASH, BENEFIT_SOCIAL, BENEFIT__N };
/* "cash_releasing", "non_cash", "social"; NULL out of range. */
const char *benefit_kind_code(int k);
int benefit_kind_of(const char *z);     /* -1 for none */

struct econ_benefit {
  int kind;                       /* enum benefit_kind */
  double quantity;                /* units of the outcome a year */
  long long proxyPence;           /* the financial proxy of one unit */
  long long proxyLowPence, proxyHighPence;  /* -1: the proxy itself */
  int deadweightPct, attributionPct, displacementPct, dropOffPct;
  int startYear;                  /* 0: the project's first year */
  int durationYears;              /* 1.. */
};

/* The Green Book discount factor of year t: 1 / 1.035^t (1 for t <= 0). */
double econ_discount_factor(int t);
/* The present value in pence of benefit b with the proxy, deadweight,
** attribution, displacement and drop-off given (percent, each clamped to
** 0..100): the sum over its years t = start .. start+duration-1 of
** quantity x proxy x (1-dw)(1-attr)(1-disp) x (1-drop)^(t-start) /
** 1.035^t, rounded to whole pence. */
long long econ_benefit_pv_with(const struct econ_benefit *b, long long proxyPence, int dw, int attr,
                               int disp, int drop);
/* The same with b's own figures. */
long long econ_benefit_pv(const struct econ_benefit *b);

/* The whole evaluation. */
struct econ_result {
  long long costPence;            /* the spend from the ledger (year 0) */
  long long benefitsPv;           /* Σ PV of every benefit */
  long long cashReleasingPv;      /* Σ PV of the cash-releasing ones */
  bool bRatios;                   /* cost > 0: the ratios below are set */
  double roi;                     /* (cashReleasingPv - cost) / cost */
  double sroi;                    /* benefitsPv / cost */
  double sroiLow, sroiHigh;       /* the lowest and highest SROI of the sensitivity cases */
  /* which case gave them: "deadweight", "attribution", "displacement",
  ** "drop_off", "proxy" with "up"/"down"/"low"/"high"; "" = the base */
  const char *zLowWhat, *zLowDir, *zHighWhat, *zHighDir;
};
/* Compute it for n benefits and costPence. Sensitivity: the SROI with each
** of deadweight, attribution, displacement and drop-off 10 percentage
** points lower and higher for every benefit (bounded 0..100), and with
** every proxy at its low and at its high; the range is the lowest and the
** highest of those and the base. */
void econ_evaluate(const struct econ_benefit *a, size_t n, long long costPence, struct econ_result *r);

#endif
