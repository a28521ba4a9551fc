/*
** Demonstration indicators for `init --demo`: sixteen indicators shaped
** like Public Health Wales's primary care cluster profiles (proportions,
** crude rates, rates standardised for age directly and indirectly, a
** count), in English and Welsh, with five financial years of values for
** each of the 60 clusters; the health boards and Wales are computed from
** their clusters as an import computes them. Every value is marked as
** demonstration data (indicator_value.demo), for pages and exports to
** label.
**
** The figures are made up, but made up to look like the real ones: each
** cluster has a level of deprivation and an age structure of its own
** (its registered patients, from data/wales-clusters.csv, shared among
** the 19 age bands of the 2013 European Standard Population), and each
** indicator a Welsh level, a gradient with deprivation and age, a trend,
** a dip in the first pandemic year for the use of services, and a spread
** between clusters; so some clusters come out significantly better or
** worse than Wales and their health board, and others not. Every number
** comes from a hash of the indicator's code, the cluster's slug and the
** year (splitmix64), never from rand() or the order rows are made in:
** the same on every machine, database and run.
*/
#include "domain/demo.h"
#include "domain/indicator.h"
#include "util/buf.h"
#include "util/text.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YEARS 5
#define FIRST_YEAR 2019          /* 2019/20 ... 2023/24 */

/* ---- numbers from hashes ------------------------------------------------------ */

static uint64_t splitmix(uint64_t x){
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x>>30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x>>27)) * 0x94D049BB133111EBull;
  return x ^ (x>>31);
}
static uint64_t hash_text(uint64_t h, const char *z){
  h ^= 0xcbf29ce484222325ull;
  for(; *z; z++){ h ^= (unsigned char)*z; h *= 0x100000001b3ull; }
  return splitmix(h);
}
/* A stream of numbers for (zA, zB, k). */
struct rng { uint64_t s; };
static struct rng rng_for(const char *zA, const char *zB, int k){
  struct rng r = { splitmix(hash_text(hash_text((uint64_t)k, zA), zB)) };
  return r;
}
static double uniform(struct rng *r){
  r->s = splitmix(r->s);
  return (double)(r->s>>11) * (1.0/9007199254740992.0);
}
/* Roughly standard normal: the sum of 12 uniforms less 6 (Irwin-Hall),
** plain arithmetic, so the same bits everywhere. */
static double normal(struct rng *r){
  double s = 0;
  for(int i=0; i<12; i++) s += uniform(r);
  return s-6;
}
static double logit(double p){ return log(p/(1-p)); }
static double inv_logit(double x){ return 1/(1+exp(-x)); }

/* ---- clusters -------------------------------------------------------------------- */

/* The share of registered patients in each band (Wales, about 2024). */
static const double aBase[INDICATOR_BANDS] = {
  5.0, 5.6, 5.9, 5.8, 6.4, 6.3, 6.3, 6.1, 5.8, 5.9, 6.9, 7.0, 6.4, 5.6, 5.4, 4.4, 2.9, 1.7, 0.9 };

struct cluster {
  long long id;
  char zSlug[81];
  double population;            /* registered patients, April 2024 */
  double dep;                   /* deprivation, standard deviations from Wales */
  double age;                   /* how much older than Wales */
  double aPop[YEARS][INDICATOR_BANDS];
};

/* Clusters the demonstration users belong to, with their real character:
** both are among the more deprived. */
static const struct { const char *zSlug; double dep; } aKnown[] = {
  { "cardiff-south-west", 1.5 }, { "afan", 1.2 },
};

