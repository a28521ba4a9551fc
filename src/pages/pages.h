/*
** Handlers, one file per area; the route table is in app.c. A handler
** runs only after the dispatcher has checked everything the route
** declares: r->rec holds the record its path names, loaded through the
** domain's visible-record loader and, for a route that writes, checked
** for write access. A handler never parses an id or answers "not found"
** for its path's record itself.
**
** A handler (void page_NAME(struct req *), api_NAME for JSON) takes the
** request so checked, writes its whole answer into r (status, body,
** content type, headers) and returns nothing: every refusal is an answer
** (400 with the form again, or the one 404 through form_result or
** page_not_found). It ends any write transaction it began. The helpers
** below that draw part of a page append to r->body and take records the
** caller has loaded for the user; each says who checks write access for
** the forms it draws.
*/
#ifndef CC_PAGES_H
#define CC_PAGES_H
#include "web/req.h"

/* pages/auth.c */
void page_login_form(struct req *);
void page_login(struct req *);
void page_logout(struct req *);
void page_lang(struct req *);
/* "Forgot your password?": the form for an address, and the answer (the
** same whether or not it is anyone's); the link's page, where a new
** password is chosen; a link that is not the shape of one. */
void page_password_forgot_form(struct req *);
void page_password_forgot(struct req *);
void page_password_reset_form(struct req *);
void page_password_reset(struct req *);
void page_password_reset_unknown(struct req *);
struct field_errors;
/* The fields of a new password and its confirmation ("password",
** "confirm"; never filled in again), and their check into e. */
void page_new_password_fields(struct req *, const struct field_errors *e);
void page_check_new_password(struct req *, struct field_errors *e);
/* pages/account.c: the signed-in user's own account, and changing their
** password. */
void page_account(struct req *);
void page_account_password_form(struct req *);
void page_account_password(struct req *);
/* pages/units.c */
struct unit;
/* The opening of one of unit u's pages: breadcrumbs (home, the unit),
** the title zTitle, and the heading zTitle (id zHeadingId) under the
** unit's name as its caption. */
void page_unit_begin(struct req *, const struct unit *u, const char *zTitle, const char *zHeadingId);
void page_home(struct req *);
void page_unit(struct req *);
/* pages/mail_prefs.c: how each person is sent e-mail, and circulating the draft minutes */
void page_mail_prefs(struct req *);
void page_mail_prefs_save(struct req *);
struct field_errors;
struct meeting;
/* The two choices' radios (mail_mode, mail_lang) with their errors in e,
** worded for the person themselves or, bForSomeoneElse, for whoever edits
** a member. */
void mail_prefs_fields(struct req *, const struct field_errors *e, const char *zMode, const char *zLang,
                       bool bForSomeoneElse);
