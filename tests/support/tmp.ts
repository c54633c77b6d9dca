import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A fresh temporary directory for the tests of one file, removed afterwards. Call at the top of a
 * describe block (or the file); read `dir()` inside tests.
 */
export function useTempDir(prefix = 'hireaudit-test-'): { dir: () => string; path: (name: string) => string } {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const get = () => {
    if (!dir) throw new Error('useTempDir: the directory exists only inside tests');
    return dir;
  };
  return { dir: get, path: (name) => join(get(), name) };
}
