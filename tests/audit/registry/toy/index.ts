/**
 * A toy metric family, defined in the tests alone: the share of candidates selected per stage.
 * It shows that a family is one folder (this one), one rules file (rules.ts beside it) and one
 * registry line (in registry.test.ts), with no edit anywhere else.
 */
import { z } from 'zod';
import { USED_ROWS, type MetricFamily } from '../../../../src/audit/metrics/family.js';

export const ToySection = z
  .object({ stages: z.array(z.object({ stage: z.string(), n: z.number(), selected: z.number(), share: z.number().nullable(), verdict: z.string() })) })
  .optional()
  .describe('toy family: share selected per stage (a test fixture)');
export type ToySection = NonNullable<z.infer<typeof ToySection>>;

type ToyCell = { stage: string; n: number; selected: number };

export const toyMetric: MetricFamily<ToyCell[], ToySection> = {
  applies: ({ dataset }) => dataset.columns.includes('stage'),
  async scan(engine) {
    const rows = await engine.aggregate({
      name: 'toy selections',
      dims: { stage: { kind: 'column', column: 'stage' } },
      measures: { n: { kind: 'weight' }, selected: { kind: 'sum', column: 'selected' } },
      where: USED_ROWS,
    });
    return rows.map((r) => ({ stage: String(r['stage']), n: Number(r['n']), selected: Number(r['selected']) }));
  },
  finalize: (cells) =>
    cells.length === 0
      ? null
      : { stages: [...cells].sort((a, b) => (a.stage < b.stage ? -1 : 1)).map((c) => ({ ...c, share: c.n > 0 ? c.selected / c.n : null, verdict: 'not_assessed' })) },
};
