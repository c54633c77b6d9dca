/**
 * Bundled into the CLI's start-up shell (dist/cli/bin.js) by scripts/build-cli.ts: loads the
 * CLI's core (dist/cli/hireaudit-core.cjs, everything a command loads after parsing its flags) the
 * first time a command needs it, compiled with the V8 code cache the build recorded beside it.
 *
 * Why not a plain import: Node 20 has no compile cache for modules (module.enableCompileCache is
 * Node 22), and compiling the core's 3 MB of JavaScript, top level and then every function on its
 * first call, is about a third of a small audit's CPU. A vm.Script accepts V8's cached data.
 *
 * V8 checks that cached data matches its own version and flags and rejects it otherwise (the core
 * then compiles from source, as without a cache); it does not check the source text itself beyond
 * its length, so the cache is named after a hash of the core that the build writes into the
 * core's first line: a rebuilt core never meets a stale cache.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/** What the core bundle exports: each module the shell imports from it, by its path under the repository, initialised on the first call. */
export interface Core {
  modules: Record<string, () => Record<string, unknown>>;
}

/** The core beside the shell this loader is bundled into. */
const CORE = fileURLToPath(new URL('./hireaudit-core.cjs', import.meta.url));
/** The first line of the core: `// hireaudit core <hash>`. */
const HEADER = /^\/\/ hireaudit core ([0-9a-f]{16})\n/;

/** Where the code cache of a core with this hash lives. Exported for the build (scripts/build-cli.ts). */
export const cachePath = (core: string, hash: string) => `${core.replace(/\.cjs$/, '')}.${hash}.v8cache`;

/**
 * The wrapper the core runs in: CommonJS's five parameters, plus the core's import.meta.url (the
 * build defines import.meta.url as `__hireauditMetaUrl`) and an import() for the packages the core
 * loads as ES modules (the build routes their import() here: a vm.Script has no import() of its own
 * in Node 20 without a flag). On the core's first line, so line numbers in stack traces are the file's.
 */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname, __hireauditMetaUrl, __hireauditImport) {';

let core: Core | undefined;

/** A module of the core (e.g. 'src/cli/audit-command.ts'), loading the core on first use. */
export function coreModule(key: string): Record<string, unknown> {
  core ??= loadCore(CORE).core;
  const load = core.modules[key];
  if (load === undefined) throw new Error(`${CORE} has no module ${key}; run "npm run build" again`);
  return load();
}

/** What became of the code cache: V8 took it, rejected it (another Node or other V8 flags), or there was none. */
export type CacheUse = 'accepted' | 'rejected' | 'missing';

/**
 * Reads, compiles and runs a core bundle (its top level only: each module initialises when asked
 * for). `step` is called after each of the three, for bench/startup.ts's breakdown.
 */
export function loadCore(file: string, step: (done: 'read' | 'compile' | 'run') => void = () => {}): { core: Core; cache: CacheUse } {
  const source = readFileSync(file, 'utf8');
  const hash = HEADER.exec(source)?.[1];
  const cache = hash === undefined ? undefined : cachePath(file, hash);
  const cachedData = cache !== undefined && existsSync(cache) ? readFileSync(cache) : undefined;
  step('read');
  const script = new Script(`${WRAPPER_HEAD}${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const use: CacheUse = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  step('compile');
  // For the build's test and bench/startup.ts: whether V8 took the cache.
  if (process.env['HIREAUDIT_DEBUG_CODE_CACHE'] === '1') process.stderr.write(`hireaudit: code cache ${use}\n`);
  // The build records the cache after one training run (HIREAUDIT_RECORD_CODE_CACHE=1): at exit, so
  // that it holds every function that run compiled, not only the top level.
  if (process.env['HIREAUDIT_RECORD_CODE_CACHE'] === '1' && cache !== undefined) {
    process.once('exit', () => writeFileSync(cache, script.createCachedData()));
  }
  const module = { exports: {} as Core };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const importEsm = (specifier: string) => import(specifier);
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href, importEsm);
  step('run');
  return { core: module.exports, cache: use };
}
