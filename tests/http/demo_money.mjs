// The demonstration money that `init --demo` adds (src/domain/demo_finance.c:
// allocations, budget lines, commitments, spend, business cases and the
// demonstration signatories), taken away again for a test that builds its
// own figures from nothing; with them the demonstration projects
// (src/domain/demo_projects.c), one of which is a business case's. Not a
// test file itself.
import { dbSql } from './helpers.mjs';

export function clearDemoProjects(server) {
  const projects = 'SELECT id FROM project WHERE demo=1';
  dbSql(server.db, `
    UPDATE finance_commitment SET project_id=NULL WHERE project_id IN (${projects});
    DELETE FROM project_gate WHERE project_id IN (${projects});
    DELETE FROM project_milestone WHERE project_id IN (${projects});
    DELETE FROM project_doc_text WHERE doc_id IN (SELECT id FROM project_doc WHERE project_id IN (${projects}));
    DELETE FROM project_doc WHERE project_id IN (${projects});
    DELETE FROM project_stakeholder WHERE project_id IN (${projects});
    DELETE FROM project_link WHERE project_id IN (${projects});
    DELETE FROM risk WHERE project_id IN (${projects});
    DELETE FROM project_issue WHERE project_id IN (${projects});
    DELETE FROM eval_text WHERE project_id IN (${projects});
    DELETE FROM eval_measurement WHERE project_id IN (${projects});
    DELETE FROM benefit WHERE project_id IN (${projects});
    DELETE FROM logic_item WHERE project_id IN (${projects});
    DELETE FROM project WHERE demo=1;
  `);
}

export function clearDemoMoney(server) {
  clearDemoProjects(server);
  const cases = 'SELECT id FROM business_case WHERE demo=1';
  const allocations = 'SELECT id FROM finance_allocation WHERE demo=1';
  dbSql(server.db, `
    UPDATE business_case SET preferred_option_id=NULL WHERE demo=1;
    DELETE FROM business_case_score WHERE option_id IN (SELECT id FROM business_case_option WHERE case_id IN (${cases}));
    DELETE FROM business_case_criterion WHERE case_id IN (${cases});
    DELETE FROM business_case_text WHERE case_id IN (${cases});
    DELETE FROM business_case_objective WHERE case_id IN (${cases});
    DELETE FROM business_case_risk WHERE case_id IN (${cases});
    DELETE FROM business_case_cost WHERE case_id IN (${cases});
    DELETE FROM business_case_option WHERE case_id IN (${cases});
    DELETE FROM finance_spend WHERE demo=1;
    DELETE FROM finance_commitment_month WHERE commitment_id IN (SELECT id FROM finance_commitment WHERE demo=1);
    DELETE FROM finance_commitment WHERE demo=1;
    DELETE FROM business_case WHERE demo=1;
    DELETE FROM finance_carry_forward WHERE to_allocation_id IN (${allocations}) OR from_allocation_id IN (${allocations});
    DELETE FROM finance_budget_line WHERE allocation_id IN (${allocations});
    DELETE FROM finance_allocation WHERE demo=1;
    DELETE FROM sfi_signatory WHERE user_id IN (SELECT id FROM app_user
      WHERE email IN ('signatory@example.wales', 'signatory.afan@example.wales', 'hb@example.wales'));
  `);
}
