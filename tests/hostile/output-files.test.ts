import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { AuditResult } from '../../src/audit/contract/audit-result.js';
import { MANIFEST, writeFileAtomic, writeOutputSet } from '../../src/io/atomic-write.js';
import { fixture } from '../support/fixtures.js';
import { cleanCsv, hostileTemp, runCli, spawnCli } from './support.js';

/**
 * Issue 12 item 16 and the kill test: outputs are written atomically, a folder never mixes two
 * runs, and an audit killed with SIGKILL while writing a large report set leaves every file in
 * --out complete and valid, or absent.
 */
const tmp = hostileTemp('hireaudit-hostile-files-');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('item 16: stale outputs of an earlier run', () => {
  it('a second run into the same folder removes the first run\'s files it does not write again', async () => {
    const out = tmp.path('reused');
    const first = await tmp.file('first.csv', cleanCsv(40));
    const second = await tmp.file('second.csv', cleanCsv(60));
    expect((await runCli(['audit', first, '--protected', 'gender', '--format', 'json,junit,md', '--out', out, '--fail-on', 'never'])).code).toBe(0);
    expect(await filesUnder(out)).toEqual([MANIFEST, 'audit-result.json', 'junit.xml', 'summary.md']);
    expect((await runCli(['audit', second, '--protected', 'gender', '--format', 'md', '--out', out, '--fail-on', 'never'])).code).toBe(0);
    // No junit.xml or audit-result.json of first.csv beside the summary of second.csv.
    expect(await filesUnder(out)).toEqual([MANIFEST, 'summary.md']);
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain('# hireaudit: second.csv');
  });

  it('files the user put there are never removed, whatever the manifest says', async () => {
    const out = tmp.path('user-files');
    await writeOutputSet(out, [{ name: 'summary.md', content: 'a' }]);
    await writeFile(join(out, 'notes.txt'), 'mine');
    await writeFile(join(out, MANIFEST), JSON.stringify({ generator: 'hireaudit', state: 'complete', files: ['summary.md', 'notes.txt', '../escape.txt'] }));
    await writeOutputSet(out, [{ name: 'junit.xml', content: '<x/>' }]);
    expect(await filesUnder(out)).toEqual([MANIFEST, 'junit.xml', 'notes.txt']);
  });

  it('a failed write leaves neither a cut file nor a temporary one', async () => {
    const dir = tmp.path('atomic');
    await writeOutputSet(dir, [{ name: 'charts/a.svg', content: '<svg/>' }]);
    // A folder of the final name in the way makes the rename fail after the temporary file was written.
    await expect(writeFileAtomic(join(dir, 'charts'), 'new')).rejects.toThrow(/it is a folder/);
    expect(await filesUnder(dir)).toEqual([MANIFEST, 'charts/a.svg']);
  });
});

/** Checks one output file is complete and valid; throws with the file name otherwise. */
async function checkComplete(out: string, name: string, datasetName: string): Promise<void> {
  const path = join(out, name);
  const bytes = await readFile(path);
  const text = bytes.toString('utf8');
  const xml = async () => {
    const r = await validateXML({ xml: [{ fileName: name, contents: text }] } as unknown as Parameters<typeof validateXML>[0]);
    expect(r.errors.map((e) => e.rawMessage), name).toEqual([]);
  };
  if (name === MANIFEST) expect(['writing', 'complete']).toContain(JSON.parse(text).state);
  else if (name === 'audit-result.json') expect(AuditResult.parse(JSON.parse(text)).dataset.source).toBe(datasetName);
  else if (name === 'summary.md') {
    expect(text.startsWith(`# hireaudit: ${datasetName}`), name).toBe(true);
    expect(text.endsWith('._\n'), name).toBe(true);
  } else if (name === 'll144-summary.md') expect(text.startsWith('# Bias audit summary') && text.includes(datasetName), name).toBe(true);
  else if (name.endsWith('.html')) {
    expect(text.endsWith('</html>\n'), name).toBe(true);
    expect(text, name).toContain(datasetName);
  } else if (name === 'junit.xml') {
    await xml();
    expect(text, name).toContain(`hireaudit: ${datasetName}`);
  } else if (name.endsWith('.svg')) await xml();
  else if (name.endsWith('.png')) expect(bytes.subarray(-8).toString('hex'), name).toBe('49454e44ae426082'); // the IEND chunk
  else throw new Error(`unexpected file in --out: ${name}`);
}

