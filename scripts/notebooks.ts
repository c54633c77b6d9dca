/**
 * The TypeScript notebooks in notebooks/: register the tslab kernel inside the project, execute
 * every notebook headless, open them in Jupyter.
 *
 *   npm run notebooks:setup [-- --user]   register the kernel (in .hireaudit-tmp/jupyter, or with
 *                                         --user in your own Jupyter) and link `hireaudit` for it
 *   npm run notebooks [-- a.ipynb … --out DIR]   build, then execute every notebook (or the given
 *                                         ones) with `jupyter nbconvert --execute` into a temporary
 *                                         folder; exit 1 when a cell fails, 2 when Jupyter is missing
 *   npm run notebooks:open                build, then start Jupyter Notebook on notebooks/
 *
 * Jupyter is Debian's (jupyter-notebook, jupyter-nbconvert, python3-ipykernel) run by
 * /usr/bin/python3, never a pyenv or virtualenv python. tslab is the dev dependency of
 * notebooks/package.json, installed into notebooks/node_modules by the setup (from its lock file):
 * in the project's node_modules its TypeScript fork's `tsc` bin would replace the project's. Jupyter's config, data and runtime folders
 * point into .hireaudit-tmp/jupyter, so nothing is written to the user's global Jupyter unless
 * `--user` asks for it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const NOTEBOOK_DIR = join(ROOT, 'notebooks');
export const JUPYTER_DIR = join(ROOT, '.hireaudit-tmp', 'jupyter');
export const PYTHON = '/usr/bin/python3';
export const KERNEL = 'tslab';
export const DEBIAN_PACKAGES = ['jupyter-notebook', 'jupyter-nbconvert', 'python3-ipykernel'] as const;

/** Per-cell (and kernel start) limit for nbconvert, and the limit for one whole notebook (each runs in well under a minute). */
const CELL_TIMEOUT_S = 120;
const NOTEBOOK_TIMEOUT_MS = 300_000;

/** Missing Jupyter or a broken setup: exit code 2, with what to install. */
export class NotebookSetupError extends Error {}

/** The environment Jupyter runs in: every Jupyter folder inside the project, the kernel found there first. */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    JUPYTER_PATH: join(JUPYTER_DIR, 'share', 'jupyter'),
    JUPYTER_CONFIG_DIR: join(JUPYTER_DIR, 'config'),
    JUPYTER_DATA_DIR: join(JUPYTER_DIR, 'data'),
    JUPYTER_RUNTIME_DIR: join(JUPYTER_DIR, 'runtime'),
    IPYTHONDIR: join(JUPYTER_DIR, 'ipython'),
  };
}

/** Debian's Jupyter is there: /usr/bin/python3 imports nbconvert, the kernel client and ipykernel. */
export function checkJupyter(modules: readonly string[] = ['nbconvert', 'nbclient', 'jupyter_client', 'ipykernel']): void {
  const missing = `Jupyter from Debian is needed: apt-get install ${DEBIAN_PACKAGES.join(' ')}`;
  if (!existsSync(PYTHON)) throw new NotebookSetupError(`${PYTHON} does not exist. ${missing}`);
  const probe = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const detail = (probe.stderr || probe.error?.message || '').trim().split('\n').at(-1) ?? '';
    throw new NotebookSetupError(`${PYTHON} cannot import ${modules.join(', ')} (${detail}). ${missing}`);
  }
}

/**
 * notebooks/node_modules/hireaudit -> the project: the kernel resolves `import … from 'hireaudit'`
 * to this package (its package.json, dist/index.js and types) as it would an installed dependency.
 * tslab type-checks with Node10 module resolution, which has no package self-reference.
 */
