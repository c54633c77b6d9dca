import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/audit/contract/policy.js';
import { runAudit } from '../../../src/audit/run-audit.js';
import { fixture } from '../../support/fixtures.js';

/**
 * TensorFlow.js is loaded lazily and its backend chosen by what is registered. Runs in its own
 * file (a fresh module graph): tfjs-core puts its engine on the global object when first imported.
 */
const tfLoaded = () => '_tfengine' in globalThis;

describe('TensorFlow.js backend', () => {
  it('an audit without trait columns never loads TensorFlow.js', async () => {
    const result = await runAudit({ source: { kind: 'file', path: fixture('pilot-cv-screen.csv') }, policy: parsePolicy({ protected: ['gender'] }) });
    expect(result.similarity).toBeUndefined();
    expect(result.findings.some((f) => f.code.startsWith('similarity.'))).toBe(false);
    expect(tfLoaded()).toBe(false);
  });

  it("uses a registered 'tensorflow' backend (as @tensorflow/tfjs-node registers it) instead of wasm", async () => {
    // Stand-in for tfjs-node: the wasm backend's factory registered under the native backend's name.
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-wasm');
    tf.registerBackend('tensorflow', tf.findBackendFactory('wasm')!);
    const { loadTf } = await import('../../../src/audit/probes/tf-backend.js');
    const { backend } = await loadTf();
    expect(backend).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
  });
});
