import type { Finding } from '../contract/audit-result.js';
import type { Judge } from './judge.js';
import type { Policy } from '../contract/policy.js';
import type { SimilaritySection } from '../contract/sections/similarity.js';
import type { MeasuredUnit, SimilarityMeasurement } from '../metrics/similarity/measured.js';
import { finding } from './messages.js';
import { bootstrapBasis, diversityVerdict, homogeneityVerdict, judgeCoupling, mirrorVerdict, probeModel, proxyVerdict, resemblanceRule } from './similarity-verdicts.js';

/**
 * Similar-to-me findings (requirements Q8 via the SIM, AIA-10 and AVG-22(4)/9 rows): per tool x
 * stage the score-resemblance coupling, the homogeneity ratio, and per protected attribute the
 * demographic mirror and the diversity loss; per attribute the proxy probe. Each finding carries
 * the section's verdict and the numbers behind it.
 */
type Unit = SimilaritySection['units'][number];

const RULES = {
  coupling: (p: Policy): Finding['rule'] => ({
    id: 'SIM',
    source: 'requirements Q8 similar-to-me (Raghavan et al. 2020; Rathenau 2020): score vs resemblance to the benchmark, beyond the criterion',
    threshold: `fail if partial correlation given the criterion > ${p.thresholds.resemblanceCoupling} with p < ${p.alpha}; warn if only the zero-order correlation meets that`,
    kind: 'convention',
  }),
  homogeneity: (p: Policy): Finding['rule'] => ({
    id: 'SIM',
    source: 'requirements Q8 homogeneity ratio tr(Sigma_selected)/tr(Sigma_pool) on pool-standardised traits',
    threshold: `warn if H < ${p.thresholds.homogeneityRatio} with its 95% bootstrap interval below 1`,
    kind: 'convention',
  }),
  mirror: (p: Policy): Finding['rule'] => ({
    id: 'AIA-10',
    source: 'AI Act art. 10(3) representativeness; requirements Q8 demographic mirror (Jensen-Shannon, representation ratio)',
    threshold: `warn if the selected are closer to the benchmark than to the pool and a group has representation ratio < ${p.thresholds.representationRatio} (p < ${p.alpha}) and is under-selected (p < ${p.alpha})`,
    kind: 'convention',
  }),
  diversity: (p: Policy): Finding['rule'] => ({
    id: 'SIM',
    source: 'requirements Q8 diversity loss: Gini-Simpson diversity of the selected vs the pool',
    threshold: `warn if the change < -${p.thresholds.diversityLoss} with chi-square p < ${p.alpha}`,
    kind: 'convention',
  }),
  proxy: (p: Policy): Finding['rule'] => ({
    id: 'AVG-22(4)/9',
    source: 'GDPR art. 22(4) and art. 9 (special categories); requirements Q8 proxy probe (cross-validated logistic regression, traits -> attribute)',
    threshold: `warn if the cross-validated AUC >= ${p.thresholds.proxyAuc} with its 95% interval above 0.5`,
    kind: 'convention',
  }),
};

const at = (u: Unit, groups: Record<string, string> | null = null): Finding['subject'] => ({ tool: u.tool, stage: u.stage, groups, reference: null });

function couplingFinding(u: Unit, policy: Policy): Finding[] {
  if (u.resemblance === null) return [];
  const c = u.coupling;
  const [most, least] = [u.clone_curve[0], u.clone_curve[4]];
  const curve = { most_alike_rate: most?.rate ?? null, least_alike_rate: least?.rate ?? null };
  if (c === null) {
    return [finding('similarity.coupling', 'not_assessed', at(u), { ...curve, verdict_rule: 'not assessed: the data has no score column' }, RULES.coupling(policy))];
  }
  return [
    finding(
      'similarity.coupling',
      c.verdict,
      at(u),
      {
        n: c.n,
        rho: c.rho,
        rho_lower: c.rho_ci?.[0] ?? null,
        rho_upper: c.rho_ci?.[1] ?? null,
        p: c.p,
        partial_n: c.partial?.n ?? null,
        partial_rho: c.partial?.rho ?? null,
        partial_lower: c.partial?.rho_ci?.[0] ?? null,
        partial_upper: c.partial?.rho_ci?.[1] ?? null,
        partial_p: c.partial?.p ?? null,
        partial_note: c.partial_note,
        threshold: policy.thresholds.resemblanceCoupling,
        ...curve,
        metric: u.resemblance.metric,
        verdict_rule: c.verdict_rule,
      },
      RULES.coupling(policy),
    ),
  ];
}

function homogeneityFinding(u: Unit, policy: Policy): Finding {
  const h = u.homogeneity;
  return finding(
    'similarity.homogeneity',
    h.verdict,
    at(u),
    { h: h.h, h_lower: h.h_ci?.[0] ?? null, h_upper: h.h_ci?.[1] ?? null, n_pool: u.n_pool, n_selected: u.n_selected, threshold: policy.thresholds.homogeneityRatio, verdict_rule: h.verdict_rule },
    RULES.homogeneity(policy),
  );
}

