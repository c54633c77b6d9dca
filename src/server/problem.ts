import { z } from 'zod';

/**
 * Errors as RFC 9457 problem details (application/problem+json). Every error the API answers is
 * one of these; `code` is stable (HA_ERR_*), `detail` says what was wrong and what to do.
 */
export const Problem = z
  .looseObject({
    type: z.string().describe('URI naming the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('stable error code, e.g. HA_ERR_CONTRACT'),
    instance: z.string().optional().describe('the request path'),
    issues: z.array(z.unknown()).optional().describe('every problem found (contract check, policy, request validation)'),
  })
  .describe('RFC 9457 problem details');
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
  507: 'Insufficient storage',
};

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: { issues?: unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function problemBody(status: number, code: string, detail: string, instance: string | undefined, issues?: unknown[]): Problem {
  return {
    type: `urn:hireaudit:problem:${code.toLowerCase()}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(instance !== undefined ? { instance } : {}),
    ...(issues !== undefined ? { issues } : {}),
  };
}

export const notFound = (what: string, id: string) => new HttpProblem(404, 'HA_ERR_NOT_FOUND', `no ${what} "${id}" for this key's tenant`);
