import type { AuditResult, Finding } from '../../contract/audit-result.js';
import type { Policy } from '../../contract/policy.js';
import { requirementMessage } from '../messages.js';
import { aiAct } from './ai-act.js';
import { avg } from './avg.js';
import { nvp2020 } from './nvp.js';
import type { RuleSet, SetId } from './rule.js';
import { ll144, ugesp } from './us.js';
import { wor } from './wor.js';

/** Every rule set, by the id a policy names it with. */
export const RULE_SETS: Record<SetId, RuleSet> = { nvp: nvp2020, avg, 'ai-act': aiAct, ugesp, ll144, wor };

/**
 * Requirement verdicts for the sets the policy chooses, as findings with code
 * `requirement.<set>.<rule id>` appended after the metric findings they read.
 */
export function requirementFindings(result: Omit<AuditResult, 'summary'>, policy: Policy, auditDate: string): Finding[] {
  return policy.requirementSets.flatMap((setId) => {
    const set = RULE_SETS[setId];
    return set.rules.map((rule): Finding => {
      const outcome = rule.evaluate({ result, declarations: policy.declarations, auditDate, set });
      const evidence = outcome.evidence ?? {};
      return {
        code: `requirement.${set.id}.${rule.id}`,
        status: outcome.status,
        subject: { tool: null, stage: null, groups: null, reference: null },
        evidence,
        rule: { id: rule.id, source: rule.source, threshold: outcome.threshold ?? rule.threshold, kind: rule.kind },
        message: requirementMessage(rule.title, outcome.status, outcome.reason, evidence),
        requirement: { set: set.id, set_name: set.name, edition: set.edition, title: rule.title },
      };
    });
  });
}