export function linkPackage(): void {
  const link = join(NOTEBOOK_DIR, 'node_modules', 'hireaudit');
  const target = join('..', '..');
  if (existsSync(link) || isSymlink(link)) {
    if (isSymlink(link) && readlinkSync(link) === target) return;
    throw new NotebookSetupError(`${link} exists and is not the link to the project (${target}); remove it and run again`);
  }
  mkdirSync(join(NOTEBOOK_DIR, 'node_modules'), { recursive: true });
  symlinkSync(target, link, 'dir');
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/** tslab at the version of notebooks/package-lock.json in notebooks/node_modules: `npm ci` there unless it already is. */
export function installKernelPackage(): void {
  const locked = (readJson(join(NOTEBOOK_DIR, 'package-lock.json'))['packages'] as Record<string, { version?: string }>)['node_modules/tslab']?.version;
  const installedManifest = join(NOTEBOOK_DIR, 'node_modules', 'tslab', 'package.json');
  if (locked !== undefined && existsSync(installedManifest) && readJson(installedManifest)['version'] === locked) return;
  // npm ci empties notebooks/node_modules; take the link to the project out first, never through it.
  const link = join(NOTEBOOK_DIR, 'node_modules', 'hireaudit');
  if (isSymlink(link)) unlinkSync(link);
  const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: NOTEBOOK_DIR, encoding: 'utf8' });
  if (run.status !== 0) throw new NotebookSetupError(`npm ci in ${NOTEBOOK_DIR} (the tslab kernel) failed:\n${run.stdout}${run.stderr}`);
}

/** Registers the tslab kernel: inside the project by default, in the user's Jupyter with `user`. */
export function setupKernel(options: { user?: boolean } = {}): void {
  checkJupyter();
  installKernelPackage();
  const tslabBin = join(NOTEBOOK_DIR, 'node_modules', '.bin', 'tslab');
  const where = options.user ? ['--user'] : [`--prefix=${JUPYTER_DIR}`];
  const run = spawnSync(process.execPath, [tslabBin, 'install', `--python=${PYTHON}`, `--binary=${tslabBin}`, ...where], {
    encoding: 'utf8',
    env: options.user ? process.env : jupyterEnv(),
  });
  if (run.status !== 0) throw new NotebookSetupError(`tslab install failed:\n${run.stdout}${run.stderr}`);
  linkPackage();
}

/** `npm run build`: the notebooks import the built package (dist/), so it must match src/. */
export function build(): void {
  const run = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new NotebookSetupError(`npm run build failed:\n${run.stdout}${run.stderr}`);
}

/** The notebooks of notebooks/, in name order. */
export async function listNotebooks(): Promise<string[]> {
  return (await readdir(NOTEBOOK_DIR)).filter((f) => f.endsWith('.ipynb') && !f.startsWith('.')).sort().map((f) => join(NOTEBOOK_DIR, f));
}

export interface NotebookRun {
  notebook: string;
  ok: boolean;
  seconds: number;
  /** The executed notebook (on failure: executed with errors allowed, to read the failing cell's output). */
  output: string;
  /** On failure: the failing cell and what it printed to stderr. */
  error?: string;
}

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input: string; timeoutMs: number }): Promise<Spawned> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    // The kernel is nbconvert's child: end the whole process group, never just nbconvert.
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, timedOut });
    });
    child.stdin.end(options.input);
  });
}

function nbconvert(input: string, outDir: string, name: string, allowErrors: boolean): Promise<Spawned> {
  const args = [
    '-m', 'nbconvert', '--execute', '--to', 'notebook', '--stdin', '--output', name, '--output-dir', outDir,
    `--ExecutePreprocessor.timeout=${CELL_TIMEOUT_S}`, `--ExecutePreprocessor.startup_timeout=${CELL_TIMEOUT_S}`,
    `--ExecutePreprocessor.kernel_name=${KERNEL}`,
    ...(allowErrors ? ['--allow-errors'] : []),
  ];
  // The notebook comes on stdin so the kernel's working directory is notebooks/ (relative paths to
  // ../fixtures, the hireaudit link) whichever file it was read from, e.g. a broken copy in a test.
  return run(PYTHON, args, { cwd: NOTEBOOK_DIR, env: jupyterEnv(), input, timeoutMs: NOTEBOOK_TIMEOUT_MS });
}

interface StoredCell {
  cell_type: string;
  source: string | string[];
  outputs?: { output_type: string; name?: string; text?: string | string[] }[];
}

const tail = (s: string) => s.trim().split('\n').slice(-20).join('\n');
const text = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join('') : (s ?? ''));