function mirrorFindings(u: Unit, policy: Policy): Finding[] {
  return u.mirror.flatMap((m) => {
    const worst = m.groups
      .filter((g) => g.representation_ratio !== null)
      .sort((a, b) => a.representation_ratio! - b.representation_ratio! || (a.group < b.group ? -1 : 1))[0];
    const out: Finding[] = [];
    if (m.verdict !== 'not_assessed') {
      out.push(
        finding(
          'similarity.mirror',
          m.verdict,
          at(u, worst ? { [m.attribute]: worst.group } : null),
          {
            attribute: m.attribute,
            js_selected_benchmark: m.js_selected_benchmark,
            js_selected_pool: m.js_selected_pool,
            representation_ratio: worst?.representation_ratio ?? null,
            benchmark_share: worst?.benchmark_share ?? null,
            pool_share: worst?.pool_share ?? null,
            selected_share: worst?.selected_share ?? null,
            representation_p: worst?.representation_p ?? null,
            selection_p: worst?.selection_p ?? null,
            threshold: policy.thresholds.representationRatio,
            verdict_rule: m.verdict_rule,
          },
          RULES.mirror(policy),
        ),
      );
    }
    if (m.diversity_verdict !== 'not_assessed') {
      out.push(
        finding(
          'similarity.diversity_loss',
          m.diversity_verdict,
          at(u, null),
          {
            attribute: m.attribute,
            diversity_pool: m.diversity_pool,
            diversity_selected: m.diversity_selected,
            diversity_change: m.diversity_change,
            p: m.independence_p,
            threshold: policy.thresholds.diversityLoss,
            verdict_rule: m.diversity_rule,
          },
          RULES.diversity(policy),
        ),
      );
    }
    return out;
  });
}

function proxyFindings(section: SimilaritySection, policy: Policy): Finding[] {
  return (section.proxy_probe?.probes ?? []).map((p) => {
    const top = p.targets.filter((t) => t.auc !== null).sort((a, b) => b.auc! - a.auc!)[0];
    return finding(
      'similarity.proxy',
      p.verdict,
      { tool: p.tool, stage: p.stage, groups: top ? { [p.attribute]: top.group } : null, reference: null },
      {
        attribute: p.attribute,
        auc: top?.auc ?? null,
        auc_lower: top?.auc_ci?.[0] ?? null,
        auc_upper: top?.auc_ci?.[1] ?? null,
        n: p.n,
        n_positive: top?.n_positive ?? null,
        traits: section.traits.length,
        threshold: policy.thresholds.proxyAuc,
        verdict_rule: p.verdict_rule,
      },
      RULES.proxy(policy),
    );
  });
}

function similarityFindings(section: SimilaritySection, policy: Policy): Finding[] {
  const findings: Finding[] = [];
  if (section.benchmark.n === 0) {
    findings.push(
      finding(
        'similarity.no_benchmark',
        'insufficient_evidence',
        { tool: null, stage: null, groups: null, reference: null },
        { traits: section.traits.length, benchmark_missing_traits: section.benchmark.n_missing_traits },
        { ...RULES.coupling(policy), threshold: 'role=benchmark rows (or --benchmark <file>) with every trait are needed to measure resemblance' },
      ),
    );
  }
  for (const u of section.units) findings.push(...couplingFinding(u, policy), homogeneityFinding(u, policy), ...mirrorFindings(u, policy));
  findings.push(...proxyFindings(section, policy));
  return findings;
}

function judgeUnit(u: MeasuredUnit, benchmarkN: number, policy: Policy): Unit {
  const h = homogeneityVerdict(u.homogeneity.h, u.homogeneity.h_ci, u.n_selected, policy);
  return {
    ...u,
    resemblance: u.resemblance ? { ...u.resemblance, metric_rule: resemblanceRule(u.resemblance, benchmarkN, u.traits.filter((t) => t.used).length) } : null,
    coupling: u.coupling ? judgeCoupling(u.coupling, policy) : null,
    homogeneity: { ...u.homogeneity, bootstrap_basis: bootstrapBasis(u.homogeneity, u.n_pool), verdict: h.status, verdict_rule: h.rule },
    mirror: u.mirror.map((m) => {
      const mirror = mirrorVerdict(m, policy);
      const diversity = diversityVerdict(m, policy);
      return { ...m, verdict: mirror.status, verdict_rule: mirror.rule, diversity_verdict: diversity.status, diversity_rule: diversity.rule };
    }),
  };
}

/** The similarity section from its measurement: every verdict, rule text and method note filled in. */
function judgeSimilaritySection(m: SimilarityMeasurement, policy: Policy): SimilaritySection {
  const probe = m.proxy_probe;
  return {
    ...m,
    units: m.units.map((u) => judgeUnit(u, m.benchmark.n, policy)),
    proxy_probe: probe ? { ...probe, model: probeModel(probe.folds), probes: probe.probes.map((p) => ({ ...p, ...proxyVerdict(p, policy) })) } : null,
  };
}

/** The similarity family's rules (registry). */
export const judgeSimilarity: Judge<SimilarityMeasurement, SimilaritySection> = (measured, ctx) => {
  if (measured === null) return { section: null, findings: [] };
  const section = judgeSimilaritySection(measured, ctx.policy);
  return { section, findings: similarityFindings(section, ctx.policy) };
};
