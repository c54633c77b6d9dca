import type { SimilaritySection } from '../../contract/sections/similarity.js';

/**
 * What finalize hands the similarity rules (src/audit/rules/similarity.ts): the section without
 * the fields the rules fill (verdicts, their texts, method notes, the withheld partial correlation)
 * and the one count the rules read that the section does not always print.
 */
type Unit = SimilaritySection['units'][number];
type Coupling = NonNullable<Unit['coupling']>;
type ProxyProbe = NonNullable<SimilaritySection['proxy_probe']>;

export type MeasuredResemblance = Omit<NonNullable<Unit['resemblance']>, 'metric_rule'>;

export type MeasuredCoupling = Omit<Coupling, 'verdict' | 'verdict_rule' | 'partial_note'> & {
  /** Candidates with a score, a criterion and every trait; null without a criterion column. */
  criterionN: number | null;
  /** Computed whenever it is defined; the rules withhold it under thresholds.minCriterionN. */
  partial: Coupling['partial'];
};

export type MeasuredHomogeneity = Omit<Unit['homogeneity'], 'verdict' | 'verdict_rule' | 'bootstrap_basis'>;
export type MeasuredMirror = Omit<Unit['mirror'][number], 'verdict' | 'verdict_rule' | 'diversity_verdict' | 'diversity_rule'>;

export type MeasuredUnit = Omit<Unit, 'resemblance' | 'coupling' | 'homogeneity' | 'mirror'> & {
  resemblance: MeasuredResemblance | null;
  coupling: MeasuredCoupling | null;
  homogeneity: MeasuredHomogeneity;
  mirror: MeasuredMirror[];
};

export type MeasuredProbe = Omit<ProxyProbe['probes'][number], 'max_auc' | 'verdict' | 'verdict_rule'>;
export type MeasuredProxyProbe = Omit<ProxyProbe, 'model' | 'probes'> & { probes: MeasuredProbe[] };

export type SimilarityMeasurement = Omit<SimilaritySection, 'units' | 'proxy_probe'> & {
  units: MeasuredUnit[];
  proxy_probe: MeasuredProxyProbe | null;
};