/* The minutes page's "Circulate for comment" (writers only, checked here). */
void minutes_circulate_section(struct req *, const struct meeting *);
void page_minutes_circulate(struct req *);
/* pages/members.c */
/* The unit's current members as <option>s (each person once, by name),
** zSel (a person id) selected. */
void page_member_options(struct req *, long long unitId, const char *zSel);
void page_member_new(struct req *);
void page_member_create(struct req *);
void page_member_edit(struct req *);
void page_member_update(struct req *);
/* pages/meetings.c */
struct meeting;
void page_meetings(struct req *);
void page_meeting_new(struct req *);
void page_meeting_create(struct req *);
void page_meeting(struct req *);
void page_meeting_item_add(struct req *);
/* pages/proposals.c: the call for items and members' proposals */
/* The meeting page's summary-list row saying until when items may be proposed. */
void proposals_call_row(struct req *, const struct meeting *, bool bWrite);
/* The meeting page's proposals: the proposer's own ("Your proposals"),
** the others waiting (nProposed: how many are not on the agenda), and
** the member's form to propose while the call for items is open. */
void proposals_section(struct req *, const struct meeting *, bool bWrite, int nProposed);
/* The call-for-items deadline's date and time fields (meeting forms). */
void deadline_fields(struct req *, const char *zDate, const char *zTime, const struct field_errors *);
struct agenda_item;
/* Summary-list rows of an item that was proposed: by whom, its
** description and its state (nothing for the chair's own items). */
void proposal_item_rows(struct req *, const struct meeting *, const struct agenda_item *);
/* The page of a proposal not on the agenda (proposed or declined). */
void proposal_item_page(struct req *);
void page_proposal_create(struct req *);
void page_proposal_confirmation(struct req *);
void page_proposal_decline(struct req *);
void page_meeting_item_decide(struct req *);
void page_meeting_deadline(struct req *);
void page_meeting_deadline_save(struct req *);
void page_meeting_item_move(struct req *);
void page_meeting_item_edit(struct req *);
void page_meeting_item_update(struct req *);
void page_meeting_attendance(struct req *);
void page_paper_replace_form(struct req *);
void page_paper_replace(struct req *);
void page_paper_withdraw_form(struct req *);
void page_paper_withdraw(struct req *);
void page_meeting_edit(struct req *);
void page_meeting_update(struct req *);
void page_meeting_cancel_form(struct req *);
void page_meeting_cancel(struct req *);
void page_meeting_item_delete_form(struct req *);
void page_meeting_item_delete(struct req *);
void page_meeting_apologies(struct req *);
void api_unit_meetings(struct req *);
void api_meeting(struct req *);
/* Sections of /api/v1/meetings/{id} written by other areas: each appends
** ',"key":[...]' to r->body. pages/meetings.c has empty weak defaults. */
void api_meeting_decisions(struct req *, const struct meeting *);
void api_meeting_actions(struct req *, const struct meeting *);
/* pages/actions.c: the action log */
struct action_filter;
void page_actions(struct req *);
void page_actions_mine(struct req *);
void page_action_new(struct req *);
void page_action_create(struct req *);
void page_action(struct req *);
void page_action_update(struct req *);
void page_action_edit(struct req *);
void page_action_edit_save(struct req *);
/* The filters of an action list from the query (status, overdue, lead,
** after); false for a status that is not one. */
bool action_query_filter(struct req *, struct action_filter *);
/* Append the filters as a query string ("?status=open&overdue=1"; the
** status always, "all" for any), the lead too when bLead. */
void action_filter_query(struct buf *, const struct action_filter *, bool bLead);
/* The status as an NHS.UK tag of its colour. */
void action_status_tag(struct req *, const char *zStatus);
/* pages/review.c: "Review of actions", on the meeting page and on the
** page of its standing item: each open action of the unit raised before
** meeting m, with its reference, text, lead, status, latest progress
** note and due date (flagged when overdue), in one query. The table is
** named by the heading whose id is zLabelledBy; a sentence says when
** there is none. Returns how many. */
int review_actions_table(struct req *, const struct meeting *m, const char *zLabelledBy);
/* pages/actions_export.c: CSV, Excel and JSON of the action log */
void page_actions_csv(struct req *);
void page_actions_xlsx(struct req *);
void api_unit_actions(struct req *);
/* pages/decisions.c: declarations, decisions and votes, minutes, the
** decisions log and the register of interests */
struct agenda_item;
/* An item's declarations, decisions, live quorum and minutes, with their
** forms for a user who may write (checked here): for the meeting page,
** under the item. */
void decisions_section(struct req *, const struct meeting *, const struct agenda_item *);
struct field_errors;
/* The whole page of item it of meeting m, with the errors e of its form
** zForm ("declaration", "decision", "election", "minutes", "paper") and
** what was typed in it, or with neither (zForm and e NULL). */
void decisions_item_page(struct req *, const struct meeting *m, const struct agenda_item *it,
                         const char *zForm, const struct field_errors *e);
/* The writers of the item page's forms (pages/item.c posts them): each
** reads its form, writes through the domain and returns -1 when refused,
** 0 with errors in e, else the id of what it saved. */
long long declaration_post(struct req *, const struct meeting *, const struct agenda_item *, struct field_errors *e);
long long decision_post(struct req *, const struct meeting *, const struct agenda_item *, struct field_errors *e);
long long minutes_post(struct req *, const struct meeting *, const struct agenda_item *, struct field_errors *e);
long long election_post(struct req *, const struct meeting *, const struct agenda_item *, struct field_errors *e);
long long paper_post(struct req *, const struct meeting *, const struct agenda_item *, struct field_errors *e);
/* pages/item.c: an agenda item's page and the posts of its forms */
void page_item(struct req *);
void page_declaration_create(struct req *);
void page_decision_create(struct req *);
void page_election_create(struct req *);
void page_minutes_save(struct req *);
void page_paper_upload(struct req *);
/* pages/elections.c: elections on a candidate list, on the item page */
struct quorum_result;
struct decision;
/* The election form of item it of meeting m, for a writer (the caller
** has checked), its ids prefixed with zPrefix, with the errors e and what
** was typed (e NULL: a fresh form) and the live quorum q. */
void election_form(struct req *, const struct meeting *, const struct agenda_item *, const char *zPrefix,
                   const struct field_errors *, const struct quorum_result *);
