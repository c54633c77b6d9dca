/*
 * The reliability family's aggregate cells and their pure arithmetic: what scan.ts returns and
 * finalize reads, kept apart from the scan so that finalize never loads engine code.
 */

/** Paired first/second-attempt sums of one stage: everything test–retest needs (k = 2 occasions). */
export interface RetestCell {
  tool: string | null;
  stage: string;
  /** Protected-attribute values of the candidates (first attempt), in dataset order; [] once rolled up. */
  values: readonly string[];
  /** Σ w over pairs with both scores. */
  n: number;
  /** Σ w(x1 − shift), Σ w(x2 − shift), Σ w(x1 − shift)², Σ w(x2 − shift)², Σ w(x1 − shift)(x2 − shift). */
  s1: number;
  s2: number;
  s11: number;
  s22: number;
  s12: number;
  /** Pairs whose trait_* columns are all equal on both attempts, and of those the ones scored identically; null without traits. */
  identicalInput: number | null;
  identicalScore: number | null;
}

/** Shifted item sums and cross products of one stage over candidates with every item present. */
export interface ItemCell {
  tool: string | null;
  stage: string;
  n: number;
  /** Σ w(item_i − shift_i). */
  sums: number[];
  /** cross[i][j] = Σ w(item_i − shift_i)(item_j − shift_j), symmetric. */
  cross: number[][];
}

/** Adds cells of the same stage (and tool) whose values agree where `keep` says so (the sums are additive: one shift). */
export function sumRetestCells(cells: readonly RetestCell[], keep: (i: number) => boolean): RetestCell[] {
  const out = new Map<string, RetestCell>();
  for (const c of cells) {
    const values = c.values.filter((_, i) => keep(i));
    const key = JSON.stringify([c.tool, c.stage, values]);
    const a = out.get(key);
    if (!a) {
      out.set(key, { ...c, values });
      continue;
    }
    const add = (x: number | null, y: number | null) => (x === null || y === null ? null : x + y);
    out.set(key, {
      ...a,
      n: a.n + c.n,
      s1: a.s1 + c.s1,
      s2: a.s2 + c.s2,
      s11: a.s11 + c.s11,
      s22: a.s22 + c.s22,
      s12: a.s12 + c.s12,
      identicalInput: add(a.identicalInput, c.identicalInput),
      identicalScore: add(a.identicalScore, c.identicalScore),
    });
  }
  return [...out.values()];
}