static void cluster_make(struct cluster *c){
  struct rng r = rng_for("cluster", c->zSlug, 0);
  c->dep = normal(&r);
  if( c->dep<-2.2 ) c->dep = -2.2;
  if( c->dep>2.5 ) c->dep = 2.5;
  for(size_t i=0; i<sizeof aKnown/sizeof aKnown[0]; i++){
    if( strcmp(aKnown[i].zSlug, c->zSlug)==0 ) c->dep = aKnown[i].dep;
  }
  c->age = 0.8*normal(&r) - 0.3*c->dep;
  double aW[INDICATOR_BANDS], sum = 0;
  for(int b=0; b<INDICATOR_BANDS; b++){
    aW[b] = aBase[b]*exp(c->age*0.14*(b-9)/9.0);
    sum += aW[b];
  }
  for(int y=0; y<YEARS; y++){
    /* About 0.4% more patients a year, to 2024. */
    double total = c->population*(1 - 0.004*(FIRST_YEAR+YEARS-y-FIRST_YEAR));
    for(int b=0; b<INDICATOR_BANDS; b++){
      double v = round(total*aW[b]/sum);
      c->aPop[y][b] = v<1 ? 1 : v;
    }
  }
}

static double pop_sum(const struct cluster *c, int y, int first, int last){
  double s = 0;
  for(int b=first; b<=last; b++) s += c->aPop[y][b];
  return s;
}

/* ---- the indicators ---------------------------------------------------------------- */

enum model { M_PROPORTION, M_RATE, M_BANDS, M_DEPRIVED, M_OLDER, M_COUNT };

struct demo_ind {
  const char *zCode;
  const char *azText[8];        /* name, numerator, denominator: en, cy each; source; "" */
  const char *zKind, *zMultiplier, *zPolarity, *zPeriodType, *zAgeFrom, *zAgeTo;
  enum model model;
  double level;                 /* Wales: a proportion, a rate per person a year, or a scale of aRate */
  double depEffect;             /* on the log (odds) scale, per standard deviation of deprivation */
  double ageEffect;             /* the same, per unit of age structure */
  double spread;                /* between clusters, on the same scale */
  double trend;                 /* a year, on the same scale */
  double covid;                 /* the factor in 2020/21 */
  const double *aRate;          /* M_BANDS: a rate a year by band */
  int denominator;              /* what the denominator is (below) */
};

enum { D_ALL, D_16, D_17, D_CHILD5, D_65, D_WOMEN25, D_STARPU };

static const double aEmergency[INDICATOR_BANDS] = {
  0.090, 0.035, 0.035, 0.050, 0.060, 0.060, 0.060, 0.065, 0.070, 0.075,
  0.085, 0.100, 0.120, 0.150, 0.190, 0.250, 0.330, 0.420, 0.550 };
static const double aMortality[INDICATOR_BANDS] = {
  0.0008, 0.0001, 0.0001, 0.0003, 0.0004, 0.0005, 0.0007, 0.0010, 0.0015, 0.0023,
  0.0035, 0.0055, 0.0085, 0.0130, 0.0210, 0, 0, 0, 0 };
static const double aCopd[INDICATOR_BANDS] = {
  0, 0, 0, 0, 0, 0, 0, 0.0002, 0.0004, 0.0008,
  0.0015, 0.0028, 0.0045, 0.0070, 0.0100, 0.0130, 0.0150, 0.0160, 0.0150 };
static const double aAcsc[INDICATOR_BANDS] = {
  0.0200, 0.0060, 0.0050, 0.0060, 0.0070, 0.0070, 0.0075, 0.0080, 0.0090, 0.0100,
  0.0120, 0.0150, 0.0190, 0.0240, 0.0320, 0.0440, 0.0600, 0.0750, 0.0900 };

static const char zQof[] = "Quality and Outcomes Framework disease registers, GP practices in Wales (demonstration figures)";
static const char zPhw[] = "Public Health Wales, primary care cluster profiles (demonstration figures)";

