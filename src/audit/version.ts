import { readFileSync } from 'node:fs';

/** hireaudit's version, from package.json (two levels up from both src/audit and dist/audit). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