/** Which cell failed (nbconvert prints its source) and what it wrote to stderr, from a run with errors allowed. */
async function describeFailure(first: Spawned, input: string, outDir: string, name: string): Promise<{ error: string; output: string }> {
  if (first.timedOut) return { error: `timed out after ${NOTEBOOK_TIMEOUT_MS / 1000} s`, output: '' };
  if (first.stderr.includes('DeadKernelError')) return { error: `the kernel died (crashed or ran out of memory):\n${tail(first.stderr)}`, output: '' };
  const source = /An error occurred while executing the following cell:\n-+\n([\s\S]*?)\n-+\n/.exec(first.stderr)?.[1];
  if (source === undefined) return { error: tail(first.stderr), output: '' };
  const failedName = `${name}.failed`;
  const second = await nbconvert(input, outDir, failedName, true);
  const output = join(outDir, `${failedName}.ipynb`);
  const cells = second.code === 0 ? (JSON.parse(await readFile(output, 'utf8')) as { cells: StoredCell[] }).cells : [];
  const code = cells.filter((c) => c.cell_type === 'code');
  const index = code.findIndex((c) => text(c.source).trim() === source.trim());
  const printed = (code[index]?.outputs ?? []).filter((o) => o.name === 'stderr').map((o) => text(o.text)).join('');
  const where = index >= 0 ? `code cell ${index + 1}` : 'a cell';
  return { error: `${where} failed:\n${source}\n--- its output:\n${printed.trim() || '(none)'}`, output };
}

/** Executes one notebook into outDir; never throws for a failing cell (see `ok` and `error`). */
export async function executeNotebook(notebook: string, outDir: string): Promise<NotebookRun> {
  const name = basename(notebook, '.ipynb');
  const input = await readFile(notebook, 'utf8');
  const started = performance.now();
  const first = await nbconvert(input, outDir, name, false);
  const seconds = (performance.now() - started) / 1000;
  if (first.code === 0 && !first.timedOut) return { notebook, ok: true, seconds, output: join(outDir, `${name}.ipynb`) };
  return { notebook, ok: false, seconds, ...(await describeFailure(first, input, outDir, name)) };
}

/** Setup, build, then every notebook one after another (2 cores: no parallel kernels). */
export async function runNotebooks(notebooks: readonly string[], outDir?: string, log: (line: string) => void = console.log): Promise<NotebookRun[]> {
  setupKernel();
  build();
  const out = outDir ?? (await mkdtemp(join(tmpdir(), 'hireaudit-notebooks-')));
  await mkdir(out, { recursive: true });
  log(`executing ${notebooks.length} notebook(s) into ${out}`);
  const runs: NotebookRun[] = [];
  for (const nb of notebooks) {
    const r = await executeNotebook(nb, out);
    log(r.ok ? `ok    ${basename(nb)} (${r.seconds.toFixed(1)} s)` : `FAIL  ${basename(nb)} (${r.seconds.toFixed(1)} s): ${r.error}`);
    runs.push(r);
  }
  return runs;
}

const USAGE = 'usage: tsx scripts/notebooks.ts setup [--user] | run [notebook.ipynb …] [--out DIR] | open [-- jupyter options]';

async function main(argv: string[]): Promise<number> {
  const [command = 'run', ...rest] = argv;
  if (command === 'open') {
    setupKernel();
    checkJupyter(['notebook']);
    build();
    // Anything after `--` goes to Jupyter Notebook (e.g. --no-browser --port 8899). Jupyter refuses
    // to start as root without --allow-root: whoever runs this as root (a container) has chosen to.
    const asRoot = process.getuid?.() === 0 ? ['--allow-root'] : [];
    const child = spawnSync(PYTHON, ['-m', 'notebook', `--notebook-dir=${NOTEBOOK_DIR}`, ...asRoot, ...rest], { stdio: 'inherit', env: jupyterEnv() });
    return child.status ?? 3;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { user: { type: 'boolean' }, out: { type: 'string' } } });
  } catch (e) {
    throw new NotebookSetupError(`${(e as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (command === 'setup') {
    setupKernel({ user: values.user === true });
    console.log(values.user ? 'tslab kernel registered in your Jupyter' : `tslab kernel registered in ${JUPYTER_DIR}`);
    return 0;
  }
  if (command === 'run') {
    const files = positionals.map((f) => resolve(f));
    const runs = await runNotebooks(files.length ? files : await listNotebooks(), values.out);
    const failed = runs.filter((r) => !r.ok).length;
    console.log(`${runs.length - failed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  }
  throw new NotebookSetupError(`unknown command "${command}"\n${USAGE}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e instanceof NotebookSetupError ? e.message : e);
      process.exitCode = e instanceof NotebookSetupError ? 2 : 3;
    },
  );
}
