import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The name of the folder a DuckDB engine makes for itself under the temporary folder (its spill
 * files and disk store): the process id first, so that the process that started another can
 * remove what a killed one left (the server's job processes, see server/jobs/child.ts).
 */
export const engineFolderName = (pid: number, suffix: string) => `hireaudit-duckdb-${pid}-${suffix}`;

/** Removes what the engines of process `pid` left under the temporary folder; call it once that process has ended. */
export async function removeEngineFoldersOf(pid: number): Promise<void> {
  const dir = tmpdir();
  const prefix = engineFolderName(pid, '');
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(join(dir, n), { recursive: true, force: true })));
}
