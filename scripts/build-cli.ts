/**
 * Builds the installed CLI (`npm run build` runs it after tsc; issue 11 item 6, issue 14 item 4).
 * Start-up of a small audit was mostly Node finding, reading and compiling some 1,100 modules
 * (about 700 of them @stdlib's) and then compiling 3 MB of JavaScript; the audit itself is a
 * fraction. So the CLI ships as two bundles in dist/cli:
 *
 * - bin.js, the start-up shell (ES module): src/cli/bin.ts and what it imports statically, that is
 *   flag parsing, --help and --version, writing outputs and exit codes. Node built-ins only.
 * - hireaudit-core.cjs, the core: every module the shell imports dynamically (the audit, load and
 *   report commands, signing, the policy for --lang), with zod, @stdlib, ml-matrix, yaml and
 *   @duckdb/node-api inside, loaded on the first such import by scripts/cli-bundle/core-loader.ts
 *   with a V8 code cache that this script records by running one small audit.
 *
 * Native and optional packages stay outside both bundles (DuckDB's bindings, resvg, TensorFlow.js,
 * Vega, ClickHouse, the server's packages) and load from node_modules as before. `serve`, `keys`
 * and `verify` run from tsc's output in dist/ (the server forks its workers by path), so the build
 * needs tsc to have run first. Results do not change: the same modules run, in the same order.
 *
 * Usage: tsx scripts/build-cli.ts [outDir] (default dist/cli).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { cachePath } from './cli-bundle/core-loader.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LOADER = join(ROOT, 'scripts/cli-bundle/core-loader.ts');
const SHELL_ENTRY = join(ROOT, 'src/cli/bin.ts');
const CORE_FILE = 'hireaudit-core.cjs';

/** Subcommands that run from tsc's output: the server forks its job workers by their path beside its own files. */
const COMPILED_SUBCOMMANDS = /^\.\/(serve|keys|verify)-command\.js$/;

/**
 * Packages the core leaves to node_modules: native code (DuckDB's bindings, resvg, SQLite), ES
 * modules loaded on demand (Vega, TensorFlow.js), and what only an engine or the server uses.
 * Everything else the core imports is bundled.
 */
const EXTERNAL = [
  '@duckdb/node-bindings',
  '@duckdb/node-bindings-*',
  '@resvg/resvg-js',
  '@tensorflow/*',
  'vega',
  'vega-lite',
  'vega-embed',
  'danfojs-node',
  '@clickhouse/client',
  'pg',
  'better-sqlite3',
  'fastify',
  'fastify-type-provider-zod',
  '@fastify/*',
];
const isExternal = (specifier: string) =>
  EXTERNAL.some((e) => (e.endsWith('*') ? specifier.startsWith(e.slice(0, -1)) : specifier === e || specifier.startsWith(`${e}/`)));

const posix = (path: string) => path.split(sep).join('/');

/** hireaudit's version, fixed at build time (src/audit/version.ts reads package.json relative to its own file). */
async function versionPlugin(): Promise<Plugin> {
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return {
    name: 'hireaudit-version',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]audit[\\/]version\.ts$/ }, () => ({ contents: `export const VERSION = ${JSON.stringify(version)};`, loader: 'ts' }));
    },
  };
}

/**
 * The shell's dynamic imports: a module under src/ comes from the core (a stub that asks the
 * loader for it); a compiled subcommand stays an import of tsc's file beside bin.js. The keys of
 * the core's modules are collected for the core's entry.
 */
function shellRoutes(coreKeys: Set<string>): Plugin {
  return {
    name: 'hireaudit-shell-routes',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === 'routed') return undefined;
        if (COMPILED_SUBCOMMANDS.test(args.path) && posix(relative(ROOT, args.importer)) === 'src/cli/main.ts') return { path: args.path, external: true };
        const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'routed' });
        const key = posix(relative(ROOT, resolved.path));
        if (resolved.errors.length > 0 || !key.startsWith('src/')) {
          return { errors: [{ text: `the CLI shell imports ${args.path} dynamically: only modules under src/ can come from the core` }] };
        }
        coreKeys.add(key);
        return { path: key, namespace: 'hireaudit-core' };
      });
      b.onLoad({ filter: /.*/, namespace: 'hireaudit-core' }, (args) => ({
        contents: `const { coreModule } = require(${JSON.stringify(LOADER)});\nmodule.exports = coreModule(${JSON.stringify(args.path)});\n`,
        loader: 'js',
        resolveDir: ROOT,
      }));
    },
  };
}

