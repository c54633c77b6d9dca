import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditProgress, AUDIT_PHASES } from '../../src/audit/contract/progress.js';
import { parsePolicy } from '../../src/audit/contract/policy.js';
import { DuckDBEngine } from '../../src/audit/engine/duckdb/duckdb-engine.js';
import { AuditError } from '../../src/audit/errors.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { fixture } from '../support/fixtures.js';
import { useTempDir } from '../support/tmp.js';

/**
 * runAudit as a service (issue 11 item 5): an engine the caller owns, structured progress, and
 * cancellation through an AbortSignal that interrupts a running DuckDB query.
 */
const tmp = useTempDir('hireaudit-service-');
const policy = parsePolicy({ protected: ['gender'] });
const pilot = { kind: 'file' as const, path: fixture('pilot-cv-screen.csv') };
/** Rows of the large file: big enough that reading and scanning it take seconds, not milliseconds. */
const LARGE_ROWS = 4_000_000;
let large: string;

beforeAll(async () => {
  large = tmp.path('large.csv');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (
      SELECT 'c' || i AS candidate_id, 'stage_' || (i % 3) AS stage, CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END AS gender,
             (hash(i) % 100 < 40)::INT AS selected, (hash(i * 7) % 1000) / 10.0 AS score
      FROM range(${LARGE_ROWS}) t(i)
    ) TO '${large}' (FORMAT csv, HEADER true)`);
  conn.closeSync();
  db.closeSync();
}, 60_000);

async function expectCancelled(promise: Promise<unknown>): Promise<AuditError> {
  const e = await promise.then(
    () => {
      throw new Error('expected the audit to be cancelled');
    },
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(AuditError);
  expect((e as AuditError).code).toBe('HA_ERR_CANCELLED');
  return e as AuditError;
}

describe('an engine the caller owns', () => {
  let engine: DuckDBEngine;
  beforeAll(async () => {
    engine = await DuckDBEngine.open({ threads: 1 });
  });
  afterAll(() => engine.close());

  it('is used and left open, and gives the same result as an engine of its own', async () => {
    const own = await runAudit({ source: pilot, policy });
    const given = await runAudit({ source: pilot, policy, engine });
    expect(given).toEqual(own);
    expect(await engine.rows('SELECT 41 + 1 AS answer')).toEqual([{ answer: 42 }]);
    // and a second audit in the same engine replaces the tables of the first
    expect(await runAudit({ source: pilot, policy, engine })).toEqual(own);
  });
});

describe('structured progress', () => {
  it('every event is a valid AuditProgress; phases come in order; done < total', async () => {
    const events: AuditProgress[] = [];
    await runAudit({ source: pilot, policy, onProgress: (p) => events.push(p) });
    for (const e of events) expect(AuditProgress.parse(e)).toEqual(e);
    const phases = events.map((e) => AUDIT_PHASES.indexOf(e.phase));
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
    expect(events.filter((e) => e.phase === 'ingest').map((e) => e.message)).toEqual(['reading pilot-cv-screen.csv', 'checking the data contract', 'building the candidates table']);
    expect(events.filter((e) => e.phase === 'ingest').map((e) => [e.done, e.total])).toEqual([[0, 3], [1, 3], [2, 3]]);
    expect(events.find((e) => e.phase === 'scan')?.family).toBe('disparity');
    for (const e of events) expect(e.done).toBeLessThan(e.total);
  });
});

describe('cancellation', () => {
  it('an already aborted signal refuses before any work, with the reason', async () => {
    const events: AuditProgress[] = [];
    const e = await expectCancelled(runAudit({ source: pilot, policy, signal: AbortSignal.abort(new Error('user pressed stop')), onProgress: (p) => events.push(p) }));
    expect(e.message).toBe('the audit was cancelled: user pressed stop');
    expect(events).toEqual([]);
  });

  it('aborting while DuckDB reads a large file interrupts the read: the contract check never starts', async () => {
    const controller = new AbortController();
    const events: AuditProgress[] = [];
    const audit = runAudit({
      source: { kind: 'file', path: large },
      policy,
      signal: controller.signal,
      onProgress: (p) => {
        events.push(p);
        if (p.message?.startsWith('reading')) setTimeout(() => controller.abort(), 100);
      },
    });
    await expectCancelled(audit);
    expect(events.map((e) => e.message)).toEqual(['reading large.csv']);
  }, 30_000);

  it('aborting during the scan stops it: nothing is judged, and a given engine stays open', async () => {
    const engine = await DuckDBEngine.open();
    try {
      const controller = new AbortController();
      const events: AuditProgress[] = [];
      const audit = runAudit({
        source: { kind: 'file', path: large },
        policy,
        engine,
        signal: controller.signal,
        onProgress: (p) => {
          events.push(p);
          if (p.phase === 'scan') controller.abort();
        },
      });
      await expectCancelled(audit);
      expect(events.at(-1)).toMatchObject({ phase: 'scan', family: 'disparity' });
      expect(events.some((e) => e.phase === 'judge')).toBe(false);
      expect(await engine.rows('SELECT count(*) AS n FROM candidates')).toEqual([{ n: LARGE_ROWS }]);
    } finally {
      await engine.close();
    }
  }, 60_000);
});

describe('DuckDBEngine.cancelOn', () => {
  it('interrupts a running query (one that would run for minutes) and the connection stays usable', async () => {
    const engine = await DuckDBEngine.open();
    try {
      const controller = new AbortController();
      const release = engine.cancelOn(controller.signal);
      const running = engine.rows('SELECT count(*) AS n FROM range(1000000000) a, range(1000) b WHERE (a.range + b.range) % 7 = 3');
      setTimeout(() => controller.abort(), 200);
      await expectCancelled(running);
      await expectCancelled(engine.rows('SELECT 1 AS x')); // no new query starts once cancelled
      release();
      expect(await engine.rows('SELECT 1 AS x')).toEqual([{ x: 1 }]);
    } finally {
      await engine.close();
    }
  }, 30_000);

  it('a released signal no longer cancels anything', async () => {
    const engine = await DuckDBEngine.open();
    try {
      const controller = new AbortController();
      engine.cancelOn(controller.signal)();
      controller.abort();
      expect(await engine.rows('SELECT 2 AS x')).toEqual([{ x: 2 }]);
    } finally {
      await engine.close();
    }
  });
});
