import type { FastifyUnderPressureOptions } from '@fastify/under-pressure';
import { HttpProblem } from '../problem.js';
import type { Store } from '../store/store.js';

/**
 * Overload shedding (@fastify/under-pressure). The limits are sampled every `sampleIntervalMs`;
 * while one is exceeded, or while the store does not answer its ping, every request is answered
 * at once with 503, a Retry-After header and problem+json (HA_ERR_OVERLOADED) before any key is
 * checked or any handler runs, so an overloaded server says so instead of queueing requests it
 * cannot serve in time. /healthz (liveness) is always answered: an overloaded server is alive.
 * A limit left out is not checked.
 */
export interface PressureLimits {
  /** Mean event-loop delay over a sample, in ms (default 1000; 0: not checked). */
  maxEventLoopDelayMs?: number;
  /** Share of a sample the event loop was busy, 0 to 1 (default: not checked). */
  maxEventLoopUtilization?: number;
  /** V8 heap in use, bytes (default: not checked). */
  maxHeapUsedBytes?: number;
  /** Resident set size of the server process, bytes (default: not checked). */
  maxRssBytes?: number;
  /** How often the limits are sampled, ms (default 1000). */
  sampleIntervalMs?: number;
  /** How often the store is pinged, ms; while it fails, load is shed too (default 5000). */
  storeCheckMs?: number;
  /** The Retry-After of the 503, seconds (default 5). */
  retryAfterSeconds?: number;
}

const PRESSURE_DEFAULTS = { maxEventLoopDelayMs: 1000, sampleIntervalMs: 1000, storeCheckMs: 5000, retryAfterSeconds: 5 } as const;

/** The shedding limits of the server's options, the older `maxEventLoopDelayMs` option read as part of them. */
export function pressureOf(o: { pressure?: PressureLimits | false; maxEventLoopDelayMs?: number | false }): PressureLimits | false {
  if (o.maxEventLoopDelayMs === undefined || o.pressure === false) return o.pressure ?? {};
  if (o.maxEventLoopDelayMs === false) return o.pressure === undefined ? false : { ...o.pressure, maxEventLoopDelayMs: 0 };
  return { ...o.pressure, maxEventLoopDelayMs: o.maxEventLoopDelayMs };
}

/** What the client is told per kind of pressure (under-pressure's TYPE_* names): no numbers about the machine. */
const REASONS: Record<string, string> = {
  eventLoopDelay: 'the server is too busy',
  eventLoopUtilization: 'the server is too busy',
  heapUsedBytes: 'the server is short of memory',
  rssBytes: 'the server is short of memory',
  healthCheck: 'the store does not answer',
};

export function underPressureOptions(limits: PressureLimits = {}, store: Store): FastifyUnderPressureOptions {
  const l = { ...PRESSURE_DEFAULTS, ...limits };
  const retryAfter = String(l.retryAfterSeconds);
  return {
    sampleInterval: l.sampleIntervalMs,
    maxEventLoopDelay: l.maxEventLoopDelayMs,
    ...(l.maxEventLoopUtilization !== undefined ? { maxEventLoopUtilization: l.maxEventLoopUtilization, eventLoopUtilizationMode: 'interval' as const } : {}),
    ...(l.maxHeapUsedBytes !== undefined ? { maxHeapUsedBytes: l.maxHeapUsedBytes } : {}),
    ...(l.maxRssBytes !== undefined ? { maxRssBytes: l.maxRssBytes } : {}),
    healthCheck: async () => {
      await store.ping();
      return true;
    },
    healthCheckInterval: l.storeCheckMs,
    retryAfter: l.retryAfterSeconds,
    // Returning nothing lets the request through; a rejection goes to the one error handler (problem+json).
    pressureHandler: async (request, _reply, type) => {
      if (request.routeOptions.config.alwaysAnswer) return;
      throw new HttpProblem(503, 'HA_ERR_OVERLOADED', `${REASONS[type] ?? 'the server is overloaded'}; try again in ${retryAfter} s`, { headers: { 'retry-after': retryAfter } });
    },
  };
}
