/** A full disk (or quota) under the server's data or temporary folder: the server's problem, not the request's (HA_ERR_STORAGE). */
export function isNoRoom(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
