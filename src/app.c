#include "app.h"
#include "db/db.h"
#include "domain/action.h"
#include "domain/auth.h"
#include "domain/decision.h"
#include "domain/indicator.h"
#include "domain/export_meeting.h"
#include "domain/paper.h"
#include "domain/plan_views.h"
#include "domain/qi.h"
#include "domain/needs.h"
#include "domain/priority.h"
#include "domain/commitment.h"
#include "domain/project.h"
#include "domain/plan.h"
#include "domain/business_case.h"
#include "pages/pages.h"
#include "util/assert.h"
#include "util/text.h"
#include "web/page.h"
#include "web/access_log.h"
#include "web/metrics.h"
#include "web/offload.h"
#include "web/req.h"
#include <sodium.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct app_config config;

/* The hash of the operator's token for /metrics, when one was given. */
static unsigned char aMetricsHash[crypto_generichash_BYTES];
static bool bMetricsToken;

/* Each worker thread's connection lives in a thread-specific key whose
** destructor closes it when the thread ends (at server shutdown). */
static pthread_key_t workerKey;
static pthread_once_t workerOnce = PTHREAD_ONCE_INIT;
static void worker_db_close(void *p){ db_close(p); }
static void worker_key_init(void){ pthread_key_create(&workerKey, worker_db_close); }

#ifndef NDEBUG
static bool routes_well_formed(void);
#endif

struct db *app_worker_db(void){
  pthread_once(&workerOnce, worker_key_init);
  struct db *db = pthread_getspecific(workerKey);
  if( db && !db_healthy(db) ){
    /* The connection was lost (PostgreSQL restarting): start again. */
    pthread_setspecific(workerKey, 0);
    db_close(db);
    db = 0;
  }
  if( !db ){
    char *zErr = 0;
    db = db_open(config.zDbPath, false, &zErr);
    if( !db ){ fprintf(stderr, "carecluster: %s\n", zErr); free(zErr); }
    else pthread_setspecific(workerKey, db);
  }
  return db;
}

