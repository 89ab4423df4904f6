// TensorFlow.js peer (@tensorflow/tfjs 4.22.0), backend 'wasm' (tfjs-backend-wasm, SIMD
// binary, one thread) or 'cpu' (plain JS kernels). The MLP is written the way a tfjs user
// writes it by hand: tf.variable weights, tf.variableGrads over a loss closure,
// tf.matMul(x, W, false, true) + b, tf.sigmoid / tf.relu / tf.elu,
// tf.losses.sigmoidCrossEntropy / softmaxCrossEntropy (one-hot, Reduction.MEAN), plain SGD by
// assign inside tf.tidy. Every step reads the loss and every layer's ||dL/dW||_F back as JS
// numbers (see `norms` below).
//
// Runners share the global tfjs engine: use them one at a time (create, time, dispose).
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);
const WASM_DIST = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));

export const TFJS_VERSION = tf.version.tfjs;

let wasmConfigured = false;
let silenced = false;

async function useBackend(backend) {
  if (!silenced) {
    // PROD only silences tfjs's console warnings (e.g. the "use tfjs-node" hint); it changes
    // no kernel. (IS_TEST would also silence them but turns on per-kernel leak checks.)
    tf.enableProdMode();
    silenced = true;
  }
  if (backend === 'wasm' && !wasmConfigured) {
    setWasmPaths(WASM_DIST + path.sep); // plain filesystem path works under Node
    // Node never gets the threaded binary (tfjs disables it under IS_NODE); make it explicit.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasmConfigured = true;
  }
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  }
  await tf.ready();
  const info = { backend: tf.getBackend() };
  if (backend === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    if (!info.simd) throw new Error('tfjs-wasm: SIMD not available, refusing to benchmark the scalar binary');
    if (info.threads) throw new Error('tfjs-wasm: threaded binary selected; benchmark is single-thread');
  }
  return info;
}

export async function createRunner(data, { backend = 'wasm', norms = 'host' } = {}) {
  if (norms !== 'host' && norms !== 'device') throw new Error(`tfjs: norms must be 'host' or 'device'`);
  const w = data.workload;
  const info = await useBackend(backend);
  const before = tf.memory().numTensors;

  const act = { sigmoid: tf.sigmoid, relu: tf.relu, elu: tf.elu }[w.activation];
  if (!act) throw new Error(`tfjs: unsupported activation ${w.activation}`);
  if (w.activation === 'elu' && (w.alpha ?? 1) !== 1) throw new Error('tfjs: tf.elu has alpha fixed at 1');

  // Weights in PyTorch layout (out,in); the forward uses matMul(x, W, false, true).
  // (tidy frees the initial-value tensors; variables survive it.)
  const Ws = data.layers.map((L) => tf.tidy(() => tf.variable(tf.tensor2d(L.W, [L.out, L.in]), true)));
  const bs = data.layers.map((L) => tf.tidy(() => tf.variable(tf.tensor1d(L.b), true)));
  const vars = [...Ws, ...bs];
  // Mini-batches live on the backend (uploading inputs is not part of the workload).
  const batches = data.batches.map(({ x, y }) => {
    const xt = tf.tensor2d(x, [w.batch, w.inputs]);
    const yt = w.loss === 'bce_logits'
      ? tf.tensor2d(y, [w.batch, 1])
      : tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), w.outputs).toFloat());
    return { x: xt, y: yt };
  });
  const lr = tf.scalar(data.lr);

  const lossFn = (x, y) => () => {
    let a = x;
    for (let l = 0; l < Ws.length; l++) {
      const z = tf.add(tf.matMul(a, Ws[l], false, true), bs[l]);
      a = l < Ws.length - 1 ? act(z) : z;
    }
    return w.loss === 'bce_logits'
      ? tf.losses.sigmoidCrossEntropy(y, a, undefined, 0, tf.Reduction.MEAN)
      : tf.losses.softmaxCrossEntropy(y, a, undefined, 0, tf.Reduction.MEAN);
  };

  // One step on `batch`: loss, gradients, per-layer ||dW||_F read back as JS numbers, and
  // (when update) plain SGD. Two ways to get the norms:
  //  'host'   (default) dataSync() each dW and accumulate the squares in float64 in JS.
  //           Exact; needed for W1, whose first-layer ||dW|| is ~5e-34: its squares
  //           underflow float32.
  //  'device' tf.norm(dW) on the backend, all norms read back with one dataSync(). The
  //           one-liner a tfjs user would write, but it squares in float32 and returns 0
  //           for the vanishing layers of W1 (fails the step-0 check there).
  const run = norms === 'device'
    ? (batch, update) => {
      const out = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(lossFn(batch.x, batch.y), vars);
        const t = tf.stack([value, ...Ws.map((W) => tf.norm(grads[W.name]))]);
        if (update) for (const v of vars) v.assign(tf.sub(v, tf.mul(lr, grads[v.name])));
        return t;
      });
      const arr = out.dataSync();
      out.dispose();
      return { loss: arr[0], gradNorms: Array.from(arr.subarray(1)) };
    }
    : (batch, update) => {
      let loss = 0;
      const gradNorms = new Array(Ws.length);
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(lossFn(batch.x, batch.y), vars);
        for (let l = 0; l < Ws.length; l++) {
          const g = grads[Ws[l].name].dataSync();
          let ss = 0;
          for (let i = 0; i < g.length; i++) ss += g[i] * g[i];
          gradNorms[l] = Math.sqrt(ss);
        }
        loss = value.dataSync()[0];
        if (update) for (const v of vars) v.assign(tf.sub(v, tf.mul(lr, grads[v.name])));
      });
      return { loss, gradNorms };
    };

  let k = 0;
  let stepTensors = null;
  const runner = {
    name: norms === 'host' ? `tfjs-${backend}` : `tfjs-${backend}-devnorm`,
    info,
    step0() { return run(batches[0], false); },
    step() {
      const r = run(batches[k++ % batches.length], true);
      if (stepTensors === null) stepTensors = tf.memory().numTensors;
      else if (k % 64 === 0 && tf.memory().numTensors !== stepTensors) {
        throw new Error(`tfjs: tensor leak (${stepTensors} -> ${tf.memory().numTensors})`);
      }
      return r;
    },
    numTensors: () => tf.memory().numTensors - before,
    dispose() {
      for (const v of vars) v.dispose();
      for (const b of batches) { b.x.dispose(); b.y.dispose(); }
      lr.dispose();
    },
  };
  return runner;
}