/* Draw decision d's election result with each candidate's votes: a
** summary-list row, or bCompact for a cell of the decisions log. False,
** drawing nothing, when d is not an election. */
bool election_result(struct req *, const struct decision *, bool bCompact);
/* The key "candidates" with each candidate's votes, for an election only. */
void election_json(struct req *, struct buf *, bool *pbFirst, long long decisionId);
/* pages/papers.c: papers on an item's page, upload and download */
/* The papers of item it as a table, and for a writer of m's unit (not a
** cancelled meeting) the upload form with the errors e (may be NULL). */
void papers_section(struct req *, const struct meeting *, const struct agenda_item *,
                    const struct field_errors *);
void page_paper_download(struct req *);
void page_minutes(struct req *);
/* pages/minutes.c: writing the minutes of every item on one page, and
** the parts of the web minutes that belong to the whole meeting */
void page_minutes_write(struct req *);
void page_minutes_write_save(struct req *);
/* Under the heading of meeting m's minutes: the form of the minutes, the
** link to write them (for a writer, once the meeting has started) and
** the attendance. */
void minutes_page_head(struct req *, const struct meeting *m);
/* After the items: the actions raised at the meeting. */
void minutes_page_actions(struct req *, const struct meeting *m);
/* After item it's minutes: the corrections of them. */
void minutes_item_corrections(struct req *, const struct meeting *m, const struct agenda_item *it);
/* pages/corrections.c: the corrections of a meeting's approved record.
** Draws each correction of record (zKind, recordId) of meeting meetingId
** (a kind of record_kinds, domain/record.h), oldest first, as "Corrected
** on 3 January 2027: the reason" with the original values under "Show the
** original" (an NHS.UK details component); with zKind NULL or recordId 0
** every record of the kind(s), each named by its kind. The caller has
** checked that the reader may see those records. Returns how many. */
int corrections_show(struct req *, long long meetingId, const char *zKind, long long recordId);
/* pages/approval.c: the record of a meeting on the item page, and the
** approval of the minutes of the last meeting at the next one. */
/* Where meeting m's record stands for a form that writes it, for a
** writer: before the start a paragraph saying when it becomes possible
** (true: draw no form); once the minutes are approved the inset saying
** so, at the top of the form (false: draw the form, with
** record_reason_field in it). */
bool record_form_closed(struct req *, const struct meeting *m);
void record_locked_inset(struct req *, const struct meeting *m);
/* The "Reason for the correction" field of form zForm on a locked record
** (nothing when the record is not locked), with its error from e and what
** was typed (bTyped: the form that failed). Its id is zPrefix followed by
** "correction_reason" in the form that failed (where its error summary
** links), else by zForm and "-correction_reason". */
void record_reason_field(struct req *, const struct meeting *m, const char *zPrefix, const char *zForm,
                         const struct field_errors *e, bool bTyped);
