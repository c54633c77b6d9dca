import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Durable file operations of the embedded store. A write goes to a temporary name in the same
 * folder, is fsync'd, renamed into place, and the folder is fsync'd so the rename itself survives
 * a power cut: after a crash a path holds the complete old content, the complete new one, or
 * nothing, never a torn file.
 */

/** fsync of a folder: makes a rename or a new entry in it durable (Linux; ignored where unsupported). */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL' && (e as NodeJS.ErrnoException).code !== 'EISDIR') throw e;
  } finally {
    await handle.close();
  }
}

/** A temporary name beside `path`: same folder (so rename is atomic), never a name the store serves. */
export function tempNameFor(path: string): string {
  return join(dirname(path), `.tmp-${basename(path)}-${randomBytes(6).toString('hex')}`);
}

/** Writes `content` to `path` atomically and durably (temp file, fsync, rename, fsync folder). */
export async function writeFileDurable(path: string, content: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempNameFor(path);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  await rename(temp, path);
  await fsyncDir(dirname(path));
}

/** Renames a complete file or folder into place and makes the rename durable. */
export async function renameDurable(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await rename(from, to);
  await fsyncDir(dirname(to));
}

/** True for the store's temporary names: left by a killed process, removed on start. */
export const isTempName = (name: string): boolean => name.startsWith('.tmp-');
