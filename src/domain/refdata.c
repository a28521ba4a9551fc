#include "domain/refdata.h"
#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/member.h"
#include "domain/sfi.h"
#include "domain/unit.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int refdata_csv_split(char *z, char **az, int nMax){
  int n = 0;
  while( n<nMax ){
    if( *z=='"' ){
      char *zOut = ++z;
      az[n++] = zOut;
      for(;;){
        if( *z==0 ) return -1;
        if( *z=='"' ){
          if( z[1]=='"' ){ *zOut++ = '"'; z += 2; continue; }
          z++;
          break;
        }
        *zOut++ = *z++;
      }
      *zOut = 0;
      if( *z==',' ){ z++; continue; }
      return n;
    }
    az[n++] = z;
    char *c = strchr(z, ',');
    if( !c ) return n;
    *c = 0;
    z = c+1;
  }
  return n;
}

/* Find a unit of a kind by exact name; 0 if none. */
static long long find_unit(struct db *db, const char *zName, const char *zKind){
  struct stmt *s = db_prepare(db, "SELECT id FROM unit WHERE name=? AND kind=?");
  stmt_bind_text(s, 1, zName);
  stmt_bind_text(s, 2, zKind);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

/* The unit of that name and kind, created under parentId with its Welsh
** name if new. */
static long long ensure_unit(struct db *db, const char *zName, const char *zNameCy,
                             const char *zKind, long long parentId){
  long long id = find_unit(db, zName, zKind);
  if( id ) return id;
  char zSlug[81];
  id = unit_create(db, zName, zKind, parentId, REFDATA_VALID_FROM, zSlug);
  return id && unit_set_name_cy(db, id, zNameCy) ? id : 0;
}

bool refdata_load_wales(struct db *db){
  const struct embedded_file *f = embedded_find("data/wales-clusters.csv");
  if( !f ){ fprintf(stderr, "carecluster: the Wales reference data is missing from this build\n"); return false; }
  char *zAll = xstrndup((const char*)f->aData, f->nByte);
  if( !db_begin(db) ){ free(zAll); return false; }
  char zSlug[81];
  long long walesId = unit_create(db, "Wales", "nation", 0, REFDATA_VALID_FROM, zSlug);
  bool ok = walesId>0 && unit_set_name_cy(db, walesId, "Cymru");
  int iLine = 0, nClusters = 0;
  char *zSave = 0;
  for(char *zLine = strtok_r(zAll, "\r\n", &zSave); ok && zLine; zLine = strtok_r(0, "\r\n", &zSave)){
    if( iLine++==0 ) continue;          /* header */
    char *az[REFDATA_CSV_FIELDS];
    if( refdata_csv_split(zLine, az, REFDATA_CSV_FIELDS)!=REFDATA_CSV_FIELDS ){
      fprintf(stderr, "carecluster: data/wales-clusters.csv line %d: expected %d fields\n", iLine, REFDATA_CSV_FIELDS);
      ok = false;
      break;
    }
    const char *zHb = az[0], *zLa = az[1], *zRpb = az[2], *zCluster = az[3];
    const char *zHbCy = az[6], *zLaCy = az[7], *zRpbCy = az[8], *zClusterCy = az[9];
    /* Every unit of the shipped structure has both names. */
    if( !zHbCy[0] || !zLaCy[0] || !zRpbCy[0] || !zClusterCy[0] ){
      fprintf(stderr, "carecluster: data/wales-clusters.csv line %d: a Welsh name is missing\n", iLine);
      ok = false;
      break;
    }
    char zRpbName[200], zPcpgName[200], zRpbNameCy[200], zPcpgNameCy[200];
    snprintf(zRpbName, sizeof zRpbName, "%s Regional Partnership Board", zRpb);
    snprintf(zPcpgName, sizeof zPcpgName, "%s Pan Cluster Planning Group", zLa);
    snprintf(zRpbNameCy, sizeof zRpbNameCy, "Bwrdd Partneriaeth Rhanbarthol %s", zRpbCy);
    snprintf(zPcpgNameCy, sizeof zPcpgNameCy, "Grŵp Cynllunio Pan-glwstwr %s", zLaCy);
    long long hb = ensure_unit(db, zHb, zHbCy, "health_board", walesId);
    long long rpb = ensure_unit(db, zRpbName, zRpbNameCy, "rpb", walesId);
    long long la = ensure_unit(db, zLa, zLaCy, "local_authority", rpb);
    long long pcpg = ensure_unit(db, zPcpgName, zPcpgNameCy, "pcpg", hb);
    if( !hb || !rpb || !la || !pcpg ){ ok = false; break; }
    long long cl = unit_create(db, zCluster, "cluster", pcpg, REFDATA_VALID_FROM, zSlug);
    if( !cl || !unit_set_name_cy(db, cl, zClusterCy) ){ ok = false; break; }
    struct stmt *s = db_prepare(db,
      "UPDATE unit SET gp_practices=?, population=?, population_date='2024-04-01' WHERE id=?");
    stmt_bind_int(s, 1, atoll(az[4]));
    stmt_bind_int(s, 2, atoll(az[5]));
    stmt_bind_int(s, 3, cl);
    ok = stmt_exec(s)
      && unit_link(db, cl, la, "area", REFDATA_VALID_FROM)
      && unit_link(db, cl, rpb, "area", REFDATA_VALID_FROM);
    nClusters++;
  }
  free(zAll);
  if( ok ){
    /* Every health board starts with the example Standing Financial
    ** Instructions (marked example), for its finance lead to replace. */
    ok = sfi_examples_ensure(db, REFDATA_VALID_FROM, (long long)time(0), 0);
  }
  if( ok && nClusters!=60 ){
    fprintf(stderr, "carecluster: expected 60 clusters in the reference data, found %d\n", nClusters);
    ok = false;
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    fprintf(stderr, "carecluster: loading the Wales structure failed; nothing was written\n");
    return false;
  }
  return true;
}

/* Demonstration people: name, job title, role code, core, voting. */
struct demo_person { const char *zName, *zJob, *zRole; int bCore, bVoting; };
static const struct demo_person aDemo[] = {
  {"Dr Alys Morgan", "GP partner", "cluster_lead", 1, 1},
  {"Dr Rhodri Evans", "GP partner", "gp_collaborative_lead", 1, 1},
  {"Sian Griffiths", "Community pharmacist", "pharmacy_collaborative_lead", 1, 1},
  {"Tomos Price", "General dental practitioner", "dental_collaborative_lead", 1, 1},
  {"Nia Hughes", "Optometrist", "optometry_collaborative_lead", 1, 1},
  {"Gareth Williams", "District nursing team leader", "nursing_collaborative_lead", 1, 1},
  {"Ffion Davies", "Physiotherapist", "ahp_collaborative_lead", 1, 1},
  {"Megan Roberts", "Third sector co-ordinator", "third_sector_rep", 1, 1},
  {"Owain Jones", "Community mental health team manager", "mental_health_rep", 1, 1},
  {"Carys Thomas", "Cluster Development Manager", "cluster_development_manager", 1, 0},
  {"Huw Lewis", "Finance business partner", "finance", 0, 0},
  {"Elin Jenkins", "Public health practitioner", "public_health", 0, 0},
};
/* English name after the cluster's, Welsh name before it, subtype. */
static const char *const azCollab[][3] = {
  {"General Practice Collaborative", "Cydweithredfa Ymarfer Cyffredinol", "general_practice"},
  {"Community Pharmacy Collaborative", "Cydweithredfa Fferylliaeth Gymunedol", "community_pharmacy"},
  {"Dental Collaborative", "Cydweithredfa Ddeintyddol", "dental"},
  {"Optometry Collaborative", "Cydweithredfa Optometreg", "optometry"},
  {"Community Nursing Collaborative", "Cydweithredfa Nyrsio Cymunedol", "community_nursing"},
  {"Allied Health Professions Collaborative", "Cydweithredfa Gweithwyr Proffesiynol Perthynol i Iechyd", "allied_health"},
};

static bool demo_cluster(struct db *db, const char *zSlug, const char *zLeadName){
  char zToday[11];
  text_today(zToday);
  struct unit cl;
  if( !unit_get_by_slug(db, zSlug, zToday, &cl) ) return false;
  bool ok = db_begin(db);
  long long gpc = 0;
  for(size_t i=0; ok && i<sizeof(azCollab)/sizeof(azCollab[0]); i++){
    char zName[300], zNameCy[300], zOut[81];
    snprintf(zName, sizeof zName, "%s %s", cl.zName, azCollab[i][0]);
    snprintf(zNameCy, sizeof zNameCy, "%s %s", azCollab[i][1], unit_display_name(&cl, LANG_CY));
    long long id = unit_create(db, zName, "collaborative", cl.id, REFDATA_VALID_FROM, zOut);
    struct stmt *s = db_prepare(db, "UPDATE unit SET subtype=? WHERE id=?");
    stmt_bind_text(s, 1, azCollab[i][2]);
    stmt_bind_int(s, 2, id);
    ok = id>0 && stmt_exec(s) && unit_set_name_cy(db, id, zNameCy);
    if( i==0 ) gpc = id;
  }
  static const char *const azPractice[] = {"Riverside Medical Centre", "Parkview Surgery", "Bridge Street Health Centre"};
  for(int i=0; ok && i<3; i++){
    char zName[300], zNameCy[300], zOut[81];
    snprintf(zName, sizeof zName, "%s (%s)", azPractice[i], cl.zName);
    snprintf(zNameCy, sizeof zNameCy, "%s (%s)", azPractice[i], unit_display_name(&cl, LANG_CY));
    long long id = unit_create(db, zName, "organisation", gpc, REFDATA_VALID_FROM, zOut);
    struct stmt *s = db_prepare(db, "UPDATE unit SET subtype='gp_practice' WHERE id=?");
    stmt_bind_int(s, 1, id);
    ok = id>0 && stmt_exec(s) && unit_set_name_cy(db, id, zNameCy);
  }
  if( ok ) ok = db_commit(db); else db_rollback(db);
  /* People go in through the same rules as the web form, as an admin. */
  for(size_t i=0; ok && i<sizeof(aDemo)/sizeof(aDemo[0]); i++){
    char zName[200], zEmail[200];
    const char *zFirst = strrchr(aDemo[i].zName, ' ');
    snprintf(zName, sizeof zName, "%s", i==0 ? zLeadName : aDemo[i].zName);
    zFirst = strrchr(zName, ' ');
    snprintf(zEmail, sizeof zEmail, "%s.%s@example.wales", zFirst ? zFirst+1 : "person", zSlug);
    for(char *p=zEmail; *p; p++) if( *p>='A' && *p<='Z' ) *p = (char)(*p+32);
    struct member_input in = {
      .zName = zName, .zEmail = zEmail, .zJobTitle = aDemo[i].zJob,
      .zOrganisation = 0, .zRole = aDemo[i].zRole,
      .zCore = aDemo[i].bCore ? "core" : "attendance",
      .zVoting = aDemo[i].bVoting ? "yes" : "no",
      .zFrom = i==0 ? "2024-04-01" : "2024-06-01", .zTo = 0,
    };
    struct field_errors e = {0};
    struct user sys = {0};
    sys.id = 1; sys.role = ROLE_ADMIN;
    snprintf(sys.zName, sizeof sys.zName, "Demonstration data");
    snprintf(sys.zEmail, sizeof sys.zEmail, "admin@example.wales");
    ok = membership_add(db, &sys, cl.id, &in, zToday, &e)>0;
    if( !ok ) fprintf(stderr, "carecluster: demo member %s: %s\n", zName, e.n ? e.a[0].zKey : "?");
  }
  return ok;
}

bool refdata_load_demo(struct db *db, bool bQuiet){
  static const char *const azUser[][4] = {
    {"admin@example.wales", "Demo Administrator", "admin", "wales"},
    {"national@example.wales", "Demo National Programme", "national", "wales"},
    {"hb@example.wales", "Demo Cardiff and Vale Primary Care", "health_board", "cardiff-and-vale-university-health-board"},
    {"lead@example.wales", "Dr Alys Morgan", "cluster_lead", "cardiff-south-west"},
    {"member@example.wales", "Sian Griffiths", "member", "cardiff-south-west"},
    {"lead.afan@example.wales", "Dr Dafydd Rees", "cluster_lead", "afan"},
    {"signatory@example.wales", "Gareth Price", "member", "cardiff-south-west"},
    {"signatory.afan@example.wales", "Eleri Thomas", "member", "afan"},
  };
  char zErr[300];
  for(size_t i=0; i<sizeof(azUser)/sizeof(azUser[0]); i++){
    if( !auth_user_add(db, azUser[i][0], azUser[i][1], azUser[i][2], azUser[i][3],
                       REFDATA_DEMO_PASSWORD, zErr, sizeof zErr) ){
      fprintf(stderr, "carecluster: demo user %s: %s\n", azUser[i][0], zErr);
      return false;
    }
  }
  if( !demo_cluster(db, "cardiff-south-west", "Dr Alys Morgan") || !demo_cluster(db, "afan", "Dr Dafydd Rees") ){
    fprintf(stderr, "carecluster: could not add the demonstration people\n");
    return false;
  }
  /* A demonstration user is the person of the same name in their cluster
  ** (so that "My actions" has something to show). */
  struct stmt *sLink = db_prepare(db,
    "UPDATE app_user SET person_id=(SELECT p.id FROM person p WHERE p.name=app_user.name"
    "   AND p.home_unit_id=app_user.scope_unit_id ORDER BY p.id LIMIT 1)"
    " WHERE person_id IS NULL");
  if( !stmt_exec(sLink) ){
    fprintf(stderr, "carecluster: could not link the demonstration users to their people\n");
    return false;
  }
  if( !demo_meetings(db, "cardiff-south-west") || !demo_meetings(db, "afan") ){
    fprintf(stderr, "carecluster: could not add the demonstration meetings\n");
    return false;
  }
  if( !demo_indicators(db) ) return false;
  if( !demo_plan(db) ) return false;
  if( !demo_finance(db) ) return false;
  if( !demo_projects(db) ) return false;
  if( !bQuiet ){
    printf("Demonstration users (password: %s):\n", REFDATA_DEMO_PASSWORD);
    for(size_t i=0; i<sizeof(azUser)/sizeof(azUser[0]); i++){
      printf("  %-29s %-13s %s\n", azUser[i][0], azUser[i][2], azUser[i][3]);
    }
  }
  return true;
}
