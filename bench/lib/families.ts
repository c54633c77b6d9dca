/**
 * The registry's families with every engine query they send observed, for the benchmarks that
 * say where an audit's time goes (bench/full.ts, bench/floor.ts).
 */
import type { Engine } from '../../src/audit/engine/engine.js';
import type { FamilyContext } from '../../src/audit/metrics/family.js';
import { FAMILIES, type FamilyEntry } from '../../src/audit/registry.js';
import { cpuSeconds, now } from './common.js';

export interface ObservedQuery {
  family: string;
  /** Scans of the candidates table: two for paired rows (a join of two filtered copies), else one. */
  scans: number;
  seconds: number;
  /** CPU seconds of the whole process (every DuckDB thread) while the query ran: its own only when the scans are serial. */
  cpuSeconds: number;
}

export interface Observer {
  query?(q: ObservedQuery): void;
  /** A family's scan, from its start to its end (seconds of the wall clock, see now()). */
  scan?(family: string, from: number, to: number): void;
}

const scansOf = (query: unknown) => ((query as { from?: { kind?: string } } | undefined)?.from?.kind === 'pairs' ? 2 : 1);

/**
 * FAMILIES, each scan given an engine that reports its queries to `observer`. `serial` makes the
 * families scan one after another instead of at once (runAudit starts them together), so that
 * the CPU seconds of a query are its own.
 */
export function observedFamilies(observer: Observer, serial = false): FamilyEntry[] {
  let turn: Promise<unknown> = Promise.resolve();
  return FAMILIES.map((f) => ({
    ...f,
    metric: {
      ...f.metric,
      scan: (engine: Engine, ctx: FamilyContext) => {
        const observed = <T>(call: (query: never) => Promise<T>) => async (query: never) => {
          const t = now();
          const c = cpuSeconds();
          try {
            return await call(query);
          } finally {
            observer.query?.({ family: f.id, scans: scansOf(query), seconds: now() - t, cpuSeconds: cpuSeconds() - c });
          }
        };
        const observing: Engine = {
          name: engine.name,
          aggregate: observed(engine.aggregate.bind(engine)),
          medians: observed(engine.medians.bind(engine)),
          ...(engine.mediansOfMany ? { mediansOfMany: observed(engine.mediansOfMany.bind(engine)) } : {}),
          sample: observed(engine.sample.bind(engine)),
          close: () => engine.close(),
        };
        const scan = async () => {
          const from = now();
          try {
            return await f.metric.scan(observing, ctx);
          } finally {
            observer.scan?.(f.id, from, now());
          }
        };
        if (!serial) return scan();
        const mine = turn.then(scan);
        turn = mine.catch(() => {});
        return mine;
      },
    },
  }));
}