static const struct demo_ind aInd[] = {
  { "deprivation_share", {
      "Population living in the most deprived fifth of areas in Wales (WIMD 2019)",
      "Poblogaeth sy'n byw yn y pumed mwyaf difreintiedig o ardaloedd Cymru (MALlC 2019)",
      "Registered patients living in lower super output areas in the most deprived 20% of the Welsh Index of Multiple Deprivation 2019",
      "Cleifion cofrestredig sy'n byw mewn ardaloedd cynnyrch ehangach haen is yn yr 20% mwyaf difreintiedig ym Mynegai Amddifadedd Lluosog Cymru 2019",
      "Registered patients", "Cleifion cofrestredig",
      "Welsh Index of Multiple Deprivation 2019 and GP practice populations (demonstration figures)", "" },
    "proportion", "100", "neither", "financial_year", "", "", M_DEPRIVED, 0.2, 1.1, 0, 0.3, 0, 1, 0, D_ALL },
  { "population_65plus", {
      "Population aged 65 and over", "Poblogaeth 65 oed a throsodd",
      "Registered patients aged 65 and over", "Cleifion cofrestredig 65 oed a throsodd",
      "Registered patients", "Cleifion cofrestredig",
      "GP practice populations by age (demonstration figures)", "" },
    "proportion", "100", "neither", "financial_year", "", "", M_OLDER, 0, 0, 0, 0, 0, 1, 0, D_ALL },
  { "smoking_prevalence", {
      "Smoking prevalence, adults aged 16 and over", "Cyffredinrwydd ysmygu, oedolion 16 oed a throsodd",
      "Registered patients aged 16 and over recorded as current smokers",
      "Cleifion cofrestredig 16 oed a throsodd a gofnodwyd fel ysmygwyr presennol",
      "Registered patients aged 16 and over", "Cleifion cofrestredig 16 oed a throsodd", zPhw, "" },
    "proportion", "100", "lower_better", "financial_year", "", "", M_PROPORTION, 0.16, 0.22, 0, 0.10, -0.03, 1, 0, D_16 },
  { "obesity_prevalence", {
      "Obesity prevalence, adults aged 16 and over (QOF register)",
      "Cyffredinrwydd gordewdra, oedolion 16 oed a throsodd (cofrestr QOF)",
      "Patients aged 16 and over on the obesity register (body mass index 30 or more)",
      "Cleifion 16 oed a throsodd ar y gofrestr gordewdra (mynegai màs y corff 30 neu fwy)",
      "Registered patients aged 16 and over", "Cleifion cofrestredig 16 oed a throsodd", zQof, "" },
    "proportion", "100", "lower_better", "financial_year", "", "", M_PROPORTION, 0.125, 0.20, 0.05, 0.12, 0.02, 1, 0, D_16 },
  { "diabetes_prevalence", {
      "Diabetes prevalence, aged 17 and over (QOF register)",
      "Cyffredinrwydd diabetes, 17 oed a throsodd (cofrestr QOF)",
      "Patients aged 17 and over on the diabetes register", "Cleifion 17 oed a throsodd ar y gofrestr diabetes",
      "Registered patients aged 17 and over", "Cleifion cofrestredig 17 oed a throsodd", zQof, "" },
    "proportion", "100", "neither", "financial_year", "", "", M_PROPORTION, 0.078, 0.12, 0.10, 0.10, 0.015, 1, 0, D_17 },
  { "hypertension_prevalence", {
      "Hypertension prevalence, all ages (QOF register)", "Cyffredinrwydd gorbwysedd, pob oed (cofrestr QOF)",
      "Patients on the hypertension register", "Cleifion ar y gofrestr gorbwysedd",
      "Registered patients", "Cleifion cofrestredig", zQof, "" },
    "proportion", "100", "neither", "financial_year", "", "", M_PROPORTION, 0.157, 0.05, 0.15, 0.07, 0.005, 1, 0, D_ALL },
  { "dementia_register", {
      "People on the dementia register (QOF)", "Pobl ar y gofrestr dementia (QOF)",
      "Patients on the dementia register", "Cleifion ar y gofrestr dementia", "", "", zQof, "" },
    "count", "1", "neither", "financial_year", "", "", M_COUNT, 0.04, 0.05, 0.10, 0.10, 0.01, 1, 0, D_65 },
  { "mmr2_uptake_age5", {
      "Childhood immunisation: two doses of MMR by age 5", "Imiwneiddio plant: dau ddos o MMR erbyn 5 oed",
      "Children reaching their fifth birthday in the year who have had two doses of MMR vaccine",
      "Plant a gyrhaeddodd eu pen-blwydd yn bump oed yn ystod y flwyddyn ac a gafodd ddau ddos o'r brechlyn MMR",
      "Children reaching their fifth birthday in the year", "Plant a gyrhaeddodd eu pen-blwydd yn bump oed yn ystod y flwyddyn",
      "Public Health Wales, COVER childhood immunisation reports (demonstration figures)", "" },
    "proportion", "100", "higher_better", "financial_year", "", "", M_PROPORTION, 0.91, -0.25, 0, 0.25, -0.02, 1, 0, D_CHILD5 },
  { "flu_uptake_65plus", {
      "Flu vaccine uptake, aged 65 and over", "Cyfradd derbyn brechlyn y ffliw, 65 oed a throsodd",
      "Registered patients aged 65 and over vaccinated against flu in the season",
      "Cleifion cofrestredig 65 oed a throsodd a gafodd eu brechu rhag y ffliw yn ystod y tymor",
      "Registered patients aged 65 and over", "Cleifion cofrestredig 65 oed a throsodd",
      "Public Health Wales, influenza vaccine uptake in primary care (demonstration figures)", "" },
    "proportion", "100", "higher_better", "financial_year", "65", "", M_PROPORTION, 0.75, -0.20, 0, 0.15, -0.01, 1.15, 0, D_65 },
  { "cervical_screening", {
      "Cervical screening coverage, women aged 25 to 64", "Cwmpas sgrinio serfigol, menywod 25 i 64 oed",
      "Eligible women aged 25 to 64 screened adequately within the recommended interval (3.5 years to age 49, 5.5 years from 50)",
      "Menywod cymwys 25 i 64 oed a gafodd brawf sgrinio digonol o fewn yr egwyl a argymhellir (3.5 mlynedd hyd at 49 oed, 5.5 mlynedd o 50 oed)",
      "Eligible women aged 25 to 64", "Menywod cymwys 25 i 64 oed",
      "Public Health Wales, Cervical Screening Wales (demonstration figures)", "" },
    "proportion", "100", "higher_better", "financial_year", "25", "65", M_PROPORTION, 0.69, -0.15, 0, 0.12, -0.02, 1, 0, D_WOMEN25 },
  { "emergency_admissions", {
      "Emergency admissions to hospital, all ages, age-standardised rate per 100,000",
      "Derbyniadau brys i'r ysbyty, pob oed, cyfradd wedi'i safoni yn ôl oedran fesul 100,000",
      "Emergency admissions to hospital of registered patients, by age band",
      "Derbyniadau brys i'r ysbyty o blith cleifion cofrestredig, fesul band oedran",
      "Registered patients, by age band", "Cleifion cofrestredig, fesul band oedran",
      "Patient Episode Database for Wales (demonstration figures)", "" },
    "dsr", "100000", "lower_better", "financial_year", "", "", M_BANDS, 1, 0.15, 0, 0.10, 0.01, 0.85, aEmergency, D_ALL },
  { "ambulatory_care_sar", {
      "Emergency admissions for conditions usually managed outside hospital, standardised admission ratio (Wales = 100)",
      "Derbyniadau brys am gyflyrau a reolir fel arfer y tu allan i'r ysbyty, cymhareb derbyniadau safonedig (Cymru = 100)",
      "Emergency admissions for ambulatory care sensitive conditions (usually managed in primary care), by age band",
      "Derbyniadau brys am gyflyrau a reolir fel arfer mewn gofal sylfaenol, fesul band oedran",
      "Registered patients, by age band; the expected admissions come from the rates of Wales",
      "Cleifion cofrestredig, fesul band oedran; daw'r derbyniadau disgwyliedig o gyfraddau Cymru",
      "Patient Episode Database for Wales (demonstration figures)", "" },
    "isr", "100", "lower_better", "financial_year", "", "", M_BANDS, 1, 0.22, 0, 0.12, 0, 0.8, aAcsc, D_ALL },
  { "copd_admissions", {
      "Emergency admissions for COPD, aged 35 and over, age-standardised rate per 100,000",
      "Derbyniadau brys am glefyd rhwystrol cronig yr ysgyfaint (COPD), 35 oed a throsodd, cyfradd wedi'i safoni yn ôl oedran fesul 100,000",
      "Emergency admissions with COPD as the main diagnosis, patients aged 35 and over, by age band",
      "Derbyniadau brys gyda COPD yn brif ddiagnosis, cleifion 35 oed a throsodd, fesul band oedran",
      "Registered patients aged 35 and over, by age band", "Cleifion cofrestredig 35 oed a throsodd, fesul band oedran",
      "Patient Episode Database for Wales (demonstration figures)", "" },
    "dsr", "100000", "lower_better", "financial_year", "35", "", M_BANDS, 1, 0.45, 0, 0.15, -0.02, 0.75, aCopd, D_ALL },
  { "ae_attendances", {
      "Emergency department attendances, crude rate per 1,000 patients",
      "Ymweliadau ag adrannau achosion brys, cyfradd grai fesul 1,000 o gleifion",
      "Attendances at emergency departments and minor injury units by registered patients",
      "Ymweliadau cleifion cofrestredig ag adrannau achosion brys ac unedau mân anafiadau",
      "Registered patients", "Cleifion cofrestredig",
      "Emergency Department Data Set, NHS Wales (demonstration figures)", "" },
    "crude_rate", "1000", "lower_better", "financial_year", "", "", M_RATE, 0.31, 0.15, 0, 0.12, 0.02, 0.75, 0, D_ALL },
  { "antibiotic_items", {
      "Antibacterial items prescribed per 1,000 STAR-PU", "Eitemau gwrthfacterol a ragnodwyd fesul 1,000 STAR-PU",
      "Antibacterial items prescribed in general practice", "Eitemau gwrthfacterol a ragnodwyd mewn practisau cyffredinol",
      "Specific therapeutic group age-sex related prescribing units (STAR-PU) for antibacterials",
      "Unedau rhagnodi STAR-PU (yn ôl oed a rhyw) ar gyfer gwrthfacterolion",
      "NHS Wales Shared Services Partnership, prescribing data (demonstration figures)", "" },
    "crude_rate", "1000", "lower_better", "financial_year", "", "", M_RATE, 0.36, 0.10, 0, 0.10, -0.03, 0.8, 0, D_STARPU },
  { "premature_mortality", {
      "Deaths under 75 from all causes, age-standardised rate per 100,000 (three years)",
      "Marwolaethau o dan 75 oed o bob achos, cyfradd wedi'i safoni yn ôl oedran fesul 100,000 (tair blynedd)",
      "Deaths of registered patients aged under 75 in the three years, by age band",
      "Marwolaethau cleifion cofrestredig o dan 75 oed yn y tair blynedd, fesul band oedran",
      "Registered patients aged under 75, person-years over the three years, by age band",
      "Cleifion cofrestredig o dan 75 oed, blynyddoedd-person dros y tair blynedd, fesul band oedran",
      "Office for National Statistics, deaths registered in Wales (demonstration figures)", "" },
    "dsr", "100000", "lower_better", "rolling_3_years", "0", "75", M_BANDS, 1, 0.30, 0, 0.10, -0.01, 1.05, aMortality, D_ALL },
};
#define N_IND (sizeof aInd/sizeof aInd[0])