/* On the page of the "Minutes of the last meeting" item it of meeting m:
** the previous meeting's minutes, linked, where they stand, and for a
** writer the way to approve them once m has started. */
void approval_section(struct req *, const struct meeting *m, const struct agenda_item *it);
void page_minutes_approval(struct req *);
void page_minutes_approval_post(struct req *);
void page_unit_decisions(struct req *);
void page_interests(struct req *);
/* On a person's register: the declarations they made at meetings (declarations.c). */
void interests_declarations_section(struct req *, long long personId);
/* Under an item's declarations: those withdrawn after its meeting's
** minutes were approved, each with when and why (declarations.c). */
void declarations_withdrawn_section(struct req *, const struct meeting *, const struct agenda_item *);
void page_declaration_edit(struct req *);
void page_declaration_update(struct req *);
void page_declaration_withdraw_form(struct req *);
void page_declaration_withdraw(struct req *);
void page_interest_create(struct req *);
/* pages/calendar.c: .ics and PDF exports of a meeting, publishing the
** agenda pack, and the personal calendar feed. */
struct meeting;
void page_meeting_ics(struct req *);
void page_meeting_pack_pdf(struct req *);
void page_meeting_minutes_pdf(struct req *);
void page_meeting_publish(struct req *);
void page_calendar(struct req *);
void page_calendar_post(struct req *);
void page_calendar_feed(struct req *);
/* The "Downloads" section of a meeting page: .ics, pack and minutes
** links, when the pack was published, and (for writers) the publish form. */
void page_meeting_exports(struct req *, const struct meeting *);
/* Who was sent what about a meeting and its state; who has no address
** (writers of its unit: the route checks). */
void page_meeting_circulation(struct req *);
struct outbox_row;
/* The state of a message: a tag (queued, waiting to retry, delivered,
** failed, held for the digest) and when or why, in a table cell. */
void page_outbox_state(struct req *, const struct outbox_row *);
/* pages/admin.c */
void page_audit(struct req *);
void page_admin_outbox(struct req *);
void page_admin_settings(struct req *);
void page_admin_settings_save(struct req *);
/* pages/api.c */
void api_units(struct req *);
void api_unit(struct req *);
void api_unit_members(struct req *);
/* pages/tor.c: terms of reference and the attendance evidence report */
void page_tor(struct req *);
void page_tor_new(struct req *);
void page_tor_create(struct req *);
void page_attendance_report(struct req *);
void page_attendance_csv(struct req *);
/* pages/qi_projects.c: quality improvement projects (the Model for Improvement),
** driver diagrams, PDSA cycles and links to decisions and actions */
struct qi_project;
struct qi_measure;
struct crumb;
void page_qi_projects(struct req *);
void page_qi_project_new(struct req *);
void page_qi_project_create(struct req *);
void page_qi_project(struct req *);
void page_qi_project_edit(struct req *);
void page_qi_project_update(struct req *);
void page_qi_driver_add(struct req *);
void page_qi_driver_edit(struct req *);
void page_qi_driver_update(struct req *);
void page_qi_driver_delete(struct req *);
void page_qi_link_add(struct req *);
void page_qi_link_delete(struct req *);
void page_pdsa_new(struct req *);
void page_pdsa_create(struct req *);
void page_pdsa(struct req *);
void page_pdsa_edit(struct req *);
void page_pdsa_update(struct req *);
void api_unit_qi(struct req *);
/* Pieces shared with qi_measures.c. */
/* Crumbs home > unit > QI projects (> the project when bProject) into a,
** with their addresses in the buffers given; returns how many. */
int qi_crumbs(struct req *, const struct qi_project *, bool bProject, struct crumb *a,
              char zUnit[100], char zList[110], char zProject[40]);
/* page_begin with "Error: " before the title when e has errors. */
void qi_page_begin(struct req *, const char *zTitle, const struct crumb *, int nCrumb,
                   const struct field_errors *e);
/* A textarea with label, hint and error; a select's opening (label, hint,
** error, <select>) and closing. */
void qi_textarea(struct req *, const struct field_errors *, const char *zName, const char *zLabelKey,
                 const char *zHintKey, const char *zValue, int nRows);
void qi_select_begin(struct req *, const struct field_errors *, const char *zName,
                     const char *zLabelKey, const char *zHintKey);
void qi_select_end(struct req *);
/* Translation keys of a project status, a measure kind, a chart kind. */
const char *qi_status_key(const char *zStatus);
const char *qi_measure_kind_key(const char *zKind);
const char *qi_chart_key(const char *zChart);
/* pages/qi_measures.c: measures, their data, charts, CSV import and export */
void page_measure_new(struct req *);
void page_measure_create(struct req *);
void page_measure(struct req *);
void page_measure_edit(struct req *);
void page_measure_update(struct req *);
void page_point_add(struct req *);
void page_point(struct req *);
void page_point_annotate(struct req *);
void page_point_delete(struct req *);
void page_rebase_add(struct req *);
void page_rebase_delete(struct req *);
void page_measure_import_form(struct req *);
void page_measure_import(struct req *);
void page_measure_csv(struct req *);
void api_measure(struct req *);
/* pages/qi_signal.c: a measure's current signal in words and as JSON */
struct qi_chart;
/* The signal of computed chart c in words into z (n bytes): "Special
** cause improvement since March 2026", "Random variation", "No data yet". */
void qi_signal_sentence(struct req *, const struct qi_chart *c, char *z, size_t n);
/* Measure m's current signal in words, after the Making Data Count
** variation icon of an SPC chart, into the page. The caller has checked
** read access. */
void qi_measure_signal(struct req *, const struct qi_measure *);
/* The same as JSON: {"type":...,"since":"YYYY-MM-DD"} or null. */
void qi_measure_signal_json(struct req *, const struct qi_measure *, struct buf *);
/* pages/misc.c */
void page_healthz(struct req *);
void page_asset(struct req *);
/* GET /metrics: the counters in the Prometheus text format (web/metrics.h);
** the dispatcher has checked who asks (NEED_OPERATOR). */
void page_metrics(struct req *);

