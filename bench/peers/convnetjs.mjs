// ConvNetJS peer (convnetjs 0.3.0, plain JavaScript, Float64Array storage, one sample at a
// time). Trained the way a convnetjs user trains: convnetjs.SGDTrainer({method:'sgd',
// learning_rate:0.01, momentum:0, batch_size:B, l2_decay:0}) and trainer.train(x, y) per
// sample; the trainer sums dW over the B samples and applies p -= lr * sum/B on the B-th call.
//
// Gradient norms: the trainer reads net.getParamsAndGrads() right before its update, when
// every filter's .dw holds the whole batch's gradient sum, and zeroes .dw afterwards. The
// runner wraps that method: it computes ||dW||_F = sqrt(sum dw^2)/B per fc layer there, then
// hands the trainer the (cached, identical) parameter list.
//
// Limits of convnetjs 0.3 (see bench/README.md):
//  - no ELU activation -> W3 is unsupported;
//  - no bce_logits loss -> W1/W2 use a 2-class softmax head. Its logit row 0 starts at 0 and
//    row 1 holds the shared 1-unit output layer, so softmax([0, z])[1] = sigmoid(z): at
//    step 0 the loss and every hidden-layer ||dW|| equal bce_logits exactly, and the output
//    layer's ||dW|| is sqrt(2) times bce's (rows 0 and 1 get -g and +g). After the first
//    update row 0 moves too, so the trajectories differ from bce_logits.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const convnetjs = require('convnetjs');
export const CONVNETJS_VERSION = require('convnetjs/package.json').version;

export function unsupportedReason(w) {
  if (!['sigmoid', 'relu', 'tanh'].includes(w.activation)) {
    return `convnetjs 0.3 has no '${w.activation}' activation (fc activations: sigmoid, relu, tanh, maxout)`;
  }
  if (w.loss !== 'bce_logits' && w.loss !== 'softmax_ce') return `convnetjs 0.3 has no '${w.loss}' loss`;
  return null;
}

export async function createRunner(data) {
  const w = data.workload;
  const why = unsupportedReason(w);
  if (why) {
    const e = new Error(why);
    e.unsupported = true;
    throw e;
  }
  const B = w.batch, nin = w.inputs;
  const twoClass = w.loss === 'bce_logits';
  const numClasses = twoClass ? 2 : w.outputs;

  const defs = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: nin }];
  // bias_pref 0 explicitly: convnetjs defaults relu layers' biases to 0.1.
  for (let l = 0; l < w.hidden; l++) defs.push({ type: 'fc', num_neurons: w.units, activation: w.activation, bias_pref: 0 });
  defs.push({ type: 'softmax', num_classes: numClasses }); // desugars to fc(numClasses) + softmax
  const net = new convnetjs.Net();
  net.makeLayers(defs);

  // fc layers in order; each has .filters (one Vol per output unit, .w = that row of W,
  // i.e. PyTorch's (out,in) row-major layout) and .biases (Vol of length out).
  const fcs = net.layers.filter((L) => L.layer_type === 'fc');
  if (fcs.length !== data.layers.length) throw new Error('convnetjs: unexpected layer count');
  fcs.forEach((fc, l) => {
    const L = data.layers[l];
    const last = l === fcs.length - 1;
    for (let o = 0; o < fc.out_depth; o++) {
      const f = fc.filters[o];
      if (f.w.length !== L.in) throw new Error('convnetjs: fan-in mismatch');
      // 2-class head: row 0 = 0, row 1 = the shared 1-unit output layer.
      const src = twoClass && last ? (o === 1 ? 0 : -1) : o;
      for (let i = 0; i < L.in; i++) f.w[i] = src < 0 ? 0 : L.W[src * L.in + i];
      f.dw.fill(0);
    }
    for (let o = 0; o < fc.out_depth; o++) {
      const src = twoClass && last ? (o === 1 ? 0 : -1) : o;
      fc.biases.w[o] = src < 0 ? 0 : L.b[src];
    }
    fc.biases.dw.fill(0);
  });

  const trainer = new convnetjs.SGDTrainer(net, {
    method: 'sgd', learning_rate: data.lr, momentum: 0, batch_size: B, l1_decay: 0, l2_decay: 0,
  });

  // Samples as convnetjs Vols (built once; uploading inputs is not part of the workload).
  const batches = data.batches.map(({ x, y }) => {
    const xs = [], ys = [];
    for (let r = 0; r < B; r++) {
      const v = new convnetjs.Vol(1, 1, nin, 0);
      for (let i = 0; i < nin; i++) v.w[i] = x[r * nin + i];
      xs.push(v);
      ys.push(twoClass ? (y[r] > 0.5 ? 1 : 0) : y[r]);
    }
    return { xs, ys };
  });

  const norms = () => fcs.map((fc) => {
    let ss = 0;
    for (const f of fc.filters) { const g = f.dw; for (let i = 0; i < g.length; i++) ss += g[i] * g[i]; }
    return Math.sqrt(ss) / B;
  });

  const pglist = net.getParamsAndGrads();
  let lastNorms = null;
  net.getParamsAndGrads = () => { lastNorms = norms(); return pglist; };

  let k = 0;
  return {
    name: 'convnetjs',
    // Step 0 is comparable with bce_logits for the loss and hidden layers only; divide the
    // output layer's norm by outputNormScale to compare it.
    comparable: twoClass ? 'step0-with-output-scale' : true,
    outputNormScale: twoClass ? Math.SQRT2 : 1,
    note: twoClass ? '2-class softmax head in place of bce_logits (see README)' : undefined,
    step0() {
      const { xs, ys } = batches[0];
      let loss = 0;
      for (let r = 0; r < B; r++) { net.forward(xs[r], true); loss += net.backward(ys[r]); }
      const gradNorms = norms();
      for (const pg of pglist) pg.grads.fill(0); // no update
      return { loss: loss / B, gradNorms };
    },
    step() {
      const { xs, ys } = batches[k++ % batches.length];
      let loss = 0;
      lastNorms = null;
      for (let r = 0; r < B; r++) loss += trainer.train(xs[r], ys[r]).cost_loss;
      if (lastNorms === null) throw new Error('convnetjs: trainer did not update at the batch end');
      return { loss: loss / B, gradNorms: lastNorms };
    },
    dispose() {},
  };
}
