import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Language } from '../audit/contract/policy.js';
import { runInChild } from './jobs/child.js';
import { MANIFEST } from './jobs/protocol.js';
import type { DataPaths } from './paths.js';
import { HttpProblem } from './problem.js';
import { tempNameFor } from './store/durable-fs.js';

/** Re-wordings rendered at once (each in its own process, as audits are). */
const AT_ONCE = 2;

export interface Reworded {
  /** The folder holding the re-worded outputs. */
  dir: string;
  /** Output file -> sha256 of its bytes. */
  manifest: Record<string, string>;
}

/**
 * A finished audit's outputs in another language (`?lang=` on the result routes). They are
 * rendered once, on the first request, in a child process (never on the event loop), from the
 * stored result by the service surface's renderReworded (the rules' localizeResult, as `hireaudit
 * report --lang` uses), and kept beside the result in results/<id>/lang/<lang>/, written whole
 * or not at all. Like the result they come from they never change, so later requests read them
 * from disk; requests that arrive while one is rendered wait for that one.
 */
export class Rewording {
  private readonly pending = new Map<string, Promise<Reworded>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(
    private readonly paths: DataPaths,
    private readonly log: FastifyBaseLogger,
  ) {}

  async outputs(auditId: string, lang: Language): Promise<Reworded> {
    const dir = this.paths.rewordedDir(auditId, lang);
    const done = await readManifest(dir);
    if (done) return { dir, manifest: done };
    const key = `${auditId}/${lang}`;
    let p = this.pending.get(key);
    if (!p) {
      p = this.render(auditId, lang, dir).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private async render(auditId: string, lang: Language, dir: string): Promise<Reworded> {
    await this.slot();
    try {
      const tempDir = tempNameFor(join(this.paths.results, `${auditId}-${lang}`));
      const reply = await runInChild({ kind: 'render', resultFile: join(this.paths.resultDir(auditId), 'audit-result.json'), lang, outDir: dir, tempDir }).done;
      if (reply.type === 'done') return { dir, manifest: reply.outputs };
      const code = reply.type === 'error' ? reply.error.code : reply.type;
      this.log.error({ audit: auditId, lang, code }, 're-wording the outputs failed');
      throw new HttpProblem(500, 'HA_ERR_INTERNAL', `the outputs of audit "${auditId}" could not be re-worded into "${lang}"; it was logged`);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async slot(): Promise<void> {
    if (this.running >= AT_ONCE) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
  }
}

async function readManifest(dir: string): Promise<Record<string, string> | null> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Record<string, string>;
  } catch {
    return null;
  }
}