/* Indicators (indicators.c): the catalogue, a cluster's profile (spine
** chart), one indicator for a unit (bars, trend), the funnel plot. */
void page_indicators(struct req *);
void page_unit_profile(struct req *);
void page_unit_indicator(struct req *);
void page_indicator_funnel(struct req *);

/* pages/plans.c: the annual plan (issue 12): a unit's plans, a plan, its
** objectives with their actions, alignments and quarterly progress, and
** agreeing it at a meeting. */
void page_plans(struct req *);
void page_plan_create(struct req *);
void page_plan(struct req *);
void page_plan_edit(struct req *);
void page_plan_update(struct req *);
void page_plan_agree_form(struct req *);
void page_plan_agree(struct req *);
void page_plan_objective_new(struct req *);
void page_plan_objective_create(struct req *);
void page_plan_objective(struct req *);
void page_plan_objective_edit(struct req *);
void page_plan_objective_update(struct req *);
void page_plan_objective_delete(struct req *);
void page_plan_action_link(struct req *);
void page_plan_action_unlink(struct req *);
void page_plan_alignment_add(struct req *);
void page_plan_alignment_remove(struct req *);
void page_plan_progress(struct req *);
/* Backlinks drawn on other pages: "This decision agreed the cluster plan
** 2026/27" under a decision; the objectives an action delivers. */
void plan_decision_backlink(struct req *, long long decisionId);
void plan_action_backlinks(struct req *, long long actionId);
/* Views of plans (plan_views.c): the plan on a page (HTML and PDF), a
** group's or board's plans side by side, the IMTP view; the references
** plans align with (plan_references.c). */
void page_plan_page(struct req *);
void page_plan_page_pdf(struct req *);
void page_plans_side_by_side(struct req *);
void page_plans_imtp(struct req *);
struct unit;
void page_plan_references(struct req *);
void page_plan_reference_create(struct req *);
void page_plan_reference_edit(struct req *);
void page_plan_reference_update(struct req *);
/* Indicators, the catalogue maintained (indicator_admin.c): the forms
** to add and change an indicator, and the import of values from a CSV
** file; administrators and national users only. */
void page_indicator_new(struct req *);
void page_indicator_create(struct req *);
void page_indicator_edit(struct req *);
void page_indicator_update(struct req *);
void page_indicator_import_form(struct req *);
void page_indicator_import(struct req *);

/* Needs assessments (needs.c) and priorities (priorities.c), issue 12. */
struct needs_assessment;
struct indicator;
struct indicator_stat;
/* The page's words for shared pieces: a source's name key, the demo
** callout, the unit's name, crumbs down to an assessment (bSelf: itself
** too), an indicator's value with its 95% interval. */
const char *needs_source_key(const char *zSource);
void needs_demo_callout(struct req *);
const char *needs_unit_name(struct req *, const struct needs_assessment *);
int needs_crumbs(struct req *, const struct needs_assessment *, bool bSelf, struct crumb *aCrumb,
                 char zUnit[100], char zList[110], char zSelf[40]);
