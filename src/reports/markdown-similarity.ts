import type { AuditResult } from '../audit/contract/audit-result.js';
import { escapeMarkdown } from './escape.js';
import { fix, interval as ci, pct, STATUS_LABEL, stageText } from './format.js';

/**
 * The "Similar-to-me" section of the Markdown summary (requirements Q8): per tool and stage how
 * strongly the score follows resemblance to the benchmark (the incumbents), the selection rate by
 * resemblance fifth, how uniform the selected are, whose demographics the selected mirror, and
 * whether the traits act as a proxy for a protected attribute. Nothing when the audit has no
 * similarity section (no trait columns). Reads only the AuditResult.
 */
/** Every cell is escaped whole: it may quote group values, stage, tool and reviewer names. */
const cell = escapeMarkdown;
const table = (header: string[], rows: string[][]) => [
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
];
const withCi = (x: number | null, c: readonly [number, number] | null) => (x === null ? '–' : `${fix(x)} (${ci(c, (v) => fix(v))})`);

export function similarityMarkdown(result: AuditResult): string[] {
  const s = result.similarity;
  if (!s) return [];
  const out = ['## Similar-to-me', ''];
  const b = s.benchmark;
  const from = b.source === 'file' ? `the file ${escapeMarkdown(b.file ?? '')}` : b.source === 'rows' ? 'the role=benchmark rows' : 'none given';
  out.push(
    `Does the tool pick people who resemble its benchmark (the incumbents it was calibrated on)? Benchmark: ${b.n} candidates from ${from}; ${s.traits.length} traits, standardised on each applicant pool. Thresholds are conventions (requirements Q8).`,
    '',
  );
  out.push(
    ...table(
      ['tool / stage', 'applicants', 'selected', 'score ~ resemblance (95% CI)', 'same, given performance', 'selected rate, most → least alike fifth', 'trait spread kept (H, 95% CI)', 'coupling', 'homogeneity'],
      s.units.map((u) => [
        stageText(u.tool, u.stage),
        String(u.n_pool),
        String(u.n_selected),
        u.coupling ? withCi(u.coupling.rho, u.coupling.rho_ci) : '–',
        u.coupling?.partial ? withCi(u.coupling.partial.rho, u.coupling.partial.rho_ci) : '–',
        u.clone_curve.length ? u.clone_curve.map((q) => pct(q.rate, 0)).join(' → ') : '–',
        withCi(u.homogeneity.h, u.homogeneity.h_ci),
        u.coupling ? STATUS_LABEL[u.coupling.verdict] : '–',
        STATUS_LABEL[u.homogeneity.verdict],
      ]),
    ),
    '',
  );
  const mirrors = s.units.flatMap((u) =>
    u.mirror.flatMap((m) =>
      m.groups.map((g) => [
        stageText(u.tool, u.stage),
        `${m.attribute}=${g.group}`,
        pct(g.benchmark_share),
        pct(g.pool_share),
        pct(g.selected_share),
        fix(g.representation_ratio),
        `${fix(m.js_selected_benchmark, 4)} / ${fix(m.js_selected_pool, 4)}`,
        STATUS_LABEL[m.verdict],
        STATUS_LABEL[m.diversity_verdict],
      ]),
    ),
  );
  if (mirrors.length) {
    out.push('Whose make-up do the selected mirror? (Jensen–Shannon divergence in bits of the selected from the benchmark / from the applicants; smaller = closer)', '');
    out.push(...table(['tool / stage', 'group', 'benchmark', 'applicants', 'selected', 'benchmark / applicants', 'JS benchmark / applicants', 'mirror', 'diversity loss'], mirrors), '');
  }
  const probe = s.proxy_probe;
  if (probe) {
    out.push(`Do the traits predict a protected attribute? Cross-validated AUC (0.5 = chance) of a logistic model on a seeded sample (TensorFlow.js, ${probe.backend} backend):`, '');
    out.push(
      ...table(
        ['attribute', 'best-predicted group', 'AUC (95% CI)', 'verdict'],
        probe.probes.map((p) => {
          const top = p.targets.filter((t) => t.auc !== null).sort((x, y) => y.auc! - x.auc!)[0];
          return [p.attribute, top?.group ?? '–', top ? withCi(top.auc, top.auc_ci) : '–', STATUS_LABEL[p.verdict]];
        }),
      ),
      '',
    );
  }
  return out;
}
