import type { AuditResult } from '../audit/contract/audit-result.js';
import { escapeMarkdown } from './escape.js';
import { type Words, wordsFor } from './i18n/index.js';

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
export function similarityMarkdown(result: AuditResult, w: Words = wordsFor(result)): string[] {
  const s = result.similarity;
  if (!s) return [];
  const { t } = w;
  const withCi = (x: number | null, c: readonly [number, number] | null) => (x === null ? '–' : `${w.fix(x)} (${w.ci(c, (v) => w.fix(v))})`);
  const out = [`## ${t('sim.heading')}`, ''];
  const b = s.benchmark;
  const from = b.source === 'file' ? t('sim.fromFile', { file: escapeMarkdown(b.file ?? '') }) : b.source === 'rows' ? t('sim.fromRows') : t('sim.fromNone');
  out.push(t('sim.intro', { n: w.count(b.n), from, traits: w.count(s.traits.length) }), '');
  out.push(
    ...table(
      [t('col.toolStage'), t('col.applicants'), t('col.selected'), t('sim.col.coupling'), t('sim.col.partial'), t('sim.col.curve'), t('sim.col.h'), t('sim.col.couplingVerdict'), t('sim.col.homogeneity')],
      s.units.map((u) => [
        w.stageText(u.tool, u.stage),
        w.count(u.n_pool),
        w.count(u.n_selected),
        u.coupling ? withCi(u.coupling.rho, u.coupling.rho_ci) : '–',
        u.coupling?.partial ? withCi(u.coupling.partial.rho, u.coupling.partial.rho_ci) : '–',
        u.clone_curve.length ? u.clone_curve.map((q) => w.pct(q.rate, 0)).join(' → ') : '–',
        withCi(u.homogeneity.h, u.homogeneity.h_ci),
        u.coupling ? w.status(u.coupling.verdict) : '–',
        w.status(u.homogeneity.verdict),
      ]),
    ),
    '',
  );
  const mirrors = s.units.flatMap((u) =>
    u.mirror.flatMap((m) =>
      m.groups.map((g) => [
        w.stageText(u.tool, u.stage),
        `${m.attribute}=${g.group}`,
        w.pct(g.benchmark_share),
        w.pct(g.pool_share),
        w.pct(g.selected_share),
        w.fix(g.representation_ratio),
        `${w.fix(m.js_selected_benchmark, 4)} / ${w.fix(m.js_selected_pool, 4)}`,
        w.status(m.verdict),
        w.status(m.diversity_verdict),
      ]),
    ),
  );
  if (mirrors.length) {
    out.push(t('sim.mirrorIntro'), '');
    out.push(...table([t('col.toolStage'), t('col.group'), t('sim.col.benchmark'), t('col.applicants'), t('col.selected'), t('sim.col.ratio'), t('sim.col.js'), t('sim.col.mirror'), t('sim.col.diversity')], mirrors), '');
  }
  const probe = s.proxy_probe;
  if (probe) {
    out.push(t('sim.proxyIntro', { backend: probe.backend }), '');
    out.push(
      ...table(
        [t('col.attribute'), t('sim.col.bestGroup'), t('sim.col.auc'), t('col.verdict')],
        probe.probes.map((p) => {
          const top = p.targets.filter((x) => x.auc !== null).sort((x, y) => y.auc! - x.auc!)[0];
          return [p.attribute, top?.group ?? '–', top ? withCi(top.auc, top.auc_ci) : '–', w.status(p.verdict)];
        }),
      ),
      '',
    );
  }
  return out;
}