void needs_value_text(struct req *, const struct indicator *, const struct indicator_stat *, char *z, size_t n);
/* A finding's summary list, on the assessment's page or (bOtherPage) on
** a priority's, where the link to its evidence names the assessment. */
struct needs_finding;
void needs_finding_summary(struct req *, const struct needs_assessment *, const struct needs_finding *, bool bOtherPage);
void page_needs_list(struct req *);
void page_needs_create(struct req *);
void page_needs(struct req *);
void page_needs_edit(struct req *);
void page_needs_update(struct req *);
void page_needs_evidence_new(struct req *);
void page_needs_evidence_create(struct req *);
void page_needs_evidence_edit(struct req *);
void page_needs_evidence_update(struct req *);
void page_needs_evidence_delete(struct req *);
void page_needs_finding_new(struct req *);
void page_needs_finding_create(struct req *);
void page_needs_finding_edit(struct req *);
void page_needs_finding_update(struct req *);
void page_needs_finding_delete(struct req *);
void page_priorities(struct req *);
void page_priority_weights(struct req *);
void page_priority_new(struct req *);
void page_priority_create(struct req *);
void page_priority(struct req *);
void page_priority_edit(struct req *);
void page_priority_update(struct req *);
void page_priority_delete(struct req *);

/* pages/import_form.c: what the CSV import pages of indicators and of QI
** measures draw alike after a file with errors. One error of a line, as
** the table shows it (zColumnName NULL: the column's number alone). */
/* What an import form sent: the file, else the pasted text when it is
** not blank (then *pzPasted too, to offer it again); *pzText NULL when
** neither. Returns whether it asks for the valid lines only. */
bool import_input(struct req *r, const char **pzText, size_t *pnText, const char **pzPasted);
/* The catalogue keys of the form for a file or pasted text. */
struct import_file_keys { const char *zFile, *zFileHint, *zPaste, *zPasteHint, *zCheck; };
/* That form, posted to zAction, with the text zText in its box and the
** error of e's "file" field, if any. */
void import_file_form(struct req *r, const char *zAction, const char *zText, const struct field_errors *e,
                      const struct import_file_keys *k);
struct import_error_view { int line; int column; const char *zColumnName; const char *zKey; const char *zText; };
/* The table's words, translated; more says how many errors are not shown. */
struct import_errors_text {
  const char *zHeading, *zColLine, *zColColumn, *zColProblem, *zColText;
  bool bColumnNumeric;
  struct i18n_format more;
};
/* The errors a[0..nShow) of nError by line and column (nothing when nShow is 0). */
void import_errors_table(struct req *r, const struct import_error_view *a, int nShow, int nError,
                         const struct import_errors_text *t);
struct import_valid_text {
  const char *zHeading, *zFileAgain, *zFileAgainHint;
  struct i18n_format intro, button;
};
/* The form that imports the n valid lines only, posted to zAction: the
** pasted text again (zPasted), or a file to choose again. The page that
** draws it checks write access, as for the import itself. */
void import_valid_form(struct req *r, const char *zAction, size_t n, const char *zPasted,
                       const struct import_valid_text *t);

/* ---- business case documents (case_docs.c) ---- */
/* GET /business-cases/{id}/case.pdf and case.docx (?lang=en|cy). */
void page_case_pdf(struct req *r);
void page_case_docx(struct req *r);
/* The links to them (PDF and Word, in the reader's language and the
** other), on the page of the case. */
void case_docs_links(struct req *r, long long caseId);
/* ---- business cases (business_cases.c, issue 13) ---- */
void page_business_cases(struct req *);
void page_business_case_new(struct req *);
void page_business_case_create(struct req *);
void page_business_case(struct req *);
void page_business_case_part(struct req *);
void page_business_case_part_save(struct req *);
void page_business_case_row_add(struct req *);
void page_business_case_row_delete(struct req *);
void page_business_case_appraisal(struct req *);
void page_business_case_scores(struct req *);
void page_business_case_criterion_add(struct req *);
void page_business_case_criterion_delete(struct req *);
void page_business_case_submit(struct req *);
void page_business_case_decide_form(struct req *);
void page_business_case_decide(struct req *);
void api_unit_business_cases(struct req *);
/* The case's money tables (costs, options) as a workbook. */
void page_business_case_xlsx(struct req *);
/* The plan objective page's "Business cases" section: the unit's cases
** for objectiveId and, when bWrite, the link to start one. */
void business_cases_objective_section(struct req *, const char *zUnitSlug, long long unitId, long long objectiveId,
                                      bool bWrite);
/* The decision page's line "This decision decided business case …", when
** it decided one the reader may read. */
void business_case_decision_backlink(struct req *, long long decisionId);

