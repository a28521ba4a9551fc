/*
** The kinds of a project's documents and their fields (project_doc.h).
** Seed 001 names them: a simple project keeps the plan on a page, the
** brief, the structure, the initiation document (with its schedule and
** risks and issues log, which are the milestones, risks and issues
** themselves), progress and exception reports and the closure report; a
** complex one adds the communications plan, the stakeholder map, the
** equality, health and Welsh language impact assessment, the decisions
** log, project board reports, gateway reviews and the benefits review.
*/
#include "domain/project_doc.h"
#include "domain/project.h"
#include <string.h>

const struct project_doc_kind project_doc_kinds[] = {
  {"plan_on_a_page", PSTAGE_INITIATE, false, false, true,
   {"aim", "need", "deliverables", "people", "timescale", "resources", "measures", NULL}},
  {"brief", PSTAGE_INITIATE, false, false, true,
   {"background", "objectives", "scope", "exclusions", "constraints", "assumptions", "benefits",
    "approach", NULL}},
  {"structure", PSTAGE_INITIATE, false, false, true,
   {"sponsor", "lead", "board", "team", "reporting", NULL}},
  {"stakeholder_map", PSTAGE_INITIATE, true, false, true,
   {"notes", NULL}},
  {"pid", PSTAGE_PLAN, false, false, true,
   {"background", "objectives", "scope", "approach", "governance", "quality", "communication",
    "resources", NULL}},
  {"comms_plan", PSTAGE_PLAN, true, false, true,
   {"audiences", "messages", "channels", "timing", "responsibilities", "feedback", NULL}},
  {"impact", PSTAGE_PLAN, true, false, true,
   {"equality", "health", "welsh_language", "mitigation", NULL}},
  {"decisions_log", PSTAGE_PLAN, true, false, false,
   {"notes", NULL}},
  {"progress", PSTAGE_DELIVER, false, true, true,
   {"summary", "achieved", "next", "risks_issues", "decisions_needed", NULL}},
  {"exception", PSTAGE_DELIVER, false, true, false,
   {"situation", "cause", "consequences", "options", "recommendation", NULL}},
  {"highlight", PSTAGE_DELIVER, false, true, false,
   {"summary", "achieved", "next", "budget", "risks_issues", "decisions_needed", NULL}},
  {"board_report", PSTAGE_DELIVER, true, true, true,
   {"summary", "progress", "finance", "risks_issues", "decisions_needed", NULL}},
  {"gateway_review", PSTAGE_MONITOR, true, true, false,
   {"gate", "readiness", "findings", "recommendations", NULL}},
  {"benefits_review", PSTAGE_MONITOR, true, false, true,
   {"benefits", "realised", "evidence", "next_review", NULL}},
  {"closure", PSTAGE_CLOSE, false, false, true,
   {"outcome", "objectives_met", "evaluation", "lessons", "follow_on", "handover", NULL}},
};
const int project_doc_nkind = (int)(sizeof project_doc_kinds / sizeof project_doc_kinds[0]);

const struct project_doc_kind *project_doc_kind_of(const char *z){
  if( !z ) return NULL;
  for(int i = 0; i < project_doc_nkind; i++){
    if( strcmp(project_doc_kinds[i].zCode, z)==0 ) return &project_doc_kinds[i];
  }
  return NULL;
}

bool project_doc_has_field(const struct project_doc_kind *k, const char *zField){
  if( !k || !zField ) return false;
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++){
    if( strcmp(k->azField[i], zField)==0 ) return true;
  }
  return false;
}
