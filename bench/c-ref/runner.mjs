// The plain C reference step (ref_step.c) built to WASM (build-wasm.sh), as a bench runner:
// createRunner(workloadData) -> { name, step0(), step(), dispose() } like bench/peers/*.
// step() trains on the next mini-batch and reads the per-layer ||dW|| back as JS numbers.
import { existsSync, readFileSync } from 'node:fs';

const ACT = { sigmoid: 0, relu: 1, elu: 2 };
const LOSS = { bce_logits: 0, softmax_ce: 1 };

/** The workload in the C step's terms: activation and loss codes. */
export function refCodes(w) {
  const act = ACT[w.activation], loss = LOSS[w.loss];
  if (act === undefined || loss === undefined || (w.activation === 'elu' && (w.alpha ?? 1) !== 1))
    throw new Error(`c-ref: no ${w.activation}/${w.loss} in the reference step`);
  return { act, loss };
}

export async function createRunner(data) {
  const url = new URL('../../build/c-ref/ref_step.mjs', import.meta.url);
  if (!existsSync(url)) throw new Error('build/c-ref/ref_step.mjs missing: run bash bench/c-ref/build-wasm.sh');
  const wasmBinary = readFileSync(new URL('../../build/c-ref/ref_step.wasm', import.meta.url));
  const m = await (await import(url.href)).default({ wasmBinary });
  const w = data.workload;
  const { act, loss } = refCodes(w);
  const L = data.sizes.length - 1, B = w.batch, nin = w.inputs;
  const sizes = m._malloc(4 * (L + 1));
  new Int32Array(m.HEAPF32.buffer, sizes, L + 1).set(data.sizes);
  const net = m._ref_create(L, sizes, act, loss, B, data.lr);
  for (let l = 0; l < L; l++) {
    const { W, b } = data.layers[l];
    const pw = m._malloc(4 * W.length), pb = m._malloc(4 * b.length);
    m.HEAPF32.set(W, pw >> 2);
    m.HEAPF32.set(b, pb >> 2);
    m._ref_set_layer(net, l, pw, pb);
    m._free(pw); m._free(pb);
  }
  const batches = data.batches.map(({ x, y }) => {
    const px = m._malloc(4 * B * nin), py = m._malloc(4 * B);
    m.HEAPF32.set(x, px >> 2);
    m.HEAPF32.set(Float32Array.from(y), py >> 2);
    return { px, py };
  });
  const norms = () => Array.from(new Float64Array(m.HEAPF64.buffer, m._ref_norms(net), L));
  let k = 0;
  return {
    name: 'c-ref-wasm',
    step0() {
      const lossv = m._ref_step(net, batches[0].px, batches[0].py, 0);
      return { loss: lossv, gradNorms: norms() };
    },
    step() {
      const b = batches[k++ % batches.length];
      const lossv = m._ref_step(net, b.px, b.py, 1);
      return { loss: lossv, gradNorms: norms() };
    },
    dispose() {},
  };
}