/* ---- Standing Financial Instructions and commitments (sfi.c, commitments.c) ---- */
/* A health board's versions of its rules (others: the rules in force for
** them, read only); one version, its edit form and "new version from
** this one"; the board's signatories; the route checker and its API. */
void page_sfi_unit(struct req *);
void page_sfi_version(struct req *);
void page_sfi_version_edit(struct req *);
void page_sfi_version_update(struct req *);
void page_sfi_version_copy(struct req *);
void page_sfi_signatories(struct req *);
void page_sfi_signatory_add(struct req *);
void page_sfi_signatory_end(struct req *);
void page_procurement_route(struct req *);
void api_procurement_route(struct req *);
/* The message keys of a route code and of an approver role. */
const char *sfi_route_key(const char *zRoute);
const char *sfi_role_key(const char *zRole);
/* A unit's commitments (?year=, ?status=) and their workbook; the request
** form; one commitment with its months, route and the steps after. */
void page_commitments(struct req *);
void page_commitments_xlsx(struct req *);
void page_commitment_new(struct req *);
void page_commitment_create(struct req *);
void page_commitment(struct req *);
void page_commitment_approve(struct req *);
void page_commitment_decline(struct req *);
void page_commitment_cancel(struct req *);

/* ---- the cluster's money (finance.c, finance_forms.c) ---- */
void page_finance(struct req *);
void page_finance_xlsx(struct req *);
void api_unit_finance(struct req *);
void page_finance_allocation_new(struct req *);
void page_finance_allocation_create(struct req *);
void page_finance_allocation_edit(struct req *);
void page_finance_allocation_update(struct req *);
void page_finance_carry_forward(struct req *);
void page_finance_line_new(struct req *);
void page_finance_line_create(struct req *);
void page_finance_line_edit(struct req *);
void page_finance_line_update(struct req *);
void page_finance_spend(struct req *);
void page_finance_spend_xlsx(struct req *);
void page_finance_spend_new(struct req *);
void page_finance_spend_create(struct req *);
void page_finance_import_form(struct req *);
void page_finance_import(struct req *);
/* The "Budget" line of a plan objective's page: its budget lines' total,
** committed and spent, linking to the unit's finance page (nothing when
** the objective has no budget line). */
void page_finance_objective_budget(struct req *, const char *zUnitSlug, long long objectiveId);

/* ---- spreadsheets (xlsx_send.c) ---- */
/* Append the whole file at zPath to b; false if it cannot be read. */
bool page_file_read(const char *zPath, struct buf *b);
struct xbook;
/* Answer r with the workbook xWrite fills (return false on failure: a
** 500 page is shown), as the download zFileName. */
void page_xlsx_send(struct req *r, const char *zFileName,
                    bool (*xWrite)(struct xbook *, void *), void *pCtx);


/* ---- a project's evaluation (evaluation.c, logic_model.c, benefits.c) ---- */
/* The opening of one of the evaluation's pages of r->rec.pWork: crumbs to
** the project (and zHref, zHrefText when given), the title; with bForm a
** form page (page_form_begin), else a heading and the demonstration note. */
void eval_page_begin(struct req *, const char *zTitle, const char *zHref, const char *zHrefText,
                     const struct field_errors *e, bool bForm);