/* Every route, in one table. The dispatcher tries them in order. */
static const struct route aRoute[] = {
  {"GET", "/healthz", NEED_NOBODY, REC_NONE, 0, page_healthz, {{0}}},
  {"GET", "/metrics", NEED_OPERATOR, REC_NONE, ROUTE_NO_DB, page_metrics, {{0}}},
  /* The styles of the 503 page itself, while the database is away. */
  {"GET", "/assets/*", NEED_NOBODY, REC_NONE, ROUTE_NO_DB, page_asset, {{0}}},
  {"GET", "/login", NEED_ANYONE, REC_NONE, 0, page_login_form, {{"next", P_LOCAL_PATH}, {"changed", P_INT}}},
  {"POST", "/login", NEED_ANYONE, REC_NONE, 0, page_login, {{"next", P_LOCAL_PATH}}},
  {"POST", "/logout", NEED_SIGNED_IN, REC_NONE, 0, page_logout, {{0}}},
  {"POST", "/lang/{lang}", NEED_ANYONE, REC_NONE, 0, page_lang, {{"next", P_LOCAL_PATH}}},
  {"GET", "/password/forgot", NEED_ANYONE, REC_NONE, 0, page_password_forgot_form, {{0}}},
  {"POST", "/password/forgot", NEED_ANYONE, REC_NONE, 0, page_password_forgot, {{0}}},
  {"GET", "/password/reset/{token}", NEED_ANYONE, REC_NONE, 0, page_password_reset_form, {{0}}},
  {"POST", "/password/reset/{token}", NEED_ANYONE, REC_NONE, 0, page_password_reset, {{0}}},
  /* A link cut short, or otherwise not a token: the page of an unknown link. */
  {"GET", "/password/reset/*", NEED_ANYONE, REC_NONE, 0, page_password_reset_unknown, {{0}}},
  {"GET", "/account", NEED_SIGNED_IN, REC_NONE, 0, page_account, {{"changed", P_INT}}},
  {"GET", "/account/password", NEED_SIGNED_IN, REC_NONE, 0, page_account_password_form, {{0}}},
  {"POST", "/account/password", NEED_SIGNED_IN, REC_NONE, 0, page_account_password, {{0}}},
  {"GET", "/", NEED_SIGNED_IN, REC_NONE, 0, page_home, {{0}}},
  {"GET", "/units/{slug}", NEED_SIGNED_IN, REC_UNIT, 0, page_unit, {{"all", P_INT}}},
  {"GET", "/units/{slug}/members/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_member_new, {{0}}},
  {"POST", "/units/{slug}/members", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_member_create, {{0}}},
  {"GET", "/memberships/{id}/edit", NEED_SIGNED_IN, REC_MEMBERSHIP, ROUTE_WRITE, page_member_edit, {{0}}},
  {"POST", "/memberships/{id}", NEED_SIGNED_IN, REC_MEMBERSHIP, ROUTE_WRITE, page_member_update, {{0}}},
  {"GET", "/units/{slug}/terms", NEED_SIGNED_IN, REC_UNIT, 0, page_tor, {{0}}},
  {"GET", "/units/{slug}/terms/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_tor_new, {{0}}},
  {"POST", "/units/{slug}/terms/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_tor_create, {{0}}},
  {"GET", "/units/{slug}/attendance", NEED_SIGNED_IN, REC_UNIT, 0, page_attendance_report,
           {{"from", P_TEXT}, {"to", P_TEXT}}},
  {"GET", "/units/{slug}/attendance.csv", NEED_SIGNED_IN, REC_UNIT, 0, page_attendance_csv,
           {{"from", P_TEXT}, {"to", P_TEXT}}},
  {"GET", "/units/{slug}/meetings", NEED_SIGNED_IN, REC_UNIT, 0, page_meetings, {{0}}},
  {"GET", "/units/{slug}/meetings/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_meeting_new, {{0}}},
  {"POST", "/units/{slug}/meetings", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_meeting_create, {{0}}},
  {"GET", "/meetings/{id}", NEED_SIGNED_IN, REC_MEETING, 0, page_meeting, {{0}}},
  {"POST", "/meetings/{id}/items", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_meeting_item_add, {{0}}},
  {"POST", "/meetings/{id}/proposals", NEED_SIGNED_IN, REC_CALL, ROUTE_WRITE|ROUTE_UPLOAD, page_proposal_create, {{0}}},
  {"GET", "/meetings/{id}/items/{item}/proposed", NEED_SIGNED_IN, REC_ITEM, 0, page_proposal_confirmation, {{0}}},
  {"GET", "/meetings/{id}/items/{item}/decline", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE, page_proposal_decline, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/decide", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE, page_meeting_item_decide, {{0}}},
  {"GET", "/meetings/{id}/deadline", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_meeting_deadline, {{0}}},
  {"POST", "/meetings/{id}/deadline", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_meeting_deadline_save, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/move", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE, page_meeting_item_move, {{0}}},
  {"GET", "/meetings/{id}/items/{item}/edit", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE, page_meeting_item_edit, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/edit", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE, page_meeting_item_update, {{0}}},
  {"POST", "/meetings/{id}/attendance", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_meeting_attendance, {{0}}},
  {"GET", "/meetings/{id}/edit", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_meeting_edit, {{0}}},
  {"POST", "/meetings/{id}/edit", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_meeting_update, {{0}}},
  {"GET", "/meetings/{id}/cancel", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_meeting_cancel_form, {{0}}},
  {"POST", "/meetings/{id}/cancel", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_meeting_cancel, {{0}}},
  {"GET", "/meetings/{id}/items/{item}/delete", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE, page_meeting_item_delete_form, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/delete", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE, page_meeting_item_delete, {{0}}},
  /* A member's own apologies: no write access needed (checked in the domain). */
  {"POST", "/meetings/{id}/apologies", NEED_SIGNED_IN, REC_MEETING, 0, page_meeting_apologies, {{0}}},
  {"GET", "/meetings/{id}/items/{item}", NEED_SIGNED_IN, REC_ITEM, 0, page_item, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/declarations", NEED_SIGNED_IN, REC_ITEM, 0, page_declaration_create, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/decision", NEED_SIGNED_IN, REC_ITEM, 0, page_decision_create, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/election", NEED_SIGNED_IN, REC_ITEM, 0, page_election_create, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/minutes", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE, page_minutes_save, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/papers", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE|ROUTE_UPLOAD, page_paper_upload, {{0}}},
  {"GET", "/papers/{id}/download", NEED_SIGNED_IN, REC_PAPER, 0, page_paper_download, {{0}}},
  {"GET", "/papers/{id}/replace", NEED_SIGNED_IN, REC_PAPER, ROUTE_WRITE, page_paper_replace_form, {{0}}},
  {"POST", "/papers/{id}/replace", NEED_SIGNED_IN, REC_PAPER, ROUTE_WRITE|ROUTE_UPLOAD, page_paper_replace, {{0}}},
  {"GET", "/papers/{id}/withdraw", NEED_SIGNED_IN, REC_PAPER, ROUTE_WRITE, page_paper_withdraw_form, {{0}}},
  {"POST", "/papers/{id}/withdraw", NEED_SIGNED_IN, REC_PAPER, ROUTE_WRITE, page_paper_withdraw, {{0}}},
  {"GET", "/declarations/{id}/edit", NEED_SIGNED_IN, REC_DECLARATION, ROUTE_WRITE, page_declaration_edit, {{0}}},
  {"POST", "/declarations/{id}/edit", NEED_SIGNED_IN, REC_DECLARATION, ROUTE_WRITE, page_declaration_update, {{0}}},
  {"GET", "/declarations/{id}/withdraw", NEED_SIGNED_IN, REC_DECLARATION, ROUTE_WRITE, page_declaration_withdraw_form, {{0}}},
  {"POST", "/declarations/{id}/withdraw", NEED_SIGNED_IN, REC_DECLARATION, ROUTE_WRITE, page_declaration_withdraw, {{0}}},
  {"GET", "/meetings/{id}/minutes", NEED_SIGNED_IN, REC_MEETING, 0, page_minutes, {{0}}},
  {"GET", "/meetings/{id}/minutes/write", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_minutes_write, {{0}}},
  {"POST", "/meetings/{id}/minutes/write", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE|ROUTE_LONG_FORM, page_minutes_write_save, {{0}}},
  {"GET", "/meetings/{id}/items/{item}/approve-minutes", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE, page_minutes_approval, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/approve-minutes", NEED_SIGNED_IN, REC_ITEM, ROUTE_WRITE, page_minutes_approval_post, {{0}}},
  {"GET", "/units/{slug}/decisions", NEED_SIGNED_IN, REC_UNIT, 0, page_unit_decisions, {{0}}},
  {"GET", "/units/{slug}/profile", NEED_SIGNED_IN, REC_UNIT, 0, page_unit_profile, {{"period", P_TEXT}}},
  {"GET", "/units/{slug}/indicators/{code}", NEED_SIGNED_IN, REC_UNIT, 0, page_unit_indicator, {{"period", P_TEXT}}},
  {"GET", "/indicators", NEED_SIGNED_IN, REC_NONE, 0, page_indicators, {{"saved", P_INT}, {"imported", P_INT}, {"left_out", P_INT}}},
  {"GET", "/indicators/{code}/funnel", NEED_SIGNED_IN, REC_NONE, 0, page_indicator_funnel, {{"period", P_TEXT}, {"adjust", P_INT}}},
  /* Needs assessments and priorities (issue 12: needs.c, priorities.c) */
  {"GET", "/units/{slug}/needs", NEED_SIGNED_IN, REC_UNIT, 0, page_needs_list, {{0}}},
  {"POST", "/units/{slug}/needs", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_needs_create, {{0}}},
  {"GET", "/needs/{id}", NEED_SIGNED_IN, REC_NEEDS, 0, page_needs, {{0}}},
  {"GET", "/needs/{id}/edit", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_edit, {{0}}},
  {"POST", "/needs/{id}/edit", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_update, {{0}}},
  {"GET", "/needs/{id}/evidence/new", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_evidence_new, {{"source", P_TEXT}}},
  {"POST", "/needs/{id}/evidence/new", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_evidence_create, {{0}}},
  {"GET", "/needs/{id}/evidence/{item}/edit", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_evidence_edit, {{0}}},
  {"POST", "/needs/{id}/evidence/{item}/edit", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_evidence_update, {{0}}},
  {"POST", "/needs/{id}/evidence/{item}/delete", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_evidence_delete, {{0}}},
  {"GET", "/needs/{id}/findings/new", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_finding_new,
           {{"source", P_TEXT}, {"indicator", P_INT}, {"period", P_TEXT}}},
  {"POST", "/needs/{id}/findings/new", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_finding_create, {{0}}},
  {"GET", "/needs/{id}/findings/{item}/edit", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_finding_edit, {{0}}},
  {"POST", "/needs/{id}/findings/{item}/edit", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_finding_update, {{0}}},
  {"POST", "/needs/{id}/findings/{item}/delete", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_needs_finding_delete, {{0}}},
  {"GET", "/needs/{id}/priorities", NEED_SIGNED_IN, REC_NEEDS, 0, page_priorities, {{0}}},
  {"POST", "/needs/{id}/weights", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_priority_weights, {{0}}},
  {"GET", "/needs/{id}/priorities/new", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_priority_new, {{0}}},
  {"POST", "/needs/{id}/priorities/new", NEED_SIGNED_IN, REC_NEEDS, ROUTE_WRITE, page_priority_create, {{0}}},
  {"GET", "/priorities/{id}", NEED_SIGNED_IN, REC_PRIORITY, 0, page_priority, {{0}}},
  {"GET", "/priorities/{id}/edit", NEED_SIGNED_IN, REC_PRIORITY, ROUTE_WRITE, page_priority_edit, {{0}}},
  {"POST", "/priorities/{id}/edit", NEED_SIGNED_IN, REC_PRIORITY, ROUTE_WRITE, page_priority_update, {{0}}},
  {"POST", "/priorities/{id}/delete", NEED_SIGNED_IN, REC_PRIORITY, ROUTE_WRITE, page_priority_delete, {{0}}},
  /* The annual plan (pages/plans.c) */
  {"GET", "/units/{slug}/plans", NEED_SIGNED_IN, REC_UNIT, 0, page_plans, {{0}}},
  {"POST", "/units/{slug}/plans", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_plan_create, {{0}}},
  {"GET", "/plans/{id}", NEED_SIGNED_IN, REC_PLAN, 0, page_plan, {{0}}},
  {"GET", "/plans/{id}/edit", NEED_SIGNED_IN, REC_PLAN, ROUTE_WRITE, page_plan_edit, {{0}}},
  {"POST", "/plans/{id}/edit", NEED_SIGNED_IN, REC_PLAN, ROUTE_WRITE, page_plan_update, {{0}}},
  {"GET", "/plans/{id}/agree", NEED_SIGNED_IN, REC_PLAN, ROUTE_WRITE, page_plan_agree_form, {{0}}},
  {"POST", "/plans/{id}/agree", NEED_SIGNED_IN, REC_PLAN, ROUTE_WRITE, page_plan_agree, {{0}}},
  {"GET", "/plans/{id}/objectives/new", NEED_SIGNED_IN, REC_PLAN, ROUTE_WRITE, page_plan_objective_new, {{"priority", P_INT}}},
  {"POST", "/plans/{id}/objectives", NEED_SIGNED_IN, REC_PLAN, ROUTE_WRITE, page_plan_objective_create, {{0}}},
  {"GET", "/plans/{id}/objectives/{item}", NEED_SIGNED_IN, REC_PLAN_OBJECTIVE, 0, page_plan_objective, {{0}}},
  {"GET", "/plans/{id}/objectives/{item}/edit", NEED_SIGNED_IN, REC_PLAN_OBJECTIVE, ROUTE_WRITE, page_plan_objective_edit, {{0}}},
  {"POST", "/plans/{id}/objectives/{item}/edit", NEED_SIGNED_IN, REC_PLAN_OBJECTIVE, ROUTE_WRITE, page_plan_objective_update, {{0}}},
  {"POST", "/plans/{id}/objectives/{item}/delete", NEED_SIGNED_IN, REC_PLAN_OBJECTIVE, ROUTE_WRITE, page_plan_objective_delete, {{0}}},
  {"POST", "/plans/{id}/objectives/{item}/actions", NEED_SIGNED_IN, REC_PLAN_OBJECTIVE, ROUTE_WRITE, page_plan_action_link, {{0}}},
  {"POST", "/plans/{id}/objectives/{item}/actions/unlink", NEED_SIGNED_IN, REC_PLAN_OBJECTIVE, ROUTE_WRITE, page_plan_action_unlink, {{0}}},
  {"POST", "/plans/{id}/objectives/{item}/alignments", NEED_SIGNED_IN, REC_PLAN_OBJECTIVE, ROUTE_WRITE, page_plan_alignment_add, {{0}}},
  {"POST", "/plans/{id}/objectives/{item}/alignments/remove", NEED_SIGNED_IN, REC_PLAN_OBJECTIVE, ROUTE_WRITE, page_plan_alignment_remove, {{0}}},
  {"POST", "/plans/{id}/objectives/{item}/progress", NEED_SIGNED_IN, REC_PLAN_OBJECTIVE, ROUTE_WRITE, page_plan_progress, {{0}}},
  /* Views of plans: the plan on a page, side by side, the IMTP, references. */
  {"GET", "/plans/{id}/page", NEED_SIGNED_IN, REC_PLAN_VIEW, 0, page_plan_page, {{0}}},
  {"GET", "/plans/{id}/page.pdf", NEED_SIGNED_IN, REC_PLAN_VIEW, 0, page_plan_page_pdf, {{"lang", P_TEXT}}},
  {"GET", "/units/{slug}/plans/side-by-side", NEED_SIGNED_IN, REC_UNIT, 0, page_plans_side_by_side, {{"year", P_TEXT}}},
  {"GET", "/units/{slug}/plans/imtp", NEED_SIGNED_IN, REC_UNIT, 0, page_plans_imtp, {{"year", P_TEXT}}},
  {"GET", "/units/{slug}/plan-references", NEED_SIGNED_IN, REC_UNIT, 0, page_plan_references, {{0}}},
  {"POST", "/units/{slug}/plan-references", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_plan_reference_create, {{0}}},
  {"GET", "/units/{slug}/plan-references/{id}/edit", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_plan_reference_edit, {{0}}},
  {"POST", "/units/{slug}/plan-references/{id}/edit", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_plan_reference_update, {{0}}},
  /* Business case documents: the case as PDF and as a Word document, in English or Welsh. */
  {"GET", "/business-cases/{id}/case.pdf", NEED_SIGNED_IN, REC_BUSINESS_CASE, 0, page_case_pdf, {{"lang", P_TEXT}}},
  {"GET", "/business-cases/{id}/case.docx", NEED_SIGNED_IN, REC_BUSINESS_CASE, 0, page_case_docx, {{"lang", P_TEXT}}},
  /* Business cases (issue 13, pages/business_cases.c). Deciding is not a
  ** write of the case's unit: the handler checks the PCPG's authority. */
  {"GET", "/units/{slug}/business-cases", NEED_SIGNED_IN, REC_UNIT, 0, page_business_cases, {{0}}},
  {"GET", "/units/{slug}/business-cases/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_business_case_new, {{"priority", P_INT}, {"objective", P_INT}}},
  {"POST", "/units/{slug}/business-cases", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_business_case_create, {{0}}},
  {"GET", "/business-cases/{id}", NEED_SIGNED_IN, REC_BUSINESS_CASE, 0, page_business_case, {{0}}},
  {"GET", "/business-cases/{id}/parts/{code}", NEED_SIGNED_IN, REC_BUSINESS_CASE, ROUTE_WRITE, page_business_case_part, {{0}}},
  {"POST", "/business-cases/{id}/parts/{code}", NEED_SIGNED_IN, REC_BUSINESS_CASE, ROUTE_WRITE, page_business_case_part_save, {{0}}},
  {"POST", "/business-cases/{id}/parts/{code}/rows", NEED_SIGNED_IN, REC_BUSINESS_CASE, ROUTE_WRITE, page_business_case_row_add, {{0}}},
  {"POST", "/business-cases/{id}/parts/{code}/rows/{item}/delete", NEED_SIGNED_IN, REC_BUSINESS_CASE, ROUTE_WRITE, page_business_case_row_delete, {{0}}},
  {"GET", "/business-cases/{id}/appraisal", NEED_SIGNED_IN, REC_BUSINESS_CASE, 0, page_business_case_appraisal, {{0}}},
  {"POST", "/business-cases/{id}/appraisal", NEED_SIGNED_IN, REC_BUSINESS_CASE, ROUTE_WRITE, page_business_case_scores, {{0}}},
  {"POST", "/business-cases/{id}/appraisal/criteria", NEED_SIGNED_IN, REC_BUSINESS_CASE, ROUTE_WRITE, page_business_case_criterion_add, {{0}}},
  {"POST", "/business-cases/{id}/appraisal/criteria/{item}/delete", NEED_SIGNED_IN, REC_BUSINESS_CASE, ROUTE_WRITE, page_business_case_criterion_delete, {{0}}},
  {"POST", "/business-cases/{id}/submit", NEED_SIGNED_IN, REC_BUSINESS_CASE, ROUTE_WRITE, page_business_case_submit, {{0}}},
  {"GET", "/business-cases/{id}/decide", NEED_SIGNED_IN, REC_BUSINESS_CASE, 0, page_business_case_decide_form, {{0}}},
  {"POST", "/business-cases/{id}/decide", NEED_SIGNED_IN, REC_BUSINESS_CASE, 0, page_business_case_decide, {{0}}},
  {"GET", "/business-cases/{id}/case.xlsx", NEED_SIGNED_IN, REC_BUSINESS_CASE, 0, page_business_case_xlsx, {{0}}},
  {"GET", "/api/v1/units/{slug}/business-cases", NEED_SIGNED_IN, REC_UNIT, ROUTE_API, api_unit_business_cases, {{0}}},
  /* Standing Financial Instructions, the procurement route check and
  ** commitments (issue 13: pages/sfi.c, pages/commitments.c). */
  {"GET", "/units/{slug}/sfi", NEED_SIGNED_IN, REC_UNIT, 0, page_sfi_unit, {{0}}},
  {"GET", "/units/{slug}/sfi/signatories", NEED_SIGNED_IN, REC_UNIT, 0, page_sfi_signatories, {{0}}},
  {"POST", "/units/{slug}/sfi/signatories", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_sfi_signatory_add, {{0}}},
  {"POST", "/units/{slug}/sfi/signatories/{id}/end", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_sfi_signatory_end, {{0}}},
  {"GET", "/sfi/{id}", NEED_SIGNED_IN, REC_SFI_VERSION, 0, page_sfi_version, {{0}}},
  {"GET", "/sfi/{id}/edit", NEED_SIGNED_IN, REC_SFI_VERSION, ROUTE_WRITE, page_sfi_version_edit, {{0}}},
  {"POST", "/sfi/{id}/edit", NEED_SIGNED_IN, REC_SFI_VERSION, ROUTE_WRITE, page_sfi_version_update, {{0}}},
  {"POST", "/sfi/{id}/copy", NEED_SIGNED_IN, REC_SFI_VERSION, ROUTE_WRITE, page_sfi_version_copy, {{0}}},
  {"GET", "/units/{slug}/procurement-route", NEED_SIGNED_IN, REC_UNIT, 0, page_procurement_route,
   {{"value", P_TEXT}, {"supplier", P_TEXT}}},
  {"GET", "/api/v1/units/{slug}/procurement-route", NEED_SIGNED_IN, REC_UNIT, ROUTE_API, api_procurement_route,
   {{"value", P_TEXT}, {"supplier", P_TEXT}}},
  {"GET", "/units/{slug}/commitments", NEED_SIGNED_IN, REC_UNIT, 0, page_commitments, {{"year", P_TEXT}, {"status", P_TEXT}}},
  {"GET", "/units/{slug}/commitments.xlsx", NEED_SIGNED_IN, REC_UNIT, 0, page_commitments_xlsx,
   {{"year", P_TEXT}, {"status", P_TEXT}}},
  {"GET", "/units/{slug}/commitments/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_commitment_new, {{0}}},
  {"POST", "/units/{slug}/commitments/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_commitment_create, {{0}}},
  {"GET", "/commitments/{id}", NEED_SIGNED_IN, REC_COMMITMENT, 0, page_commitment, {{0}}},
  {"POST", "/commitments/{id}/approve", NEED_SIGNED_IN, REC_COMMITMENT, ROUTE_WRITE, page_commitment_approve, {{0}}},
  {"POST", "/commitments/{id}/decline", NEED_SIGNED_IN, REC_COMMITMENT, ROUTE_WRITE, page_commitment_decline, {{0}}},
  {"POST", "/commitments/{id}/cancel", NEED_SIGNED_IN, REC_COMMITMENT, ROUTE_WRITE, page_commitment_cancel, {{0}}},
  /* Projects through their stages: the portfolio, starting one, the project, its milestones, gate and close (projects.c). */
  {"GET", "/units/{slug}/projects", NEED_SIGNED_IN, REC_UNIT, 0, page_projects, {{"stage", P_TEXT}, {"rag", P_TEXT}}},
  {"GET", "/units/{slug}/projects.xlsx", NEED_SIGNED_IN, REC_UNIT, 0, page_projects_xlsx, {{0}}},
  {"GET", "/units/{slug}/projects/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_project_new, {{"case", P_INT}, {"objective", P_INT}}},
  {"POST", "/units/{slug}/projects/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_project_create, {{0}}},
  {"GET", "/api/v1/units/{slug}/projects", NEED_SIGNED_IN, REC_UNIT, ROUTE_API, api_unit_projects, {{0}}},
  {"GET", "/projects/{id}", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_project, {{0}}},
  {"GET", "/projects/{id}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_edit, {{0}}},
  {"POST", "/projects/{id}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_update, {{0}}},
  {"GET", "/projects/{id}/milestones", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_project_milestones, {{0}}},
  {"GET", "/projects/{id}/milestones/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_milestone_new, {{0}}},
  {"POST", "/projects/{id}/milestones/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_milestone_create, {{0}}},
  {"GET", "/projects/{id}/milestones/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_milestone_edit, {{0}}},
  {"POST", "/projects/{id}/milestones/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_milestone_update, {{0}}},
  {"GET", "/projects/{id}/gate", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_gate, {{0}}},
  {"POST", "/projects/{id}/gate", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_gate_pass, {{0}}},
  {"POST", "/projects/{id}/close", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_close, {{0}}},
  {"GET", "/api/v1/projects/{id}", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_API, api_project, {{0}}},
  /* A project's evaluation: its four stages, measurements, logic model, benefits and recommendation
  ** (evaluation.c, logic_model.c, benefits.c). */
  {"GET", "/projects/{id}/evaluation", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_evaluation, {{0}}},
  {"GET", "/projects/{id}/evaluation/stages/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_evaluation_stage_edit, {{0}}},
  {"POST", "/projects/{id}/evaluation/stages/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_evaluation_stage_update, {{0}}},
  {"GET", "/projects/{id}/measurements", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_measurements, {{0}}},
  {"GET", "/projects/{id}/measurements/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_measurement_new, {{0}}},
  {"POST", "/projects/{id}/measurements/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_measurement_create, {{0}}},
  {"GET", "/projects/{id}/measurements/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_measurement_edit, {{0}}},
  {"POST", "/projects/{id}/measurements/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_measurement_update, {{0}}},
  {"GET", "/projects/{id}/measurements/{item}/record", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_measurement_record_form, {{0}}},
  {"POST", "/projects/{id}/measurements/{item}/record", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_measurement_record, {{0}}},
  {"GET", "/projects/{id}/logic-model", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_logic_model, {{0}}},
  {"GET", "/projects/{id}/logic-model/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_logic_item_new, {{"col", P_TEXT}}},
  {"POST", "/projects/{id}/logic-model/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_logic_item_create, {{0}}},
  {"GET", "/projects/{id}/logic-model/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_logic_item_edit, {{0}}},
  {"POST", "/projects/{id}/logic-model/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_logic_item_update, {{0}}},
  {"POST", "/projects/{id}/logic-model/{item}/delete", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_logic_item_delete, {{0}}},
  {"GET", "/projects/{id}/benefits", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_benefits, {{0}}},
  {"GET", "/projects/{id}/benefits/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_benefit_new, {{0}}},
  {"POST", "/projects/{id}/benefits/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_benefit_create, {{0}}},
  {"GET", "/projects/{id}/benefits/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_benefit_edit, {{0}}},
  {"POST", "/projects/{id}/benefits/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_benefit_update, {{0}}},
  {"GET", "/projects/{id}/recommendation", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_recommendation, {{0}}},
  {"POST", "/projects/{id}/recommendation", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_recommendation_save, {{0}}},
  {"GET", "/units/{slug}/benefits", NEED_SIGNED_IN, REC_UNIT, 0, page_unit_benefits, {{0}}},
  {"GET", "/units/{slug}/benefits.xlsx", NEED_SIGNED_IN, REC_UNIT, 0, page_unit_benefits_xlsx, {{0}}},
  /* A project's risks and issues, the unit's risk register, and the
  ** highlight report for a meeting (pages/risks.c, project_issues.c,
  ** project_reports.c). */
  {"GET", "/projects/{id}/risks", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_project_risks, {{"esc", P_TEXT}}},
  {"GET", "/projects/{id}/risks/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_risk_new, {{0}}},
  {"POST", "/projects/{id}/risks/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_risk_create, {{0}}},
  {"GET", "/projects/{id}/risks/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_risk_edit, {{0}}},
  {"POST", "/projects/{id}/risks/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_risk_update, {{0}}},
  {"POST", "/projects/{id}/risks/{item}/close", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_risk_close, {{0}}},
  {"GET", "/projects/{id}/issues", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_project_issues, {{0}}},
  {"GET", "/projects/{id}/issues/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_issue_new, {{0}}},
  {"POST", "/projects/{id}/issues/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_issue_create, {{0}}},
  {"GET", "/projects/{id}/issues/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_issue_edit, {{0}}},
  {"POST", "/projects/{id}/issues/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_issue_update, {{0}}},
  {"GET", "/projects/{id}/issues/{item}/resolve", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_issue_resolve_form, {{0}}},
  {"POST", "/projects/{id}/issues/{item}/resolve", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_issue_resolve, {{0}}},
  {"GET", "/units/{slug}/risks", NEED_SIGNED_IN, REC_UNIT, 0, page_unit_risks, {{"sort", P_TEXT}, {"esc", P_TEXT}}},
  {"GET", "/units/{slug}/risks/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_unit_risk_new, {{0}}},
  {"POST", "/units/{slug}/risks/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_unit_risk_create, {{0}}},
  {"GET", "/units/{slug}/risks/{id}/edit", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_unit_risk_edit, {{0}}},
  {"POST", "/units/{slug}/risks/{id}/edit", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_unit_risk_update, {{0}}},
  {"POST", "/units/{slug}/risks/{id}/close", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_unit_risk_close, {{0}}},
  {"GET", "/projects/{id}/highlight", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_project_highlight, {{"done", P_INT}}},
  {"POST", "/projects/{id}/highlight", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_project_highlight_draft, {{0}}},
  /* A project's documents, stakeholder map and decisions log (project_docs.c, project_links.c). */
  {"GET", "/projects/{id}/documents", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_projdoc_list, {{0}}},
  {"GET", "/projects/{id}/documents/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_new, {{"kind", P_TEXT}}},
  {"POST", "/projects/{id}/documents/new", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_create, {{"kind", P_TEXT}}},
  {"GET", "/projects/{id}/documents/{item}", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_projdoc_view, {{0}}},
  {"GET", "/projects/{id}/documents/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_edit, {{0}}},
  {"POST", "/projects/{id}/documents/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE|ROUTE_LONG_FORM, page_projdoc_save, {{0}}},
  {"POST", "/projects/{id}/documents/{item}/complete", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_complete, {{0}}},
  {"POST", "/projects/{id}/documents/{item}/reopen", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_reopen, {{0}}},
  {"GET", "/projects/{id}/documents/{item}/doc.pdf", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_projdoc_pdf, {{"lang", P_TEXT}}},
  {"POST", "/projects/{id}/follow-on", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_follow_on, {{0}}},
  {"GET", "/projects/{id}/stakeholders", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_projdoc_stakeholders, {{0}}},
  {"POST", "/projects/{id}/stakeholders", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_stakeholder_add, {{0}}},
  {"GET", "/projects/{id}/stakeholders/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_stakeholder_edit, {{0}}},
  {"POST", "/projects/{id}/stakeholders/{item}/edit", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_stakeholder_save, {{0}}},
  {"POST", "/projects/{id}/stakeholders/{item}/delete", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_stakeholder_delete, {{0}}},
  {"GET", "/projects/{id}/decisions", NEED_SIGNED_IN, REC_WORK_PROJECT, 0, page_projdoc_decisions, {{0}}},
  {"POST", "/projects/{id}/decisions", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_decision_link, {{0}}},
  {"POST", "/projects/{id}/links/{item}/delete", NEED_SIGNED_IN, REC_WORK_PROJECT, ROUTE_WRITE, page_projdoc_link_delete, {{0}}},
  /* The cluster's money (finance.c, finance_forms.c). */
  {"GET", "/units/{slug}/finance", NEED_SIGNED_IN, REC_UNIT, 0, page_finance, {{"year", P_TEXT}}},
  {"GET", "/units/{slug}/finance.xlsx", NEED_SIGNED_IN, REC_UNIT, 0, page_finance_xlsx, {{"year", P_TEXT}}},
  {"GET", "/api/v1/units/{slug}/finance", NEED_SIGNED_IN, REC_UNIT, ROUTE_API, api_unit_finance, {{"year", P_TEXT}}},
  {"GET", "/units/{slug}/finance/allocations/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_allocation_new, {{"year", P_TEXT}}},
  {"POST", "/units/{slug}/finance/allocations/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_allocation_create, {{0}}},
  {"GET", "/units/{slug}/finance/allocations/{id}/edit", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_allocation_edit, {{0}}},
  {"POST", "/units/{slug}/finance/allocations/{id}/edit", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_allocation_update, {{0}}},
  {"POST", "/units/{slug}/finance/allocations/{id}/carry-forward", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_carry_forward, {{0}}},
  {"GET", "/units/{slug}/finance/budget-lines/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_line_new, {{"year", P_TEXT}, {"objective", P_INT}}},
  {"POST", "/units/{slug}/finance/budget-lines/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_line_create, {{"year", P_TEXT}}},
  {"GET", "/units/{slug}/finance/budget-lines/{id}/edit", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_line_edit, {{"year", P_TEXT}}},
  {"POST", "/units/{slug}/finance/budget-lines/{id}/edit", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_line_update, {{"year", P_TEXT}}},
  {"GET", "/units/{slug}/finance/spend", NEED_SIGNED_IN, REC_UNIT, 0, page_finance_spend, {{"year", P_TEXT}, {"allocation", P_INT}}},
  {"GET", "/units/{slug}/finance/spend.xlsx", NEED_SIGNED_IN, REC_UNIT, 0, page_finance_spend_xlsx, {{"year", P_TEXT}, {"allocation", P_INT}}},
  {"GET", "/units/{slug}/finance/spend/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_spend_new, {{"year", P_TEXT}, {"commitment", P_INT}}},
  {"POST", "/units/{slug}/finance/spend/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_spend_create, {{"year", P_TEXT}}},
  {"GET", "/units/{slug}/finance/import", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_finance_import_form, {{0}}},
  {"POST", "/units/{slug}/finance/import", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE|ROUTE_UPLOAD, page_finance_import, {{0}}},
  /* Indicators, the catalogue maintained (administrators and national users). */
  {"GET", "/indicators/new", NEED_SIGNED_IN, REC_CATALOGUE, ROUTE_WRITE, page_indicator_new, {{0}}},
  {"POST", "/indicators/new", NEED_SIGNED_IN, REC_CATALOGUE, ROUTE_WRITE, page_indicator_create, {{0}}},
  {"GET", "/indicators/{code}/edit", NEED_SIGNED_IN, REC_CATALOGUE, ROUTE_WRITE, page_indicator_edit, {{0}}},
  {"POST", "/indicators/{code}/edit", NEED_SIGNED_IN, REC_CATALOGUE, ROUTE_WRITE, page_indicator_update, {{0}}},
  {"GET", "/indicators/import", NEED_SIGNED_IN, REC_CATALOGUE, ROUTE_WRITE, page_indicator_import_form, {{0}}},
  {"POST", "/indicators/import", NEED_SIGNED_IN, REC_CATALOGUE, ROUTE_WRITE|ROUTE_UPLOAD, page_indicator_import, {{0}}},
  {"GET", "/people/{id}/interests", NEED_SIGNED_IN, REC_PERSON, 0, page_interests, {{0}}},
  {"POST", "/people/{id}/interests", NEED_SIGNED_IN, REC_PERSON, ROUTE_WRITE, page_interest_create, {{0}}},
  {"GET", "/api/v1/units/{slug}/meetings", NEED_SIGNED_IN, REC_UNIT, ROUTE_API, api_unit_meetings, {{0}}},
  {"GET", "/api/v1/meetings/{id}", NEED_SIGNED_IN, REC_MEETING, ROUTE_API, api_meeting, {{0}}},
  {"GET", "/units/{slug}/actions", NEED_SIGNED_IN, REC_UNIT, 0, page_actions,
           {{"after", P_INT}, {"status", P_TEXT}, {"lead", P_INT}, {"overdue", P_INT}}},
  {"GET", "/units/{slug}/actions.csv", NEED_SIGNED_IN, REC_UNIT, 0, page_actions_csv,
           {{"status", P_TEXT}, {"lead", P_INT}, {"overdue", P_INT}}},
  {"GET", "/units/{slug}/actions.xlsx", NEED_SIGNED_IN, REC_UNIT, 0, page_actions_xlsx,
           {{"status", P_TEXT}, {"lead", P_INT}, {"overdue", P_INT}}},
  {"GET", "/units/{slug}/actions/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_action_new, {{"meeting", P_INT}, {"objective", P_INT}}},
  {"POST", "/units/{slug}/actions/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_action_create, {{0}}},
  {"GET", "/actions/mine", NEED_SIGNED_IN, REC_NONE, 0, page_actions_mine,
           {{"after", P_INT}, {"status", P_TEXT}, {"overdue", P_INT}}},
  {"GET", "/actions/{id}", NEED_SIGNED_IN, REC_ACTION, 0, page_action, {{0}}},
  /* The lead of an action may update it without write access to its
  ** unit: action_update decides (domain/action.h). */
  {"POST", "/actions/{id}", NEED_SIGNED_IN, REC_ACTION, 0, page_action_update, {{0}}},
  {"GET", "/actions/{id}/edit", NEED_SIGNED_IN, REC_ACTION, ROUTE_WRITE, page_action_edit, {{0}}},
  {"POST", "/actions/{id}/edit", NEED_SIGNED_IN, REC_ACTION, ROUTE_WRITE, page_action_edit_save, {{0}}},
  {"GET", "/api/v1/units/{slug}/actions", NEED_SIGNED_IN, REC_UNIT, ROUTE_API, api_unit_actions,
           {{"after", P_INT}, {"limit", P_INT}, {"status", P_TEXT}, {"overdue", P_INT}}},
  {"GET", "/meetings/{id}/calendar.ics", NEED_SIGNED_IN, REC_MEETING, 0, page_meeting_ics, {{0}}},
  {"GET", "/meetings/{id}/pack.pdf", NEED_SIGNED_IN, REC_MEETING, 0, page_meeting_pack_pdf, {{0}}},
  {"GET", "/meetings/{id}/minutes.pdf", NEED_SIGNED_IN, REC_MEETING, 0, page_meeting_minutes_pdf, {{0}}},
  {"POST", "/meetings/{id}/publish", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_meeting_publish, {{0}}},
  {"GET", "/meetings/{id}/circulation", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_meeting_circulation, {{0}}},
  {"GET", "/account/messages", NEED_SIGNED_IN, REC_NONE, 0, page_mail_prefs, {{"saved", P_INT}}},
  {"POST", "/account/messages", NEED_SIGNED_IN, REC_NONE, 0, page_mail_prefs_save, {{0}}},
  {"POST", "/meetings/{id}/minutes/circulate", NEED_SIGNED_IN, REC_MEETING, ROUTE_WRITE, page_minutes_circulate, {{0}}},
  {"GET", "/calendar", NEED_SIGNED_IN, REC_NONE, 0, page_calendar, {{0}}},
  {"POST", "/calendar", NEED_SIGNED_IN, REC_NONE, 0, page_calendar_post, {{0}}},
  {"GET", "/calendar/{token}/meetings.ics", NEED_ANYONE, REC_FEED, 0, page_calendar_feed, {{0}}},
  {"GET", "/admin/audit", NEED_ADMIN, REC_NONE, 0, page_audit, {{"before", P_INT}}},
  {"GET", "/admin/outbox", NEED_ADMIN, REC_NONE, 0, page_admin_outbox, {{"before", P_INT}, {"status", P_TEXT}}},
  {"GET", "/admin/settings", NEED_ADMIN, REC_NONE, 0, page_admin_settings, {{"saved", P_INT}}},
  {"POST", "/admin/settings", NEED_ADMIN, REC_NONE, 0, page_admin_settings_save, {{0}}},
  {"GET", "/units/{slug}/qi", NEED_SIGNED_IN, REC_UNIT, 0, page_qi_projects, {{0}}},
  {"GET", "/units/{slug}/qi/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_qi_project_new, {{0}}},
  {"POST", "/units/{slug}/qi/new", NEED_SIGNED_IN, REC_UNIT, ROUTE_WRITE, page_qi_project_create, {{0}}},
  {"GET", "/qi/{id}", NEED_SIGNED_IN, REC_QI_PROJECT, 0, page_qi_project, {{0}}},
  {"GET", "/qi/{id}/edit", NEED_SIGNED_IN, REC_QI_PROJECT, ROUTE_WRITE, page_qi_project_edit, {{0}}},
  {"POST", "/qi/{id}/edit", NEED_SIGNED_IN, REC_QI_PROJECT, ROUTE_WRITE, page_qi_project_update, {{0}}},
  {"POST", "/qi/{id}/drivers", NEED_SIGNED_IN, REC_QI_PROJECT, ROUTE_WRITE, page_qi_driver_add, {{0}}},
  {"GET", "/qi/{id}/drivers/{item}/edit", NEED_SIGNED_IN, REC_QI_DRIVER, ROUTE_WRITE, page_qi_driver_edit, {{0}}},
  {"POST", "/qi/{id}/drivers/{item}/edit", NEED_SIGNED_IN, REC_QI_DRIVER, ROUTE_WRITE, page_qi_driver_update, {{0}}},
  {"POST", "/qi/{id}/drivers/{item}/delete", NEED_SIGNED_IN, REC_QI_DRIVER, ROUTE_WRITE, page_qi_driver_delete, {{0}}},
  {"POST", "/qi/{id}/links", NEED_SIGNED_IN, REC_QI_PROJECT, ROUTE_WRITE, page_qi_link_add, {{0}}},
  {"POST", "/qi/{id}/links/{item}/delete", NEED_SIGNED_IN, REC_QI_PROJECT, ROUTE_WRITE, page_qi_link_delete, {{0}}},
  {"GET", "/qi/{id}/pdsa/new", NEED_SIGNED_IN, REC_QI_PROJECT, ROUTE_WRITE, page_pdsa_new, {{"change", P_INT}, {"previous", P_INT}}},
  {"POST", "/qi/{id}/pdsa/new", NEED_SIGNED_IN, REC_QI_PROJECT, ROUTE_WRITE, page_pdsa_create, {{0}}},
  {"GET", "/pdsa/{id}", NEED_SIGNED_IN, REC_PDSA, 0, page_pdsa, {{0}}},
  {"GET", "/pdsa/{id}/edit", NEED_SIGNED_IN, REC_PDSA, ROUTE_WRITE, page_pdsa_edit, {{0}}},
  {"POST", "/pdsa/{id}/edit", NEED_SIGNED_IN, REC_PDSA, ROUTE_WRITE, page_pdsa_update, {{0}}},
  {"GET", "/qi/{id}/measures/new", NEED_SIGNED_IN, REC_QI_PROJECT, ROUTE_WRITE, page_measure_new, {{0}}},
  {"POST", "/qi/{id}/measures/new", NEED_SIGNED_IN, REC_QI_PROJECT, ROUTE_WRITE, page_measure_create, {{0}}},
  {"GET", "/measures/{id}", NEED_SIGNED_IN, REC_MEASURE, 0, page_measure, {{"all", P_INT}, {"page", P_INT}}},
  {"GET", "/measures/{id}/edit", NEED_SIGNED_IN, REC_MEASURE, ROUTE_WRITE, page_measure_edit, {{0}}},
  {"POST", "/measures/{id}/edit", NEED_SIGNED_IN, REC_MEASURE, ROUTE_WRITE, page_measure_update, {{0}}},
  {"GET", "/measures/{id}/data.csv", NEED_SIGNED_IN, REC_MEASURE, 0, page_measure_csv, {{0}}},
  {"POST", "/measures/{id}/points", NEED_SIGNED_IN, REC_MEASURE, ROUTE_WRITE, page_point_add, {{0}}},
  {"GET", "/measures/{id}/points/{item}", NEED_SIGNED_IN, REC_POINT, ROUTE_WRITE, page_point, {{0}}},
  {"POST", "/measures/{id}/points/{item}/annotate", NEED_SIGNED_IN, REC_POINT, ROUTE_WRITE, page_point_annotate, {{0}}},
  {"POST", "/measures/{id}/points/{item}/delete", NEED_SIGNED_IN, REC_POINT, ROUTE_WRITE, page_point_delete, {{0}}},
  {"POST", "/measures/{id}/rebases", NEED_SIGNED_IN, REC_MEASURE, ROUTE_WRITE, page_rebase_add, {{0}}},
  {"POST", "/measures/{id}/rebases/delete", NEED_SIGNED_IN, REC_MEASURE, ROUTE_WRITE, page_rebase_delete, {{0}}},
  {"GET", "/measures/{id}/import", NEED_SIGNED_IN, REC_MEASURE, ROUTE_WRITE, page_measure_import_form, {{0}}},
  {"POST", "/measures/{id}/import", NEED_SIGNED_IN, REC_MEASURE, ROUTE_WRITE|ROUTE_UPLOAD, page_measure_import, {{0}}},
  {"GET", "/api/v1/measures/{id}", NEED_SIGNED_IN, REC_MEASURE, ROUTE_API, api_measure,
           {{"from", P_INT}, {"limit", P_INT}}},
  {"GET", "/api/v1/units/{slug}/qi", NEED_SIGNED_IN, REC_UNIT, ROUTE_API, api_unit_qi, {{0}}},
  {"GET", "/api/v1/units", NEED_SIGNED_IN, REC_NONE, ROUTE_API, api_units, {{0}}},
  {"GET", "/api/v1/units/{slug}", NEED_SIGNED_IN, REC_UNIT, ROUTE_API, api_unit, {{0}}},
  {"GET", "/api/v1/units/{slug}/members", NEED_SIGNED_IN, REC_UNIT, ROUTE_API, api_unit_members, {{0}}},
};
#define N_ROUTE (int)(sizeof(aRoute)/sizeof(aRoute[0]))

/* ---- the record a path names ------------------------------------------------ */

/* Each kind's loader (the domain's visible-record loader: false when the
** record does not exist or the user may not see it) and its write check. */
static bool load_unit(struct req *r){
  return unit_get_visible(r->db, &r->user, r->azParam[0], r->zToday, &r->rec.unit);
}
static bool write_unit(struct req *r){ return access_can_write(r->db, &r->user, r->rec.unit.id, r->zToday); }

static bool load_meeting(struct req *r){
  return meeting_get_visible(r->db, &r->user, r->aId[0], r->zToday, &r->rec.meeting);
}
static bool write_meeting(struct req *r){ return access_can_write(r->db, &r->user, r->rec.meeting.unitId, r->zToday); }
/* A meeting's call for items is "written" by proposing to it: whether the
** call is still open is the handler's to say, with a message. */
static bool propose_meeting(struct req *r){ return meeting_may_propose(r->db, &r->user, &r->rec.meeting, r->zToday); }

static bool load_item(struct req *r){
  return agenda_item_get_visible(r->db, &r->user, r->aId[0], r->aId[1], r->zToday, &r->rec.meeting, &r->rec.item);
}

static bool load_membership(struct req *r){
  return membership_get_visible(r->db, &r->user, r->aId[0], r->zToday, &r->rec.membership)
      && unit_get_by_id(r->db, r->rec.membership.unitId, r->zToday, &r->rec.unit);
}
static bool write_membership(struct req *r){
  return access_can_write(r->db, &r->user, r->rec.membership.unitId, r->zToday);
}

static bool load_action(struct req *r){
  r->rec.pAction = xmalloc(sizeof *r->rec.pAction);
  return action_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pAction);
}
static bool write_action(struct req *r){ return access_can_write(r->db, &r->user, r->rec.pAction->unitId, r->zToday); }

/* A paper, with the meeting and item it is on (for its write check and
** its pages). */
static bool load_paper(struct req *r){
  r->rec.pPaper = xmalloc(sizeof *r->rec.pPaper);
  return paper_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pPaper, 0)
      && agenda_item_get_visible(r->db, &r->user, r->rec.pPaper->meetingId, r->rec.pPaper->itemId, r->zToday,
                                 &r->rec.meeting, &r->rec.item);
}

static bool load_person(struct req *r){
  r->rec.personId = r->aId[0];
  return interest_person_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.zPersonName, &r->rec.bPersonWrite);
}
static bool write_person(struct req *r){ return r->rec.bPersonWrite; }

static bool load_project(struct req *r){
  r->rec.pProject = xmalloc(sizeof *r->rec.pProject);
  return qi_project_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pProject);
}
static bool write_project(struct req *r){ return r->rec.pProject->bCanWrite; }

static bool load_driver(struct req *r){
  if( !load_project(r) ) return false;
  r->rec.pDriver = xmalloc(sizeof *r->rec.pDriver);
  return qi_driver_get(r->db, r->aId[1], r->rec.pDriver) && r->rec.pDriver->projectId==r->rec.pProject->id;
}

static bool load_pdsa(struct req *r){
  r->rec.pPdsa = xmalloc(sizeof *r->rec.pPdsa);
  r->rec.pProject = xmalloc(sizeof *r->rec.pProject);
  return qi_pdsa_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pPdsa, r->rec.pProject);
}

static bool load_measure(struct req *r){
  r->rec.pMeasure = xmalloc(sizeof *r->rec.pMeasure);
  r->rec.pProject = xmalloc(sizeof *r->rec.pProject);
  return qi_measure_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pMeasure, r->rec.pProject);
}

/* A point is the measure's, found in its series (which the page draws). */
static bool load_point(struct req *r){
  if( !load_measure(r) ) return false;
  r->rec.pSeries = xcalloc(1, sizeof *r->rec.pSeries);
  if( !qi_series_load(r->db, r->rec.pMeasure->id, r->rec.pSeries) ){ free(r->rec.pSeries); r->rec.pSeries = 0; return false; }
  const struct qi_series *s = r->rec.pSeries;
  size_t i = 0;
  while( i<s->n && s->aId[i]!=r->aId[1] ) i++;
  r->rec.iPoint = i;
  return i<s->n;
}

/* A feed's token names its owner; the feed is theirs to read, so no one
** else's visibility applies (only a hash of the token is stored). */
static bool load_feed(struct req *r){
  return calendar_feed_user(r->db, r->azParam[0], &r->rec.feedUser);
}

static bool load_declaration(struct req *r){
  r->rec.pDeclaration = xmalloc(sizeof *r->rec.pDeclaration);
  return declaration_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pDeclaration,
                                 &r->rec.meeting, &r->rec.item);
}

static bool load_plan(struct req *r){
  r->rec.pPlan = xmalloc(sizeof *r->rec.pPlan);
  return plan_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pPlan);
}
static bool write_plan(struct req *r){ return r->rec.pPlan->bCanWrite; }
static bool load_plan_objective(struct req *r){
  if( !load_plan(r) ) return false;
  r->rec.pObjective = xmalloc(sizeof *r->rec.pObjective);
  return plan_objective_get(r->db, r->rec.pPlan->id, r->aId[1], r->rec.pObjective);
}
/* A plan, for its views (plan on a page): read by whoever may read its unit. */
static bool load_plan_view(struct req *r){
  r->rec.pPlanView = xmalloc(sizeof *r->rec.pPlanView);
  return planview_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pPlanView);
}
/* The indicator catalogue: nothing to load (a handler looks up a
** {code}); changed by administrators and national users only. */
static bool load_catalogue(struct req *r){ (void)r; return true; }
static bool write_catalogue(struct req *r){ return indicator_can_manage(&r->user); }
/* A needs assessment; a priority with its assessment (issue 12). */
static bool load_needs(struct req *r){
  r->rec.pNeeds = xmalloc(sizeof *r->rec.pNeeds);
  return needs_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pNeeds);
}
static bool write_needs(struct req *r){ return r->rec.pNeeds->bCanWrite; }
static bool load_priority(struct req *r){
  r->rec.pNeeds = xmalloc(sizeof *r->rec.pNeeds);
  r->rec.pPriority = xmalloc(sizeof *r->rec.pPriority);
  return priority_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pPriority, r->rec.pNeeds);
}
/* A business case (issue 13): read by whoever may read its unit; written
** by a writer of its unit while a draft. */
static bool load_business_case(struct req *r){
  r->rec.pCase = xmalloc(sizeof *r->rec.pCase);
  return business_case_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pCase);
}
static bool write_business_case(struct req *r){ return r->rec.pCase->bCanWrite; }

/* A version of a health board's Standing Financial Instructions, read by
** whoever may read the board, changed by whoever may write it; a
** commitment, read by whoever may read its unit (issue 13). */
static bool load_sfi_version(struct req *r){
  struct stmt *s = db_prepare(r->db, "SELECT unit_id FROM sfi_version WHERE id=?1");
  stmt_bind_int(s, 1, r->aId[0]);
  long long hb = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  r->rec.sfiVersionId = r->aId[0];
  return hb>0 && access_can_read(r->db, &r->user, hb, r->zToday)
      && unit_get_by_id(r->db, hb, r->zToday, &r->rec.unit);
}
static bool write_sfi_version(struct req *r){ return access_can_write(r->db, &r->user, r->rec.unit.id, r->zToday); }
static bool load_commitment(struct req *r){
  r->rec.pCommitment = xmalloc(sizeof *r->rec.pCommitment);
  return commitment_get(r->db, r->aId[0], r->rec.pCommitment)
      && access_can_read(r->db, &r->user, r->rec.pCommitment->unitId, r->zToday)
      && unit_get_by_id(r->db, r->rec.pCommitment->unitId, r->zToday, &r->rec.unit);
}
static bool read_commitment(struct req *r){ return access_can_read(r->db, &r->user, r->rec.unit.id, r->zToday); }

/* A project (issue 14), read by whoever may read its unit, written by a
** writer of it while the project is open. */
static bool load_work_project(struct req *r){
  r->rec.pWork = xmalloc(sizeof *r->rec.pWork);
  if( !project_get_visible(r->db, &r->user, r->aId[0], r->zToday, r->rec.pWork) ){
    free(r->rec.pWork);
    r->rec.pWork = 0;
    return false;
  }
  return unit_get_by_id(r->db, r->rec.pWork->unitId, r->zToday, &r->rec.unit);
}
static bool write_work_project(struct req *r){ return r->rec.pWork->bCanWrite; }

static const struct {
  bool (*xLoad)(struct req *);
  bool (*xCanWrite)(struct req *);
} aKind[REC__MAX] = {
  [REC_NONE]       = {0, 0},
  [REC_UNIT]       = {load_unit, write_unit},
  [REC_MEETING]    = {load_meeting, write_meeting},
  [REC_ITEM]       = {load_item, write_meeting},
  [REC_MEMBERSHIP] = {load_membership, write_membership},
  [REC_ACTION]     = {load_action, write_action},
  [REC_PAPER]      = {load_paper, write_meeting},
  [REC_PERSON]     = {load_person, write_person},
  [REC_QI_PROJECT] = {load_project, write_project},
  [REC_QI_DRIVER]  = {load_driver, write_project},
  [REC_PDSA]       = {load_pdsa, write_project},
  [REC_MEASURE]    = {load_measure, write_project},
  [REC_POINT]      = {load_point, write_project},
  [REC_FEED]       = {load_feed, 0},
  [REC_DECLARATION] = {load_declaration, write_meeting},
  [REC_CALL]       = {load_meeting, propose_meeting},
  [REC_PLAN]       = {load_plan, write_plan},
  [REC_PLAN_OBJECTIVE] = {load_plan_objective, write_plan},
  [REC_PLAN_VIEW]  = {load_plan_view, 0},
  [REC_CATALOGUE]  = {load_catalogue, write_catalogue},
  [REC_NEEDS]      = {load_needs, write_needs},
  [REC_PRIORITY]   = {load_priority, write_needs},
  [REC_BUSINESS_CASE] = {load_business_case, write_business_case},
  [REC_SFI_VERSION] = {load_sfi_version, write_sfi_version},
  [REC_COMMITMENT] = {load_commitment, read_commitment},
  [REC_WORK_PROJECT] = {load_work_project, write_work_project},
};

#ifndef NDEBUG
/* The captures of a route's pattern a kind of record needs, in order:
** what its loader reads from r->azParam[0] and r->aId[0..1]. */
static const char *const azKindCapture[REC__MAX][2] = {
  [REC_NONE]       = {0, 0},
  [REC_UNIT]       = {"{slug}", 0},
  [REC_MEETING]    = {"{id}", 0},
  [REC_ITEM]       = {"{id}", "{item}"},
  [REC_MEMBERSHIP] = {"{id}", 0},
  [REC_ACTION]     = {"{id}", 0},
  [REC_PAPER]      = {"{id}", 0},
  [REC_PERSON]     = {"{id}", 0},
  [REC_QI_PROJECT] = {"{id}", 0},
  [REC_QI_DRIVER]  = {"{id}", "{item}"},
  [REC_PDSA]       = {"{id}", 0},
  [REC_MEASURE]    = {"{id}", 0},
  [REC_POINT]      = {"{id}", "{item}"},
  [REC_FEED]       = {"{token}", 0},
  [REC_DECLARATION] = {"{id}", 0},
  [REC_CALL]       = {"{id}", 0},
  [REC_PLAN]       = {"{id}", 0},
  [REC_PLAN_OBJECTIVE] = {"{id}", "{item}"},
  [REC_PLAN_VIEW]  = {"{id}", 0},
  [REC_CATALOGUE]  = {0, 0},
  [REC_NEEDS]      = {"{id}", 0},
  [REC_PRIORITY]   = {"{id}", 0},
  [REC_BUSINESS_CASE] = {"{id}", 0},
  [REC_SFI_VERSION] = {"{id}", 0},
  [REC_COMMITMENT] = {"{id}", 0},
  [REC_WORK_PROJECT] = {"{id}", 0},
};

/* True if the route table says what the dispatcher relies on; each
** check is an assert of its own, so that a failure names it. Per route:
** GET or POST; a pattern from "/" whose captures are known names
** (capture_ok reads them), at most REQ_MAX_PARAMS of them, none with a
** "*" tail; the captures its kind loads, first and in order, and no
** {slug}, {id} or {item} on a route that loads nothing (REC_NONE would
** pass it to the handler unchecked); a loader for every kind; a write
** check for every route that writes; uploads only on POST routes that
** need sign-in and write, and so do long forms (no unauthenticated body
** beyond 64 KiB); the
** API and the routes that need nobody read only; and no two routes with
** one method and pattern (the second would never run). */
static bool routes_well_formed(void){
  for(int k=REC_NONE+1; k<REC__MAX; k++) assert( aKind[k].xLoad!=0 );
  assert( aKind[REC_NONE].xLoad==0 && aKind[REC_NONE].xCanWrite==0 );
  for(int i=0; i<N_ROUTE; i++){
    const struct route *rt = &aRoute[i];
    assert( rt->xHandler!=0 );
    assert( strcmp(rt->zMethod, "GET")==0 || strcmp(rt->zMethod, "POST")==0 );
    assert( rt->zPattern[0]=='/' );
    assert( rt->kind>=REC_NONE && rt->kind<REC__MAX );
    const char *azCap[REQ_MAX_PARAMS+1] = {0};
    int nCap = 0;
    for(const char *p = strchr(rt->zPattern, '{'); p; p = strchr(p+1, '{')){
      const char *pEnd = strchr(p, '}');
      assert( pEnd!=0 );
      size_t n = (size_t)(pEnd-p)+1;
      assert( (n==6 && strncmp(p, "{slug}", n)==0) || (n==4 && strncmp(p, "{id}", n)==0)
           || (n==6 && strncmp(p, "{item}", n)==0) || (n==6 && strncmp(p, "{lang}", n)==0)
           || (n==7 && strncmp(p, "{token}", n)==0) || (n==6 && strncmp(p, "{code}", n)==0) );
      assert( nCap<REQ_MAX_PARAMS );
      azCap[nCap++] = p;
    }
    size_t nPat = strlen(rt->zPattern);
    assert( strchr(rt->zPattern, '*')==0 || (rt->zPattern[nPat-1]=='*' && nCap==0 && rt->kind==REC_NONE) );
    for(int j=0; j<2; j++){
      const char *zWant = azKindCapture[rt->kind][j];
      if( zWant==0 ) continue;
      assert( j<nCap && strncmp(azCap[j], zWant, strlen(zWant))==0 );
    }
    if( rt->kind==REC_NONE ){
      for(int j=0; j<nCap; j++){
        assert( strncmp(azCap[j], "{slug}", 6)!=0 && strncmp(azCap[j], "{id}", 4)!=0
             && strncmp(azCap[j], "{item}", 6)!=0 );
      }
    }
    if( rt->flags & ROUTE_WRITE ) assert( aKind[rt->kind].xCanWrite!=0 );
    if( rt->flags & (ROUTE_UPLOAD|ROUTE_LONG_FORM) ){
      assert( strcmp(rt->zMethod, "POST")==0 && (rt->flags & ROUTE_WRITE) );
      assert( rt->need==NEED_SIGNED_IN || rt->need==NEED_ADMIN );
    }
    if( rt->flags & ROUTE_API ) assert( strcmp(rt->zMethod, "GET")==0 );
    if( rt->need==NEED_NOBODY || rt->need==NEED_OPERATOR ){
      assert( strcmp(rt->zMethod, "GET")==0 && rt->kind==REC_NONE && (rt->flags & ~ROUTE_NO_DB)==0 );
    }
    /* Without a database: only a route that asks nobody who they are. */
    if( rt->flags & ROUTE_NO_DB ) assert( rt->need==NEED_NOBODY || rt->need==NEED_OPERATOR );
    if( rt->need==NEED_OPERATOR ) assert( rt->flags & ROUTE_NO_DB );
    for(int j=0; j<i; j++){
      assert( strcmp(aRoute[j].zMethod, rt->zMethod)!=0 || strcmp(aRoute[j].zPattern, rt->zPattern)!=0 );
    }
  }
  return true;
}
#endif

static void rec_free(struct rec *p){
  free(p->pAction);
  free(p->pPaper);
  free(p->pDeclaration);
  free(p->pPlanView);
  free(p->pNeeds);
  free(p->pPriority);
  free(p->pCase);
  free(p->pCommitment);
  if( p->pWork ){ project_free(p->pWork); free(p->pWork); }
  free(p->pProject);
  free(p->pDriver);
  free(p->pPdsa);
  free(p->pMeasure);
  free(p->pPlan);
  free(p->pObjective);
  if( p->pSeries ){ qi_series_free(p->pSeries); free(p->pSeries); }
  memset(p, 0, sizeof *p);
}

/* ---- checks --------------------------------------------------------------- */

/* Does the captured value suit the {name} it was captured for? */
static bool capture_ok(const char *zPattern, int iCap, const char *zVal, long long *pId){
  const char *p = zPattern;
  *pId = 0;
  for(int i=0; (p = strchr(p, '{'))!=0; i++, p++){
    if( i!=iCap ) continue;
    if( strncmp(p, "{slug}", 6)==0 ) return text_is_slug(zVal);
    if( strncmp(p, "{id}", 4)==0 || strncmp(p, "{item}", 6)==0 ) return text_to_int(zVal, 1, (long long)1<<53, pId);
    if( strncmp(p, "{lang}", 6)==0 ) return strcmp(zVal, "en")==0 || strcmp(zVal, "cy")==0;
    if( strncmp(p, "{token}", 7)==0 ) return strlen(zVal)==64 && strspn(zVal, "0123456789abcdef")==64;
    /* An indicator's code (the handler looks it up): a-z, 0-9 and _. */
    if( strncmp(p, "{code}", 6)==0 ){
      size_t n = strlen(zVal);
      return n>0 && n<=40 && strspn(zVal, "abcdefghijklmnopqrstuvwxyz0123456789_")==n;
    }
    return false;
  }
  return false;
}

static bool param_ok(enum param_kind k, const char *z){
  long long v;
  switch( k ){
    case P_INT: return text_to_int(z, 0, (long long)1<<53, &v);
    case P_SLUG: return text_is_slug(z);
    case P_LOCAL_PATH: return parse_is_local_path(z);
    case P_TEXT: return strlen(z)<=200 && text_is_clean_utf8(z, false);
  }
  return false;
}

/* The one "not found": what does not exist and what may not be seen alike. */
static void not_found(struct req *r){
  if( r->pRoute && (r->pRoute->flags & ROUTE_API) ) req_json_error(r, 404, "not found");
  else page_not_found(r);
}

/* Language: the cookie, else the signed-in user's saved choice, else
** the browser's Accept-Language when it prefers Welsh, else English. */
static void choose_language(struct req *r){
  r->lang = LANG_EN;
  if( i18n_parse_lang(req_cookie(r, "cc_lang"), &r->lang) ) return;
  if( r->bSignedIn && i18n_parse_lang(r->user.zLang, &r->lang) ) return;
  const char *zAccept = req_header(r, "Accept-Language");
  if( zAccept && strncmp(zAccept, "cy", 2)==0 ) r->lang = LANG_CY;
}

/* A POST's anti-forgery token: the session's when signed in. A route
** open to anyone (sign-in, the language) also takes the form token of
** someone not yet signed in: the cc_pre cookie's value sent back in the
** form (double submit; see page_form_token). */
static bool token_is(const char *zSent, const char *zWant){
  return zSent && zWant && zWant[0] && strlen(zSent)==strlen(zWant)
      && sodium_memcmp(zSent, zWant, strlen(zWant))==0;
}
static bool csrf_ok(struct req *r){
  const char *zSent = req_form(r, "csrf");
  if( r->bSignedIn && !r->bViaToken && token_is(zSent, r->zCsrf) ) return true;
  const char *zPre = req_cookie(r, "cc_pre");
  return r->pRoute->need==NEED_ANYONE && zPre && strlen(zPre)==64 && token_is(zSent, zPre);
}

/* The client's address: the socket's peer, or behind the TLS proxy the
** address the proxy appended last to X-Forwarded-For (nginx's
** $proxy_add_x_forwarded_for), which a client cannot forge. */
static void client_address(struct req *r){
  snprintf(r->zClientIp, sizeof r->zClientIp, "%s", r->h->zPeerIp);
  if( !config.bBehindTlsProxy ) return;
  const char *z = req_header(r, "X-Forwarded-For");
  if( !z ) return;
  const char *zLast = strrchr(z, ',');
  zLast = zLast ? zLast+1 : z;
  while( *zLast==' ' ) zLast++;
  size_t n = strspn(zLast, "0123456789abcdefABCDEF.:");
  if( n==0 || n>=sizeof r->zClientIp || zLast[n+strspn(zLast+n, " ")]!=0 ) return;
  memcpy(r->zClientIp, zLast, n);
  r->zClientIp[n] = 0;
}

/* May this request see an operator's route (NEED_OPERATOR)? A client on
** loopback may, unless the request came through a proxy: nginx runs on
** loopback too, so a request that carries a proxy's header is a remote
** client's, whether or not --behind-tls-proxy was given. Otherwise only
** with the operator's token, "Authorization: Bearer TOKEN", compared in
** constant time (hashed first, so that its length is not compared). */
static bool operator_ok(struct req *r){
  bool bProxied = req_header(r, "X-Forwarded-For") || req_header(r, "Forwarded")
               || req_header(r, "X-Real-IP");
  if( !bProxied && parse_is_loopback(r->h->zPeerIp) ) return true;
  const char *zAuth = req_header(r, "Authorization");
  if( !bMetricsToken || !zAuth || strncasecmp(zAuth, "Bearer ", 7)!=0 ) return false;
  unsigned char a[crypto_generichash_BYTES];
  crypto_generichash(a, sizeof a, (const unsigned char*)zAuth+7, strlen(zAuth+7), 0, 0);
  return sodium_memcmp(a, aMetricsHash, sizeof a)==0;
}

/* Find the route for the path and method; its captures into r. On no
** match, *pbPath says whether the path is known for another method and
** *pzAllow lists those methods. An operator's route is not there for a
** request that may not see it (operator_ok): its path is unknown, for
** every method. */
static const struct route *route_find(struct req *r, bool *pbPath, const char **pzAllow){
  bool bGet = false, bPost = false;
  for(int i=0; i<N_ROUTE; i++){
    const struct route *c = &aRoute[i];
    char *az[REQ_MAX_PARAMS];
    long long aId[REQ_MAX_PARAMS];
    int nCap = 0;
    size_t nPat = strlen(c->zPattern);
    if( c->zPattern[nPat-1]=='*' ){
      if( strncmp(r->h->zPath, c->zPattern, nPat-1)!=0 ) continue;
    }else{
      nCap = parse_route(c->zPattern, r->h->zPath, az, REQ_MAX_PARAMS);
      if( nCap<0 ) continue;
      assert( nCap<=REQ_MAX_PARAMS );
      bool bOk = true;
      for(int j=0; j<nCap; j++) if( !capture_ok(c->zPattern, j, az[j], &aId[j]) ) bOk = false;
      if( !bOk ){ for(int j=0; j<nCap; j++) free(az[j]); continue; }
    }
    if( c->need==NEED_OPERATOR && !operator_ok(r) ){
      for(int j=0; j<nCap; j++) free(az[j]);
      continue;
    }
    *pbPath = true;
    bool bMethod = strcmp(c->zMethod, r->h->zMethod)==0
                || (strcmp(r->h->zMethod, "HEAD")==0 && strcmp(c->zMethod, "GET")==0);
    if( !bMethod ){
      if( strcmp(c->zMethod, "GET")==0 ) bGet = true; else bPost = true;
      for(int j=0; j<nCap; j++) free(az[j]);
      continue;
    }
    for(int j=0; j<nCap; j++){ r->azParam[j] = az[j]; r->aId[j] = aId[j]; }
    r->nParam = nCap;
    return c;
  }
  *pzAllow = bGet && bPost ? "GET, HEAD, POST" : bGet ? "GET, HEAD" : "POST";
  return 0;
}

/* ---- the two phases ---------------------------------------------------------- */

/* Hand the response to the transport. */
static void respond(struct req *r){
  struct http_req *h = r->h;
  h->status = r->status;
  buf_free(&h->body);
  h->body = r->body;
  memset(&r->body, 0, sizeof r->body);
  kvlist_free(&h->headers);
  h->headers = r->headers;
  memset(&r->headers, 0, sizeof r->headers);
  h->zContentType = r->zContentType;
  h->pStatic = r->pStatic;
  h->nStatic = r->nStatic;
  h->bCacheable = r->bCacheable;
  h->bHsts = r->bTls;
  memcpy(h->zNonce, r->zNonce, sizeof h->zNonce);
}

/* The database cannot be reached (or was lost during this request): a
** 503 that says so, in place of whatever the request had made; nothing
** of who asked is shown. The worker opens a new connection next time. */
static void unavailable(struct req *r){
  buf_reset(&r->body);
  kvlist_free(&r->headers);
  memset(&r->headers, 0, sizeof r->headers);
  r->bSignedIn = false;
  r->pStatic = 0;
  r->nStatic = 0;
  r->bCacheable = false;
  choose_language(r);
  if( strncmp(r->h->zPath, "/api/", 5)==0 ) req_json_error(r, 503, "the database is not available; try again in a minute");
  else page_error(r, 503, "error.db_unavailable_title", "error.db_unavailable_body");
  req_add_header(r, "Retry-After", "30");
}

/* Everything decided before the body is read; false when answered. */
static bool begin(struct req *r){
  text_today(r->zToday);
  auth_random_hex(r->zNonce, 16);
  r->bTls = config.bBehindTlsProxy;
  client_address(r);

  bool bPathKnown = false;
  const char *zAllow = 0;
  const struct route *rt = route_find(r, &bPathKnown, &zAllow);
  r->pRoute = rt;
  bool bApi = rt && (rt->flags & ROUTE_API);
  /* Every route but those that read none (ROUTE_NO_DB) needs the
  ** database. The metrics matter most while it is away, and the 503 page
  ** needs its styles: they neither wait for a connection nor answer 503. */
  if( !rt || !(rt->flags & ROUTE_NO_DB) ){
    r->db = app_worker_db();
    if( !r->db ){
      unavailable(r);
      return false;
    }
  }

  /* Assets, the health check and the metrics say nothing about who asks. */
  if( (!rt || (rt->need!=NEED_NOBODY && rt->need!=NEED_OPERATOR)) && (!bApi || !req_header(r, "Authorization")) ){
    const char *zSession = req_cookie(r, "cc_session");
    if( zSession && auth_session_user(r->db, zSession, &r->user, r->zCsrf) ){
      r->bSignedIn = true;
      snprintf(r->zSession, sizeof r->zSession, "%s", zSession);
    }
  }
  if( bApi ){
    const char *zAuth = req_header(r, "Authorization");
    if( zAuth ){
      if( strncmp(zAuth, "Bearer ", 7)!=0 || !auth_token_user(r->db, zAuth+7, &r->user) ){
        req_json_error(r, 401, "invalid or unknown API token");
        req_add_header(r, "WWW-Authenticate", "Bearer");
        return false;
      }
      r->bSignedIn = true;
      r->bViaToken = true;
    }
  }
  if( r->db && !db_healthy(r->db) ){
    /* Not "signed out": the session could not be read. */
    unavailable(r);
    return false;
  }
  choose_language(r);

  if( !rt ){
    if( bPathKnown ){
      page_error(r, 405, "error.method_title", "error.method_body");
      req_add_header(r, "Allow", zAllow);
    }else if( strncmp(r->h->zPath, "/api/", 5)==0 ){
      req_json_error(r, 404, "not found");
    }else{
      page_error(r, 404, "error.not_found_title", "error.not_found_body");
    }
    return false;
  }
  for(int i=0; i<r->h->query.n; i++){
    for(int j=0; j<4 && rt->aQuery[j].zName; j++){
      if( strcmp(rt->aQuery[j].zName, r->h->query.a[i].zKey)==0
       && !param_ok(rt->aQuery[j].kind, r->h->query.a[i].zVal) ){
        if( bApi ) req_json_error(r, 400, "bad query parameter");
        else page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
        return false;
      }
    }
  }
  if( (rt->need==NEED_SIGNED_IN || rt->need==NEED_ADMIN) && !r->bSignedIn ){
    if( bApi ){
      req_json_error(r, 401, "sign in or send an API token");
      req_add_header(r, "WWW-Authenticate", "Bearer");
      return false;
    }
    struct buf b = {0};
    buf_puts(&b, "/login?next=");
    html_urlpart(&b, r->h->zPath);
    req_redirect(r, buf_cstr(&b));
    buf_free(&b);
    return false;
  }
  if( rt->need==NEED_ADMIN && r->user.role!=ROLE_ADMIN ){
    page_not_found(r);
    return false;
  }
  return true;
}

enum http_body app_begin(struct http_req *h){
  assert( h!=0 && h->pApp==0 );   /* once per request */
  struct req *r = xcalloc(1, sizeof *r);
  h->pApp = r;
  r->h = h;
  if( !begin(r) ){ respond(r); return HTTP_BODY_NONE; }
  assert( r->pRoute!=0 );
  assert( r->pRoute->need==NEED_NOBODY || r->pRoute->need==NEED_ANYONE
       || r->pRoute->need==NEED_OPERATOR || r->bSignedIn );
  if( r->pRoute->flags & ROUTE_UPLOAD ) return HTTP_BODY_UPLOAD;
  return (r->pRoute->flags & ROUTE_LONG_FORM) ? HTTP_BODY_LONG_FORM : HTTP_BODY_FORM;
}

/* Everything once the body is in: the form, CSRF, the record, write access. */
static void dispatch(struct req *r){
  const struct route *rt = r->pRoute;
  assert( rt!=0 && rt->kind>=REC_NONE && rt->kind<REC__MAX );
  /* A kind's loader reads the captures its pattern has (routes_well_formed). */
  assert( rt->kind==REC_NONE || rt->kind==REC_CATALOGUE || r->nParam>=1 );
  assert( r->nParam>=0 && r->nParam<=REQ_MAX_PARAMS );
  if( strcmp(r->h->zMethod, "POST")==0 ){
    if( r->h->bFormBad ){
      page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
      return;
    }
    if( !(rt->flags & ROUTE_NO_CSRF) && !csrf_ok(r) ){
      page_error(r, 403, "error.csrf_title", "error.csrf_body");
      return;
    }
  }
  if( aKind[rt->kind].xLoad && !aKind[rt->kind].xLoad(r) ){ not_found(r); return; }
  /* Fails closed: a writing route whose kind had no write check would be
  ** refused here, were it not refused at start-up already. */
  if( (rt->flags & ROUTE_WRITE) && !(ALWAYS(aKind[rt->kind].xCanWrite) && aKind[rt->kind].xCanWrite(r)) ){
    not_found(r);
    return;
  }
  rt->xHandler(r);
}

/* An offloaded request's work is done (on an offload thread): answer it. */
static void offload_done(struct req *r){
  rec_free(&r->rec);
  respond(r);
  http_resume(r->h);
}

bool app_configure(const struct app_config *p){
  assert( p!=0 && p->zDbPath!=0 );
  /* The route table is checked once, before the first request: a route
  ** that names a record it does not load, or writes with no check, is a
  ** bug found at start-up by every test, not by the request that hits it. */
  assert( routes_well_formed() );
  config = *p;
  config.zMetricsToken = 0;
  bMetricsToken = p->zMetricsToken && p->zMetricsToken[0];
  if( bMetricsToken ){
    crypto_generichash(aMetricsHash, sizeof aMetricsHash, (const unsigned char*)p->zMetricsToken,
                       strlen(p->zMetricsToken), 0, 0);
  }
  metrics_start(aRoute, N_ROUTE, p->zVersion);
  access_log_start(p->fdAccessLog);
  return offload_start(p->nOffload, p->nOffloadQueue, app_worker_db, offload_done);
}

void app_stop(void){ offload_stop(); }

void app_handle(struct http_req *h){
  struct req *r = h->pApp;
  /* Called only when app_begin chose a body: a route, and a connection
  ** unless the route reads no database (ROUTE_NO_DB). */
  assert( r!=0 && r->h==h && r->pRoute!=0 && (r->db!=0)==!(r->pRoute->flags & ROUTE_NO_DB) );
  /* Every write path ends its transaction (db_commit or db_rollback)
  ** before it returns, so each request starts with none open. */
  assert( !r->db || !db_in_transaction(r->db) );
  /* A page's reads share one read transaction: one snapshot, and one
  ** round of file locking instead of one per statement. */
  struct db *db = r->db;
  bool bRead = db && (strcmp(h->zMethod, "GET")==0 || strcmp(h->zMethod, "HEAD")==0);
  if( bRead && !db_read_begin(db) ) bRead = false;
  dispatch(r);
  /* After req_offload r belongs to the offload thread (which gives it its
  ** own connection): from here on only this thread's db and h are used. */
  bool bDeferred = h->bDeferred;
  if( db && NEVER(db_in_transaction(db)) ) db_rollback(db);
  if( bRead ) db_read_end(db);
  if( bDeferred ) return;        /* offload_done answers it */
  if( db && !db_healthy(db) ) unavailable(r);
  rec_free(&r->rec);
  respond(r);
}

void app_done(struct http_req *h){
  const struct req *r = h->pApp;
  const struct route *rt = r ? r->pRoute : 0;
  assert( rt==0 || (rt>=aRoute && rt<aRoute+N_ROUTE) );
  metrics_count(rt ? (int)(rt-aRoute) : -1, h->zMethod, h->status, h->nDurationNs);
  access_log_write(metrics_method_label(h->zMethod), rt ? rt->zPattern : "unmatched", h->status,
                   h->nDurationNs, r && r->bSignedIn ? r->user.id : 0, h->nBodySent);
}

void app_free(struct http_req *h){
  struct req *r = h->pApp;
  if( !r ) return;
  rec_free(&r->rec);
  for(int i=0; i<r->nParam; i++) free(r->azParam[i]);
  buf_free(&r->body);
  kvlist_free(&r->headers);
  free(r);
  h->pApp = 0;
}