/* The denominator of kind d for a cluster in year y (index 0..4). */
static double denominator_of(const struct cluster *c, int y, int d){
  switch( d ){
    case D_16: return round(pop_sum(c, y, 4, 18) + 0.8*c->aPop[y][3]);
    case D_17: return round(pop_sum(c, y, 4, 18) + 0.6*c->aPop[y][3]);
    case D_CHILD5: return round(c->aPop[y][1]/5.0 > 1 ? c->aPop[y][1]/5.0 : 1);
    case D_65: return pop_sum(c, y, 13, 18);
    case D_WOMEN25: return round(0.5*pop_sum(c, y, 5, 12));
    case D_STARPU: return round(pop_sum(c, y, 0, 18)*(0.95 + 0.1*inv_logit(c->age)));
    default: return pop_sum(c, y, 0, 18);
  }
}

/* ---- making the rows ------------------------------------------------------------------ */

struct rows { struct indicator_write_row *a; size_t n, nAlloc; };

static struct indicator_write_row *row_add(struct rows *p){
  if( p->n==p->nAlloc ){
    p->nAlloc = p->nAlloc ? 2*p->nAlloc : 4096;
    p->a = xrealloc(p->a, p->nAlloc*sizeof *p->a);
  }
  struct indicator_write_row *r = &p->a[p->n++];
  memset(r, 0, sizeof *r);
  return r;
}

