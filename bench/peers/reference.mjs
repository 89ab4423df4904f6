// Plain-JavaScript float64 reference MLP: the oracle the peers (and gradscope) are checked
// against at step 0. Same math as the workloads: z = a W^T + b, W is (out,in) row-major;
// hidden activations sigmoid / relu (relu'(0) = 0) / elu (alpha, elu'(0) = alpha);
// losses bce_logits and softmax_ce, both means over the batch; plain SGD.
// Not tuned for speed (it is not a peer to time), but it can run full steps, so
// trajectories can be compared too.

function act(name, alpha) {
  switch (name) {
    case 'sigmoid': return {
      f: (z) => 1 / (1 + Math.exp(-z)),
      d: (z, a) => a * (1 - a),
    };
    case 'relu': return { f: (z) => (z > 0 ? z : 0), d: (z) => (z > 0 ? 1 : 0) };
    case 'elu': return {
      f: (z) => (z > 0 ? z : alpha * Math.expm1(z)),
      d: (z) => (z > 0 ? 1 : alpha * Math.exp(z)),
    };
    default: throw new Error(`reference: unknown activation ${name}`);
  }
}

// Loss and gradients for one batch. layers: [{in,out,W,b}] (any numeric arrays).
// Returns { loss, gradNorms, dW: Float64Array[], db: Float64Array[] }.
export function lossAndGrads(workload, layers, batch) {
  const B = workload.batch;
  const A = act(workload.activation, workload.alpha ?? 1);
  const L = layers.length;
  const acts = [Float64Array.from(batch.x)]; // a_0 .. a_{L-1} inputs of each layer
  const zs = [];
  for (let l = 0; l < L; l++) {
    const { in: nin, out: nout, W, b } = layers[l];
    const a = acts[l];
    const z = new Float64Array(B * nout);
    for (let r = 0; r < B; r++) {
      for (let o = 0; o < nout; o++) {
        let s = b[o];
        const wo = o * nin, ar = r * nin;
        for (let i = 0; i < nin; i++) s += a[ar + i] * W[wo + i];
        z[r * nout + o] = s;
      }
    }
    zs.push(z);
    if (l < L - 1) acts.push(z.map((v) => A.f(v)));
  }

  // Loss and dL/dz of the output layer (mean over the batch).
  const zL = zs[L - 1];
  const nout = layers[L - 1].out;
  let dz = new Float64Array(B * nout);
  let loss = 0;
  if (workload.loss === 'bce_logits') {
    for (let r = 0; r < B * nout; r++) {
      const z = zL[r], y = batch.y[r];
      loss += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      dz[r] = (1 / (1 + Math.exp(-z)) - y) / B;
    }
    loss /= B;
  } else if (workload.loss === 'softmax_ce') {
    for (let r = 0; r < B; r++) {
      let m = -Infinity;
      for (let c = 0; c < nout; c++) m = Math.max(m, zL[r * nout + c]);
      let s = 0;
      for (let c = 0; c < nout; c++) s += Math.exp(zL[r * nout + c] - m);
      const lse = m + Math.log(s);
      const y = batch.y[r];
      loss += lse - zL[r * nout + y];
      for (let c = 0; c < nout; c++) {
        dz[r * nout + c] = (Math.exp(zL[r * nout + c] - lse) - (c === y ? 1 : 0)) / B;
      }
    }
    loss /= B;
  } else {
    throw new Error(`reference: unknown loss ${workload.loss}`);
  }

  const dW = new Array(L), db = new Array(L), gradNorms = new Array(L);
  for (let l = L - 1; l >= 0; l--) {
    const { in: nin, out: no, W } = layers[l];
    const a = acts[l];
    const gW = new Float64Array(no * nin), gb = new Float64Array(no);
    for (let r = 0; r < B; r++) {
      for (let o = 0; o < no; o++) {
        const g = dz[r * no + o];
        if (g === 0) continue;
        gb[o] += g;
        const wo = o * nin, ar = r * nin;
        for (let i = 0; i < nin; i++) gW[wo + i] += g * a[ar + i];
      }
    }
    let ss = 0;
    for (let i = 0; i < gW.length; i++) ss += gW[i] * gW[i];
    dW[l] = gW; db[l] = gb; gradNorms[l] = Math.sqrt(ss);
    if (l > 0) {
      const da = new Float64Array(B * nin);
      for (let r = 0; r < B; r++) {
        for (let o = 0; o < no; o++) {
          const g = dz[r * no + o];
          if (g === 0) continue;
          const wo = o * nin, ar = r * nin;
          for (let i = 0; i < nin; i++) da[ar + i] += g * W[wo + i];
        }
      }
      const zp = zs[l - 1], ap = acts[l];
      for (let k = 0; k < da.length; k++) da[k] *= A.d(zp[k], ap[k]);
      dz = da;
    }
  }
  return { loss, gradNorms, dW, db };
}

export async function createRunner(data) {
  const w = data.workload;
  const layers = data.layers.map((L) => ({
    in: L.in, out: L.out, W: Float64Array.from(L.W), b: Float64Array.from(L.b),
  }));
  let k = 0;
  return {
    name: 'reference-f64',
    step0() {
      const { loss, gradNorms } = lossAndGrads(w, data.layers, data.batches[0]);
      return { loss, gradNorms };
    },
    step() {
      const batch = data.batches[k++ % data.batches.length];
      const r = lossAndGrads(w, layers, batch);
      for (let l = 0; l < layers.length; l++) {
        const { W, b } = layers[l];
        for (let i = 0; i < W.length; i++) W[i] -= data.lr * r.dW[l][i];
        for (let i = 0; i < b.length; i++) b[i] -= data.lr * r.db[l][i];
      }
      return { loss: r.loss, gradNorms: r.gradNorms };
    },
    dispose() {},
  };
}
