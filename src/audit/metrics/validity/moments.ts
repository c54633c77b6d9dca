import type { CoMoments } from '../../stats/co-moments.js';
import type { ValidityCell } from './scan.js';

/**
 * Summed shifted sums of a set of cells (a stage, or one group at a stage). Applicants with a
 * score: Σw, Σw(x − shiftX), Σw(x − shiftX)²; candidates with score and criterion: Σw and shifted
 * sums of x, y, x², y², xy.
 */
export interface ValiditySums {
  applicants: number;
  a1: number;
  a2: number;
  n: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

export const EMPTY_SUMS: ValiditySums = { applicants: 0, a1: 0, a2: 0, n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };

export function addSums(a: ValiditySums, c: ValidityCell | ValiditySums): ValiditySums {
  return {
    applicants: a.applicants + c.applicants,
    a1: a.a1 + c.a1,
    a2: a.a2 + c.a2,
    n: a.n + c.n,
    sx: a.sx + c.sx,
    sy: a.sy + c.sy,
    sxx: a.sxx + c.sxx,
    syy: a.syy + c.syy,
    sxy: a.sxy + c.sxy,
  };
}

/**
 * Co-moments of the criterion rows from shifted sums (Chan, Golub & LeVeque 1983, shifted data):
 * mean = shift + S1/n, var = (S2 - S1²/n)/n, cov = (Sxy - Sx Sy/n)/n; null when there are none.
 */
export function criterionMoments(s: ValiditySums, shiftX: number, shiftY: number): CoMoments | null {
  if (!(s.n > 0)) return null;
  const n = s.n;
  return {
    n,
    meanX: shiftX + s.sx / n,
    meanY: shiftY + s.sy / n,
    varX: Math.max(0, (s.sxx - (s.sx * s.sx) / n) / n),
    varY: Math.max(0, (s.syy - (s.sy * s.sy) / n) / n),
    covXY: (s.sxy - (s.sx * s.sy) / n) / n,
  };
}

/** Population SD of the applicants' scores (divisor n), or null without applicants. */
export function applicantSd(s: ValiditySums): number | null {
  if (!(s.applicants > 0)) return null;
  return Math.sqrt(Math.max(0, (s.a2 - (s.a1 * s.a1) / s.applicants) / s.applicants));
}
