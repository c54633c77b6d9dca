import { HttpProblem } from '../problem.js';
import { decodeCursor } from '../store/sqlite-store.js';
import type { PageQuery } from '../store/store.js';

/** Checks a page request's cursor before it reaches the store: a bad cursor is a 400, not an empty page. */
export function decodePage(q: { limit: number; cursor?: string | undefined }): PageQuery {
  if (q.cursor !== undefined && decodeCursor(q.cursor) === null && !/^\d+$/.test(q.cursor)) {
    throw new HttpProblem(400, 'HA_ERR_REQUEST', 'the cursor is not one this server gave: use the "next" of the previous page');
  }
  return { limit: q.limit, cursor: q.cursor };
}
