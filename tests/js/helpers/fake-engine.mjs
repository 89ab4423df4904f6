// A fake clock + scheduler and a fake engine (same API as gradscope.js) for driving
// WorkerRuntime deterministically: steps "take" a set time on the fake clock, and the
// session can be told to diverge or to trap.

export class FakeLoop {
  constructor() {
    this.t = 0;
    /** @type {Array<{ at: number, fn: () => void, seq: number, cancelled: boolean }>} */
    this.queue = [];
    this.seq = 0;
    this.now = () => this.t;
    /** @param {() => void} fn @param {number} delay */
    this.schedule = (fn, delay) => {
      const item = { at: this.t + Math.max(0, delay), fn, seq: this.seq++, cancelled: false };
      this.queue.push(item);
      return () => { item.cancelled = true; };
    };
  }

  /** Runs due callbacks in time order for `ms` of fake time. @param {number} ms */
  run(ms) {
    const end = this.t + ms;
    for (let guard = 0; guard < 1e6; ++guard) {
      this.queue = this.queue.filter((i) => !i.cancelled);
      let next = null;
      for (const i of this.queue) if (i.at <= end && (!next || i.at < next.at || (i.at === next.at && i.seq < next.seq))) next = i;
      if (!next) break;
      this.queue.splice(this.queue.indexOf(next), 1);
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = Math.max(this.t, end);
  }

  /** Whether anything is scheduled. */
  get idle() { return this.queue.every((i) => i.cancelled); }
}

/**
 * @param {FakeLoop} loop
 * @param {{ msPerStep?: number, divergeAt?: number, trapAt?: number, layers?: number,
 *           statsMs?: number, extrasMs?: number }} [opts]
 *   statsMs / extrasMs: fake time a stats() / an evaluate, grid or probe call takes
 */
export function fakeEngine(loop, opts = {}) {
  const o = { msPerStep: 0.1, layers: 3, statsMs: 0, extrasMs: 0, ...opts };
  /** @type {Array<{ n: number }>} */
  const calls = [];
  /** @type {string | null} */
  let digits = null;
  class Session {
    /** @param {any} network @param {any} [config] */
    constructor(network, config = {}) {
      if (network && network.bad) throw new Error('layers[0].activation.alpha: must be >= 0, got -2');
      if (config && config.data && config.data.name === 'digits' && digits === null)
        throw new Error('data.name: the digits are not loaded');
      this.config = config;
      this._steps = 0;
      this._diverged = false;
      this._lr = 0.01;
      this.disposed = false;
    }
    /** @param {number} n */
    step(n) {
      calls.push({ n });
      let k = n;
      if (o.trapAt !== undefined && this._steps + n >= o.trapAt) throw new WebAssembly.RuntimeError('unreachable');
      if (this._diverged) return 0;
      if (o.divergeAt !== undefined && this._steps + n >= o.divergeAt) {
        k = o.divergeAt - this._steps - 1;
        this._diverged = true;
      }
      loop.t += (this._diverged ? k + 1 : k) * o.msPerStep;
      this._steps += this._diverged ? k + 1 : k;
      return k;
    }
    get steps() { return this._steps; }
    get diverged() { return this._diverged; }
    reset() { this._steps = 0; this._diverged = false; }
    /** @param {number} lr */
    setLr(lr) {
      if (!(lr >= 0 && lr <= 1000)) throw new Error(`lr: must be in 0..1000, got ${lr}`);
      this._lr = lr;
    }
    setStats() {}
    stats() {
      loop.t += o.statsMs;
      const layers = Array.from({ length: o.layers }, (_, l) => ({ index: l, units: 4, dW_norm: l + 1, dz_ratio: l ? 0.5 : null }));
      return {
        step: this._steps, loss: 1 / (1 + this._steps), accuracy: null, lr: this._lr, grad_norm: 1, clipped_norm: 1,
        clipped: false, layers, dead_units: 0,
        diverged: this._diverged ? { step: this._steps, layer: null, what: 'loss', message: `diverged at step ${this._steps}` } : null,
      };
    }
    /** The same numbers as stats(), as the engine's binary columns (one buffer). */
    statsColumns() {
      loop.t += o.statsMs;
      const L = o.layers, S = FAKE_STATS_NAMES.scalars.length;
      const buf = new Float64Array(S + FAKE_STATS_NAMES.columns.length * L).fill(NaN);
      const scalars = [this._steps, 1 / (1 + this._steps), NaN, this._lr, 1, 1, 0, 0, this._diverged ? 1 : 0];
      buf.set(scalars);
      /** @type {Record<string, Float64Array>} */
      const columns = {};
      FAKE_STATS_NAMES.columns.forEach((name, c) => { columns[name] = buf.subarray(S + c * L, S + (c + 1) * L); });
      for (let l = 0; l < L; ++l) {
        columns.units[l] = 4;
        columns.dW_norm[l] = l + 1;
        columns.dz_ratio[l] = l ? 0.5 : NaN;
        columns.dead_units[l] = 0;
        columns.residual[l] = 0;
        columns.batchnorm[l] = 0;
      }
      return { step: this._steps, loss: 1 / (1 + this._steps), accuracy: NaN, lr: this._lr, grad_norm: 1, clipped_norm: 1,
        clipped: false, dead_units: 0, diverged: this._diverged, layers: L, columns };
    }
    evaluate() { loop.t += o.extrasMs; return { step: this._steps, train: { loss: 1, accuracy: 0.5, rows: 8 }, test: { loss: 1, accuracy: 0.5, rows: 2 } }; }
    probe() { loop.t += o.extrasMs; return { step: this._steps, rows: 8, layers: [] }; }
    /** @param {number} res */
    grid(res) {
      if (res < 2) throw new Error(`grid.res: must be in 2..512, got ${res}`);
      return new Float64Array(res * res);
    }
    info() { return { inputs: 2, outputs: 1, hidden_layers: o.layers - 1 }; }
    exportNetwork() { return { format: 'gradscope-network/1' }; }
    importNetwork() {}
    history() { return {}; }
    historyCsv() { return ''; }
    historyMatrix() { return new Float64Array(4); }
    historySteps() { return new Float64Array(2); }
    gradients() { return {}; }
    dispose() { this.disposed = true; }
  }
  return { api: { Session, version: () => 'fake', statsColumnNames: () => FAKE_STATS_NAMES,
    setDigits: (/** @type {string} */ t) => { digits = t; }, hasDigits: () => digits !== null, productExperiment() {}, activationCurve() {}, raw: null }, calls };
}

/** The engine's statsColumnNames() (tests/js/boundary.test.mjs checks they are the same). */
export const FAKE_STATS_NAMES = Object.freeze({
  scalars: ['step', 'loss', 'accuracy', 'lr', 'grad_norm', 'clipped_norm', 'clipped', 'dead_units', 'diverged'],
  columns: [
    'units', 'dW_norm', 'db_norm', 'dz_norm', 'dW_ratio', 'db_ratio', 'dz_ratio', 'W_norm', 'update_ratio',
    'act_mean', 'act_std', 'act_min', 'act_max', 'saturated_fraction', 'zero_fraction', 'mean_abs_deriv',
    'same_sign_share', 'weight_scale', 'local_factor', 'predicted_ratio', 'prelu_alpha_min', 'prelu_alpha_mean',
    'prelu_alpha_max', 'rrelu_slope_min', 'rrelu_slope_mean', 'rrelu_slope_max', 'dead_units', 'residual',
    'batchnorm', 'bn_in_mean', 'bn_in_std', 'bn_out_mean', 'bn_out_std', 'bn_gamma_min', 'bn_gamma_mean',
    'bn_gamma_max', 'bn_beta_min', 'bn_beta_mean', 'bn_beta_max', 'bn_gain',
  ],
});
