// Resolve hook of register.mjs: records every resolved ESM URL.
import { appendFileSync } from 'node:fs';

const out = process.env.HIREAUDIT_TRACE_LOADS;

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (out) appendFileSync(out, `${resolved.url}\n`);
  return resolved;
}
