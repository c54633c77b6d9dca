import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AuditError } from '../audit/errors.js';

/**
 * Output files that are complete or absent, never cut: each is written to a temporary name in
 * its own folder, flushed to disk (fsync) and renamed over the final name (a rename within a
 * folder is atomic), and the folder is synced so the rename itself survives a crash.
 *
 * A folder of outputs (--out) also carries a manifest, `.hireaudit-outputs.json`, so that files of
 * an earlier run never sit beside those of a new one: the old manifest is marked "writing" (the
 * set is no longer complete), the old files are removed, a manifest naming the new files (state
 * "writing") is written, then the new files, and last the manifest with state "complete". A run
 * killed anywhere leaves files of one run only, each complete, all named by the manifest (which
 * says "complete" only when they all are), and possibly a temporary `.hireaudit-tmp-*` file,
 * which the next run removes.
 */

export const MANIFEST = '.hireaudit-outputs.json';
const TEMP_PREFIX = '.hireaudit-tmp-';
const PARALLEL_WRITES = 8;

/** Only names hireaudit writes are ever removed, whatever a (possibly edited) manifest says. */
const OUTPUT_NAME = /^(audit-result\.json(\.sig)?|summary\.md|report\.html|junit\.xml|ll144-summary\.(md|html)|charts\/[A-Za-z0-9][A-Za-z0-9._-]*\.(svg|png))$/;

export interface OutputFile {
  /** Relative to the folder, "/" separated, e.g. "charts/funnel--gender.svg". */
  name: string;
  content: string | Uint8Array;
}

interface Manifest {
  generator: 'hireaudit';
  state: 'writing' | 'complete';
  files: string[];
}

function writeError(path: string, e: unknown): AuditError {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    EEXIST: 'a file of that name is in the way',
  };
  return new AuditError('HA_ERR_FILE', `cannot write ${path}: ${(code && why[code]) ?? (e as Error).message}`, { cause: e });
}

async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a folder; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `content` to `path` through a synced temporary file in the same folder and a rename.
 * `syncDir: false` leaves syncing the folder to the caller (once for many files).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: { syncDir?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-${basename(path)}`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw writeError(path, e);
  }
  if (options.syncDir !== false) await syncFolder(dir);
}

async function probeWritable(dir: string, shown: string): Promise<void> {
  const probe = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-probe`);
  try {
    const handle = await open(probe, 'wx');
    await handle.close();
    await unlink(probe);
  } catch (e) {
    const error = writeError(shown, e);
    throw new AuditError('HA_ERR_FILE', `--out ${shown}: ${error.message.replace(/^cannot write [^:]*: /, '')}; nothing was audited`, { cause: e });
  }
}

/**
 * Checks, before any audit work, that outputs can go into `dir`: it is a folder (or can be made
 * one: its nearest existing ancestor is a folder) and a file can be created there. Creates nothing.
 */
export async function checkOutputFolder(dir: string): Promise<void> {
  let at = resolve(dir);
  for (;;) {
    let info;
    try {
      info = await stat(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && dirname(at) !== at) {
        at = dirname(at);
        continue;
      }
      if (code === 'ENOTDIR') throw new AuditError('HA_ERR_FILE', `--out ${dir}: a part of the path is a file, not a folder; nothing was audited`);
      throw new AuditError('HA_ERR_FILE', `--out ${dir}: ${(e as Error).message}; nothing was audited`);
    }
    if (!info.isDirectory()) {
      throw new AuditError('HA_ERR_FILE', at === resolve(dir) ? `--out ${dir} is a file, not a folder; nothing was audited` : `--out ${dir}: ${at} is a file, not a folder; nothing was audited`);
    }
    await probeWritable(at, dir);
    return;
  }
}

async function readManifest(dir: string): Promise<string[]> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Partial<Manifest>;
    return Array.isArray(parsed.files) ? parsed.files.filter((f): f is string => typeof f === 'string' && OUTPUT_NAME.test(f)) : [];
  } catch {
    return [];
  }
}

async function removeTemporaries(dir: string): Promise<void> {
  for (const sub of [dir, join(dir, 'charts')]) {
    let names: string[];
    try {
      names = await readdir(sub);
    } catch {
      continue;
    }
    for (const n of names) if (n.startsWith(TEMP_PREFIX)) await rm(join(sub, n), { force: true });
  }
}

/** Writes a set of outputs into `dir` (created as needed), replacing the set an earlier run left there. */
export async function writeOutputSet(dir: string, files: readonly OutputFile[]): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw writeError(dir, e);
  }
  const names = files.map((f) => f.name);
  const previous = await readManifest(dir);
  const manifest = (state: Manifest['state'], list: string[]) => `${JSON.stringify({ generator: 'hireaudit', state, files: [...new Set(list)].sort() } satisfies Manifest, null, 2)}\n`;
  // The old set is marked incomplete, then removed; only then is the new set named and written.
  if (previous.length > 0) await writeFileAtomic(join(dir, MANIFEST), manifest('writing', previous));
  for (const old of previous) await rm(join(dir, old), { force: true });
  await removeTemporaries(dir);
  await writeFileAtomic(join(dir, MANIFEST), manifest('writing', names));
  const folders = new Set<string>();
  for (const f of files) {
    const folder = dirname(join(dir, f.name));
    if (folders.has(folder)) continue;
    try {
      await mkdir(folder, { recursive: true });
    } catch (e) {
      throw writeError(folder, e);
    }
    folders.add(folder);
  }
  // A few files at a time, so the waits for fsync overlap; each folder is synced once afterwards.
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      await writeFileAtomic(join(dir, f.name), f.content, { syncDir: false });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, files.length) }, worker));
  for (const folder of folders) await syncFolder(folder);
  await writeFileAtomic(join(dir, MANIFEST), manifest('complete', names));
}