/* The period of year index y (0..4) as the indicator's type writes it:
** "2023/24", or the three years to it, "2021/22-2023/24". */
static void period_of(const struct demo_ind *d, int y, char *z){
  unsigned fy = (unsigned)(FIRST_YEAR+y) % 10000u;
  if( strcmp(d->zPeriodType, "rolling_3_years")==0 ){
    snprintf(z, INDICATOR_PERIOD_MAX, "%04u/%02u-%04u/%02u", (fy-2)%10000u, (fy-1)%100u, fy, (fy+1)%100u);
  }else{
    snprintf(z, INDICATOR_PERIOD_MAX, "%04u/%02u", fy, (fy+1)%100u);
  }
}

static void cluster_rows(const struct demo_ind *d, long long indId, const struct indicator *ind,
                         const struct cluster *c, struct rows *out){
  struct rng rc = rng_for(d->zCode, c->zSlug, 0);
  double u = normal(&rc);                    /* the cluster's own level */
  for(int y=0; y<YEARS; y++){
    struct rng ry = rng_for(d->zCode, c->zSlug, FIRST_YEAR+y);
    double t = (FIRST_YEAR+y) - 2021;
    double year = 0.03*normal(&ry);          /* this year's wobble */
    double shift = d->depEffect*c->dep + d->ageEffect*c->age + d->spread*u + d->trend*t + year;
    double covid = FIRST_YEAR+y==2020 ? d->covid : 1;
    struct indicator_write_row base;
    memset(&base, 0, sizeof base);
    base.indicatorId = indId;
    base.unitId = c->id;
    period_of(d, y, base.zPeriod);
    base.band = INDICATOR_BAND_ALL;
    base.sex = INDICATOR_PERSONS;
    switch( d->model ){
      case M_PROPORTION: {
        double den = denominator_of(c, y, d->denominator);
        double p = inv_logit(logit(d->level) + shift);
        if( covid!=1 ) p = p*covid>0.99 ? 0.99 : p*covid;
        struct indicator_write_row *r = row_add(out);
        *r = base;
        if( d->denominator==D_WOMEN25 ) r->sex = INDICATOR_FEMALE;
        r->den = den;
        r->num = round(den*p);
        break;
      }
      case M_DEPRIVED: {
        /* Areas do not change deprivation from year to year. */
        double den = denominator_of(c, y, D_ALL);
        double p = inv_logit(logit(d->level) + d->depEffect*c->dep + d->spread*u);
        struct indicator_write_row *r = row_add(out);
        *r = base;
        r->den = den;
        r->num = round(den*p);
        break;
      }
      case M_OLDER: {
        struct indicator_write_row *r = row_add(out);
        *r = base;
        r->den = denominator_of(c, y, D_ALL);
        r->num = pop_sum(c, y, 13, 18);
        break;
      }
      case M_RATE: {
        double den = denominator_of(c, y, d->denominator);
        struct indicator_write_row *r = row_add(out);
        *r = base;
        r->den = den;
        r->num = round(den*d->level*exp(shift)*covid);
        break;
      }
      case M_COUNT: {
        struct indicator_write_row *r = row_add(out);
        *r = base;
        r->num = round(denominator_of(c, y, d->denominator)*d->level*exp(shift));
        r->den = NAN;
        break;
      }
      case M_BANDS: {
        bool bPooled = strcmp(d->zPeriodType, "rolling_3_years")==0;
        for(int b=ind->firstBand; b<=ind->lastBand; b++){
          double pop = c->aPop[y][b]*(bPooled ? 3 : 1);
          double noise = 0.05*normal(&ry);
          struct indicator_write_row *r = row_add(out);
          *r = base;
          r->band = b;
          r->den = pop;
          r->num = round(pop*d->aRate[b]*d->level*exp(shift+noise)*covid);
        }
        break;
      }
    }
  }
}