/**
 * Source rewrites for the core, which runs as CommonJS inside the loader's wrapper:
 * - `createRequire(import.meta.url)(x)` becomes `require(x)`, so that esbuild bundles x
 *   (@duckdb/node-api is loaded that way to spare Node's CommonJS export scan when unbundled);
 * - `import('pkg')` of an external package becomes `__hireauditImport('pkg')`, the loader's
 *   import() (a vm.Script cannot import() in Node 20). A type position (`typeof import('x')`,
 *   `import('x').T`) is left alone.
 */
function coreSource(): Plugin {
  const dynamicImport = /(?<![\w$.]|typeof\s)import\((['"])([^'"]+)\1\)(?!\s*\.)/g;
  return {
    name: 'hireaudit-core-source',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const rewritten = source
          .replaceAll('createRequire(import.meta.url)(', 'require(')
          .replace(dynamicImport, (call, quote: string, specifier: string) => (isExternal(specifier) ? `__hireauditImport(${quote}${specifier}${quote})` : call));
        return rewritten === source ? undefined : { contents: rewritten, loader: 'ts' };
      });
    },
  };
}

/** A dynamic import() left in the core would fail at run time inside the loader's vm.Script. */
function checkNoImportCall(code: string): void {
  const left = code.match(/[^\w$.]import\(\s*["'`][^"'`]*["'`]\s*\)/g);
  if (left) throw new Error(`the CLI core still calls import() (${[...new Set(left)].join(', ')}): route it through __hireauditImport (scripts/build-cli.ts coreSource)`);
}

/** Records the core's code cache: one audit of a 3-row file, every output format it renders by default and JSON. */
function recordCodeCache(outDir: string, work: string): void {
  const csv = join(work, 'three.csv');
  const out = join(work, 'out');
  const child = spawnSync(process.execPath, [join(outDir, 'bin.js'), 'audit', csv, '--protected', 'gender', '--format', 'md,json', '--out', out, '--fail-on', 'never'], {
    encoding: 'utf8',
    env: { ...process.env, HIREAUDIT_RECORD_CODE_CACHE: '1' },
  });
  if (child.status !== 0) throw new Error(`recording the CLI core's code cache: the training audit exited ${child.status}:\n${child.stderr}`);
}

export async function buildCli(outDir = join(ROOT, 'dist/cli')): Promise<{ shell: string; core: string; cache: string }> {
  await mkdir(outDir, { recursive: true });
  const version = await versionPlugin();
  const coreKeys = new Set<string>();
  const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none' } as const;

  await build({
    ...common,
    entryPoints: [SHELL_ENTRY],
    outfile: join(outDir, 'bin.js'),
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    plugins: [version, shellRoutes(coreKeys)],
  });

  const entry = [...coreKeys].sort();
  const core = await build({
    ...common,
    stdin: {
      // require(), not import: each module (and what it imports) initialises when the shell first asks for it, as the shell's import() would.
      contents: `export const modules = {\n${entry.map((k) => `  ${JSON.stringify(k)}: () => require(${JSON.stringify(`./${k}`)}),\n`).join('')}};\n`,
      resolveDir: ROOT,
      sourcefile: 'hireaudit-core-entry.js',
      loader: 'js',
    },
    outfile: join(outDir, CORE_FILE),
    format: 'cjs',
    external: EXTERNAL,
    define: { 'import.meta.url': '__hireauditMetaUrl' },
    sourcemap: 'external',
    write: false,
    plugins: [version, coreSource()],
  });
  const code = core.outputFiles.find((f) => f.path.endsWith('.cjs'))!.text;
  const map = core.outputFiles.find((f) => f.path.endsWith('.cjs.map'))!.text;
  checkNoImportCall(code);
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const coreFile = join(outDir, CORE_FILE);
  // The header line names the cache; the source map moves down one line with it.
  const shifted = JSON.parse(map) as { mappings: string };
  shifted.mappings = `;${shifted.mappings}`;
  for (const f of await readdir(outDir)) if (/^hireaudit-core\.[0-9a-f]{16}\.v8cache$/.test(f)) await rm(join(outDir, f));
  await writeFile(coreFile, `// hireaudit core ${hash}\n${code}//# sourceMappingURL=${CORE_FILE}.map\n`);
  await writeFile(`${coreFile}.map`, JSON.stringify(shifted));

  const work = await mkdtemp(join(tmpdir(), 'hireaudit-build-'));
  try {
    await writeFile(join(work, 'three.csv'), 'candidate_id,selected,gender\nc1,1,female\nc2,0,male\nc3,1,female\n');
    recordCodeCache(outDir, work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { shell: join(outDir, 'bin.js'), core: coreFile, cache: cachePath(coreFile, hash) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { shell, core, cache } = await buildCli(process.argv[2] === undefined ? undefined : resolve(process.argv[2]));
  process.stdout.write(`CLI built: ${relative(ROOT, shell)}, ${relative(ROOT, core)}, ${relative(ROOT, cache)}\n`);
}