/* A number as a page shows it ("" for NaN). */
void eval_number(double v, char *z, size_t n);
/* The <option>s of the project's logic model items, zSel chosen. */
void eval_logic_options(struct req *, const char *zSel);
/* The economic evaluation of project projectId: summary list and the
** sensitivity range in words. */
void eval_econ_summary(struct req *, long long projectId);
/* The line "Used in the evaluation of project ..." of a QI measure's or an
** indicator's page: the projects of unitId whose logic model ties an item
** to it, each linked (nothing when none). */
void eval_used_in(struct req *, long long qiMeasureId, long long indicatorId, long long unitId);
void page_evaluation(struct req *);
void page_evaluation_stage_edit(struct req *);
void page_evaluation_stage_update(struct req *);
void page_measurements(struct req *);
void page_measurement_new(struct req *);
void page_measurement_create(struct req *);
void page_measurement_edit(struct req *);
void page_measurement_update(struct req *);
void page_measurement_record_form(struct req *);
void page_measurement_record(struct req *);
void page_recommendation(struct req *);
void page_recommendation_save(struct req *);
void page_logic_model(struct req *);
void page_logic_item_new(struct req *);
void page_logic_item_create(struct req *);
void page_logic_item_edit(struct req *);
void page_logic_item_update(struct req *);
void page_logic_item_delete(struct req *);
void page_benefits(struct req *);
void page_benefit_new(struct req *);
void page_benefit_create(struct req *);
void page_benefit_edit(struct req *);
void page_benefit_update(struct req *);
void page_unit_benefits(struct req *);
void page_unit_benefits_xlsx(struct req *);
/* ---- a project's risks and issues, the unit's risk register, highlight
** reports (risks.c, project_issues.c, project_reports.c) ---- */
void page_project_risks(struct req *);
void page_project_risk_new(struct req *);
void page_project_risk_create(struct req *);
void page_project_risk_edit(struct req *);
void page_project_risk_update(struct req *);
void page_project_risk_close(struct req *);
void page_project_issues(struct req *);
void page_project_issue_new(struct req *);
void page_project_issue_create(struct req *);
void page_project_issue_edit(struct req *);
void page_project_issue_update(struct req *);
void page_project_issue_resolve_form(struct req *);
void page_project_issue_resolve(struct req *);
void page_unit_risks(struct req *);
void page_unit_risk_new(struct req *);
void page_unit_risk_create(struct req *);
void page_unit_risk_edit(struct req *);
void page_unit_risk_update(struct req *);
void page_unit_risk_close(struct req *);
void page_project_highlight(struct req *);
void page_project_highlight_draft(struct req *);
/* The line on an agenda item's page linking to the project's report
** drafted for it (nothing when none). */
void project_report_item_link(struct req *, long long itemId);
/* ---- a project's documents, stakeholder map and decisions log
** (project_docs.c, project_links.c) ---- */
void page_projdoc_list(struct req *);
void page_projdoc_new(struct req *);
void page_projdoc_create(struct req *);
void page_projdoc_view(struct req *);
void page_projdoc_edit(struct req *);
void page_projdoc_save(struct req *);
void page_projdoc_complete(struct req *);
void page_projdoc_reopen(struct req *);
void page_projdoc_pdf(struct req *);
void page_projdoc_follow_on(struct req *);
void page_projdoc_stakeholders(struct req *);
void page_projdoc_stakeholder_add(struct req *);
void page_projdoc_stakeholder_edit(struct req *);
void page_projdoc_stakeholder_save(struct req *);
void page_projdoc_stakeholder_delete(struct req *);
void page_projdoc_decisions(struct req *);
void page_projdoc_decision_link(struct req *);
void page_projdoc_link_delete(struct req *);

/* ---- projects through their stages (projects.c) ---- */
/* The portfolio of a unit (with the projects of the units within it) and
** its workbook; starting a project; the project; its edit form,
** milestones, gate and closing; the API. */
void page_projects(struct req *);
void page_projects_xlsx(struct req *);
void page_project_new(struct req *);
void page_project_create(struct req *);
void page_project(struct req *);
void page_project_edit(struct req *);
void page_project_update(struct req *);
void page_project_milestones(struct req *);
void page_project_milestone_new(struct req *);
void page_project_milestone_create(struct req *);
void page_project_milestone_edit(struct req *);
void page_project_milestone_update(struct req *);
void page_project_gate(struct req *);
void page_project_gate_pass(struct req *);
void page_project_close(struct req *);
void api_unit_projects(struct req *);
void api_project(struct req *);
/* The thread: the "Projects" section of a plan objective's page; the one
** line of a business case's page (start the project, or a link to it);
** each objective's projects with their RAG on the plan on a page. */
void projects_objective_section(struct req *, const char *zUnitSlug, long long unitId, long long objectiveId);
void projects_case_line(struct req *, long long caseId, long long unitId, const char *zUnitSlug, bool bApproved);
struct projects_by_objective;
struct projects_by_objective *projects_by_objective_load(struct req *, long long unitId);
void projects_by_objective_show(struct req *, const struct projects_by_objective *, long long objectiveId);
void projects_by_objective_free(struct projects_by_objective *);
/* The commitment request form's choice of an open project of the unit. */
void project_commitment_select(struct req *, const struct field_errors *e, long long unitId, const char *zSel);

#endif
