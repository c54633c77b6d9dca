import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `use` with a folder on a file system of `size` (a tmpfs, e.g. "4m"), so that a full disk is
 * real: mounted where that is allowed (as root here and in CI), else the test is skipped (`skip`,
 * the test context's). The folder is `at` (an empty folder, unmounted afterwards) or a fresh one
 * (unmounted and removed afterwards); `use` closes what it opened there first.
 */
export async function onSmallDisk(size: string, skip: () => void, use: (dir: string) => Promise<void>, at?: string): Promise<void> {
  const dir = at ?? (await mkdtemp(join(tmpdir(), 'hireaudit-small-disk-')));
  const removeMade = () => (at === undefined ? rm(dir, { recursive: true, force: true }) : Promise.resolve());
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status !== 0) {
    await removeMade();
    skip();
    return;
  }
  try {
    await use(dir);
  } finally {
    spawnSync('umount', ['--lazy', dir]); // detached even if something there is still open
    await removeMade();
  }
}
