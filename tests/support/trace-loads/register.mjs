// Preloaded with `node --import` by tests/cli/lazy-loading.test.ts: appends the URL or path of
// every module the process loads to the file named by HIREAUDIT_TRACE_LOADS, one a line. ESM
// resolutions are seen by the resolve hook (hooks.mjs, in the loader thread), CommonJS loads by
// wrapping Module._load (require() inside packages, and createRequire).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const out = process.env.HIREAUDIT_TRACE_LOADS;
if (out) {
  register('./hooks.mjs', import.meta.url);
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    let file = request;
    try {
      file = Module._resolveFilename(request, parent, isMain);
    } catch {
      // a built-in or an unresolvable request: record it as asked
    }
    appendFileSync(out, `${file}\n`);
    return load.apply(this, arguments);
  };
}