bool demo_indicators(struct db *db){
  char zToday[11];
  text_today(zToday);
  struct user sys;
  memset(&sys, 0, sizeof sys);
  sys.id = 1;
  sys.role = ROLE_ADMIN;
  snprintf(sys.zName, sizeof sys.zName, "Demonstration data");
  snprintf(sys.zEmail, sizeof sys.zEmail, "admin@example.wales");

  /* The clusters (the hashes use their slugs: the order they are read
  ** in does not matter). */
  struct { struct cluster *a; size_t n, nAlloc; } cl = {0};
  struct stmt *s = db_prepare(db, "SELECT id,slug,population FROM unit WHERE kind='cluster' ORDER BY id");
  while( stmt_step(s)==1 ){
    if( cl.n==cl.nAlloc ){
      cl.nAlloc = cl.nAlloc ? 2*cl.nAlloc : 64;
      cl.a = xrealloc(cl.a, cl.nAlloc*sizeof *cl.a);
    }
    struct cluster *c = &cl.a[cl.n++];
    memset(c, 0, sizeof *c);
    c->id = stmt_int(s, 0);
    text_copy(c->zSlug, sizeof c->zSlug, stmt_text(s, 1));
    c->population = stmt_int(s, 2)>0 ? (double)stmt_int(s, 2) : 50000;
  }
  stmt_done(s);
  if( cl.n==0 ){ free(cl.a); return false; }
  for(size_t i=0; i<cl.n; i++) cluster_make(&cl.a[i]);

  /* The catalogue, through its own rules. */
  struct rows rows = {0};
  bool ok = true;
  for(size_t i=0; ok && i<N_IND; i++){
    const struct demo_ind *d = &aInd[i];
    char zOrder[16];
    snprintf(zOrder, sizeof zOrder, "%d", (int)(i+1)*10);
    struct indicator_input in = {
      .zCode = d->zCode, .zNameEn = d->azText[0], .zNameCy = d->azText[1],
      .zNumeratorEn = d->azText[2], .zNumeratorCy = d->azText[3],
      .zDenominatorEn = d->azText[4], .zDenominatorCy = d->azText[5],
      .zKind = d->zKind, .zMultiplier = d->zMultiplier, .zPolarity = d->zPolarity,
      .zSource = d->azText[6], .zPeriodType = d->zPeriodType, .zAgeFrom = d->zAgeFrom, .zAgeTo = d->zAgeTo,
      .zSortOrder = zOrder,
    };
    struct field_errors e = {0};
    long long id = indicator_create(db, &sys, &in, &e);
    if( id<=0 ){
      fprintf(stderr, "carecluster: demo indicator %s: %s %s\n", d->zCode, e.n ? e.a[0].zField : "?", e.n ? e.a[0].zKey : "?");
      ok = false;
      break;
    }
    struct indicator *ind = xmalloc(sizeof *ind);
    ok = indicator_get(db, id, ind);
    for(size_t k=0; ok && k<cl.n; k++) cluster_rows(d, id, ind, &cl.a[k], &rows);
    free(ind);
  }
  /* The values, in one transaction; the health boards and Wales computed. */
  struct indicator_import_result res;
  if( ok ) ok = indicator_write_rows(db, &sys, rows.a, rows.n, true, "demonstration", zToday, &res);
  if( !ok ) fprintf(stderr, "carecluster: could not add the demonstration indicator values\n");
  free(rows.a);
  free(cl.a);
  return ok;
}