describe('kill -9 while an audit writes a large report set', () => {
  const ALL = 'json,md,html,junit,ll144,svg,png';
  const PILOT = fixture('pilot-cv-screen.csv');
  const OTHER = fixture('null-pilot.csv');
  const POLICY = fixture('pilot-policy.yaml');

  /**
   * Polls the folder and kills the audit once it has started writing (its manifest is newer than
   * `since`) and `when` holds; an audit that finishes first is checked the same way.
   */
  async function auditKilledWhen(out: string, since: number, when: (files: string[]) => boolean): Promise<boolean> {
    const { child, done } = spawnCli(['audit', PILOT, '--policy', POLICY, '--format', ALL, '--out', out, '--fail-on', 'never']);
    let killed = false;
    const poll = setInterval(async () => {
      if (killed) return;
      const started = ((await stat(join(out, MANIFEST)).catch(() => null))?.mtimeMs ?? 0) > since;
      if (!started) return;
      const files = await filesUnder(out).catch(() => []);
      if (!killed && when(files)) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 5);
    const result = await done;
    clearInterval(poll);
    if (!killed) expect(result.code, result.stderr).toBe(0);
    return result.signal === 'SIGKILL';
  }

  const moments: [string, (files: string[]) => boolean][] = [
    ['as soon as the manifest of the new run is written', () => true],
    ['after the first report files', (files) => files.includes('report.html')],
    ['among the first charts', (files) => files.filter((f) => f.startsWith('charts/')).length >= 8],
    ['among the last charts', (files) => files.filter((f) => f.endsWith('.png')).length >= 30], // of some 50
  ];

  it.each(moments)('killed %s: every file complete and valid or absent, all of one run, all in the manifest', { timeout: 180_000 }, async (_moment, condition) => {
    const out = tmp.path(`killed-${_moment.replaceAll(' ', '-')}`);
    // An earlier, complete run on another dataset: none of its files may survive beside the new run's.
    const earlier = await runCli(['audit', OTHER, '--policy', POLICY, '--format', 'json,md,html,junit,ll144,svg', '--out', out, '--fail-on', 'never']);
    expect(earlier.code, earlier.stderr).toBe(0);
    // Killed mid-write: writing some 200 files takes far longer than the 5 ms poll.
    expect(await auditKilledWhen(out, (await stat(join(out, MANIFEST))).mtimeMs, condition)).toBe(true);
    const files = await filesUnder(out);
    const temporaries = files.filter((f) => f.split('/').pop()!.startsWith('.hireaudit-tmp-'));
    const outputs = files.filter((f) => !temporaries.includes(f) && f !== MANIFEST);
    // Files of one run only: whatever names a dataset names the same one.
    const texts = await Promise.all(outputs.map(async (f) => (await readFile(join(out, f))).toString('latin1')));
    const datasets = new Set(texts.flatMap((t) => (t.includes('null-pilot.csv') ? ['null-pilot.csv'] : t.includes('pilot-cv-screen.csv') ? ['pilot-cv-screen.csv'] : [])));
    expect(datasets.size, [...datasets].join(' and ')).toBeLessThanOrEqual(1);
    const dataset = [...datasets][0] ?? 'pilot-cv-screen.csv';
    for (const name of [MANIFEST, ...outputs]) await checkComplete(out, name, dataset);
    // The manifest names every file there, and says "complete" only when all of its files are.
    const manifest = JSON.parse(await readFile(join(out, MANIFEST), 'utf8')) as { state: string; files: string[] };
    for (const f of outputs) expect(manifest.files).toContain(f);
    if (manifest.state === 'complete') expect(outputs).toEqual([...manifest.files].sort());
    // A temporary file a kill left behind is hidden, named as such, and the next run removes it.
    const again = await runCli(['audit', PILOT, '--policy', POLICY, '--format', 'json,md', '--out', out, '--fail-on', 'never']);
    expect(again.code, again.stderr).toBe(0);
    expect(await filesUnder(out)).toEqual([MANIFEST, 'audit-result.json', 'summary.md']);
    for (const name of ['audit-result.json', 'summary.md']) await checkComplete(out, name, 'pilot-cv-screen.csv');
  });
});
