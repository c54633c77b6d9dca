/**
 * Loads TensorFlow.js on first use (lazily: audits without traits never pay for it) and picks the
 * backend by what is REGISTERED: the native 'tensorflow' backend when the user installed and
 * imported @tensorflow/tfjs-node (we never import it ourselves), else the WebAssembly backend,
 * which runs single-threaded in Node and so gives the same numbers run after run.
 *
 * We import @tensorflow/tfjs-core (the op and optimizer API that @tensorflow/tfjs re-exports, and
 * the peer of @tensorflow/tfjs-backend-wasm) rather than the @tensorflow/tfjs bundle: the probe
 * needs no layers, converter or data API, and the bundle takes ~2 s longer to import.
 */
export type Tf = typeof import('@tensorflow/tfjs-core');

let loading: Promise<{ tf: Tf; backend: string }> | undefined;

export function loadTf(): Promise<{ tf: Tf; backend: string }> {
  loading ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const backend = tf.findBackendFactory('tensorflow') !== null ? 'tensorflow' : 'wasm';
    if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js could not start its ${backend} backend`);
    await tf.ready();
    return { tf, backend };
  })();
  return loading;
}
