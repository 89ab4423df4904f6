// Types of web/engine/gradscope.js, the JavaScript API of the WebAssembly engine.
// JSON shapes follow core/stats_json.cpp (the step statistics) and core/session.cpp (probe_json, evaluate_json,
// grad_report) and core/spec.hpp (gradscope-network/1). NaN in the core is null here.

export type ActivationName =
  | 'identity' | 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'prelu' | 'rrelu'
  | 'elu' | 'selu' | 'gelu' | 'softplus' | 'silu' | 'swish';

export interface ActivationObject {
  name: ActivationName;
  /** leaky_relu slope, elu alpha, prelu initial slope */
  alpha?: number;
  negative_slope?: number;
  /** prelu */
  init?: number;
  per?: 'layer' | 'unit';
  /** rrelu */
  lower?: number;
  upper?: number;
  /** softplus */
  beta?: number;
  threshold?: number;
}

export type LossName = 'mse' | 'bce_logits' | 'bce_with_logits' | 'softmax_ce' | 'cross_entropy';

export interface LayerDocument {
  units: number;
  /** required for hidden layers; the output layer has none (or null) */
  activation?: ActivationName | ActivationObject | null;
  /** hidden layers: batch norm before the activation (PyTorch BatchNorm1d defaults when true) */
  batchnorm?: boolean | { momentum?: number; eps?: number } | null;
  /** hidden layers: an identity skip around the layer, a = x + f(z) (input width = units) */
  residual?: boolean;
}

export interface LayerParameters {
  /** (units, fan_in), row-major rows */
  W: number[][];
  b: number[];
  /** prelu layers only: 1 or units slopes */
  alpha?: number[] | null;
  /** batch-norm layers only: learned scale and shift, running statistics (units values each) */
  gamma?: number[];
  beta?: number[];
  running_mean?: number[];
  running_var?: number[];
}

/** A gradscope-network/1 document. Unknown top-level keys are allowed. */
export interface NetworkDocument {
  format: 'gradscope-network/1';
  inputs: number;
  /** hidden layers, then the output layer */
  layers: LayerDocument[];
  loss: LossName;
  init?: {
    weights?: string | { name: string; gain?: number; value?: number; a?: number; b?: number; mean?: number; std?: number };
    bias?: number | { name?: 'constant'; value?: number };
    seed?: number;
  };
  parameters?: LayerParameters[];
  [key: string]: unknown;
}

/** The training configuration (core/session.hpp parse_session_config). */
export interface TrainingConfig {
  data?: {
    name?: 'circles' | 'xor' | 'gaussians' | 'spiral' | 'moons' | 'regression' | 'digits' | string;
    samples?: number;
    noise?: number;
    test_fraction?: number;
    seed?: number;
    csv?: string;
    csv_name?: string;
    label_column?: number;
    regression?: boolean;
  };
  batch?: number;
  optimizer?: string | {
    name?: string; lr?: number; momentum?: number; nesterov?: boolean; alpha?: number;
    beta1?: number; beta2?: number; eps?: number; weight_decay?: number; clip_norm?: number;
  };
  seed?: number;
  precision?: 'float32' | 'float64';
  saturation_eps?: number;
  stats?: boolean;
  probe_every?: number;
  probe_rows?: number;
  history_capacity?: number;
}

export interface SlopeSummary { min: number; mean: number; max: number }

/** Per-layer statistics of one step (docs/statistics.md). */
export interface LayerStats {
  index: number;
  units: number;
  activation: string;
  dW_norm: number;
  db_norm: number;
  dz_norm: number;
  dW_ratio: number | null;
  db_ratio: number | null;
  dz_ratio: number | null;
  W_norm: number;
  update_ratio: number | null;
  act_mean: number;
  act_std: number;
  act_min: number;
  act_max: number;
  saturated_fraction: number | null;
  zero_fraction: number | null;
  mean_abs_deriv: number | null;
  same_sign_share: number | null;
  weight_scale: number;
  local_factor: number | null;
  predicted_ratio: number | null;
  prelu_alpha: SlopeSummary | null;
  rrelu_slope: SlopeSummary | null;
  /** Dead units of the layer at the latest probe; null before the first probe. */
  dead_units: number | null;
  /** Batch-norm layers: Wx + b before normalisation (in_*) and z after it (out_*), the learned scales and shifts, and mean |gamma| / sqrt(var + eps). */
  batchnorm: BatchNormStats | null;
  /** The layer has a skip connection: a = x + f(z). */
  residual: boolean;
}

export interface BatchNormStats {
  in_mean: number;
  in_std: number;
  out_mean: number;
  out_std: number;
  gamma: SlopeSummary;
  beta: SlopeSummary;
  gain: number;
}

export interface Divergence {
  step: number;
  /** null: the loss itself */
  layer: number | null;
  what: 'loss' | 'activation' | 'gradient' | 'weight' | string;
  message: string;
}

/** The last step's statistics (`layers` is empty while statistics are off). */
export interface StepStats {
  step: number;
  loss: number | null;
  accuracy: number | null;
  lr: number;
  grad_norm: number | null;
  clipped_norm: number | null;
  clipped: boolean;
  layers: LayerStats[];
  /** The sum of the layers' dead_units (the latest probe); null before the first probe. */
  dead_units: number | null;
  diverged: Divergence | null;
}

/** The per-layer columns of statsColumns() (docs/statistics.md; {min, mean, max} summaries as _min/_mean/_max, batch norm's fields as bn_*, booleans 0/1). */
export type StatsColumnName =
  | 'units' | 'dW_norm' | 'db_norm' | 'dz_norm' | 'dW_ratio' | 'db_ratio' | 'dz_ratio' | 'W_norm'
  | 'update_ratio' | 'act_mean' | 'act_std' | 'act_min' | 'act_max' | 'saturated_fraction'
  | 'zero_fraction' | 'mean_abs_deriv' | 'same_sign_share' | 'weight_scale' | 'local_factor'
  | 'predicted_ratio' | 'prelu_alpha_min' | 'prelu_alpha_mean' | 'prelu_alpha_max'
  | 'rrelu_slope_min' | 'rrelu_slope_mean' | 'rrelu_slope_max' | 'dead_units' | 'residual'
  | 'batchnorm' | 'bn_in_mean' | 'bn_in_std' | 'bn_out_mean' | 'bn_out_std' | 'bn_gamma_min'
  | 'bn_gamma_mean' | 'bn_gamma_max' | 'bn_beta_min' | 'bn_beta_mean' | 'bn_beta_max' | 'bn_gain';

/**
 * Session.statsColumns(): the step statistics without JSON. Scalars as numbers (NaN where
 * stats() has null); every per-layer statistic as a Float64Array of `layers` values, all
 * views of one buffer (transfer `columns.units.buffer` once to move them all).
 */
export interface StatsColumns {
  step: number;
  loss: number;
  accuracy: number;
  lr: number;
  grad_norm: number;
  clipped_norm: number;
  clipped: boolean;
  /** dead units of all layers at the latest probe; NaN before the first probe */
  dead_units: number;
  /** training diverged (stats().diverged has the details) */
  diverged: boolean;
  /** L, 0 while statistics are off */
  layers: number;
  columns: Record<StatsColumnName, Float64Array>;
}

export interface Metrics { loss: number | null; accuracy: number | null; rows: number }
export interface Evaluation { step: number; train: Metrics; test: Metrics }

/** counts has bins + 2 entries: [0] below lo, [bins + 1] at or above hi. */
export interface Histogram { lo: number; hi: number; bins: number; counts: number[] }

export interface ProbeLayer {
  z: Histogram;
  a: Histogram;
  d: Histogram;
  activity_rate: (number | null)[];
  mean_abs_deriv: (number | null)[];
  mean_abs_dz: (number | null)[];
  /** 1 where the unit is dead now */
  dead: number[];
  /** step at which each unit was first found dead, -1 never */
  died_at: number[];
  revived: number[];
}

/** Histograms and unit health over the probe set, per hidden layer. */
export interface Probe { step: number; rows: number; layers: ProbeLayer[] }

/** gradscope-history/1: columnar; each series is (rows, layers) row-major. */
export interface HistoryDocument {
  format: 'gradscope-history/1';
  layers: number;
  steps: number[];
  loss: (number | null)[];
  accuracy: (number | null)[];
  series: Record<string, (number | null)[]>;
}

/** The `gradscope grad` report. */
export interface GradientReport {
  loss: number;
  /** (batch, outputs); absent with `matrices: false` */
  output?: number[][];
  layers: Array<{
    /** dW, db (and dalpha, dgamma, dbeta): absent with `matrices: false` */
    dW?: number[][];
    db?: number[];
    dW_norm: number;
    dz_norm: number;
    dalpha?: number[] | null;
    act_mean?: number;
    act_std?: number;
    saturated_fraction?: number | null;
    zero_fraction?: number | null;
    /** batch-norm layers: dL/dgamma, dL/dbeta */
    dgamma?: number[];
    dbeta?: number[];
  }>;
  /** With `stats: true`: the statistics of this pass, as stats() gives them for a step
   *  (step null: no step was taken; grad_norm over every parameter's gradient). */
  stats?: { step: null; loss: number; grad_norm: number; clipped_norm: number; clipped: false; layers: LayerStats[] };
}

/**
 * A batch for gradients(): y holds rows of targets, or class indices for softmax_ce.
 * Options: `mode` ("eval", the default: RReLU at its mean slope, batch norm with its
 * running statistics; "train": the batch's statistics, RReLU slopes drawn), `matrices`
 * (default true; false leaves out dW, db, dalpha, dgamma, dbeta and output), `stats`
 * (default false; true adds `stats`).
 */
export interface Batch { x: number[][]; y: number[][] | number[]; mode?: 'eval' | 'train'; matrices?: boolean; stats?: boolean }

export interface NetworkInfo {
  precision: 'float32' | 'float64';
  parameters: number;
  hidden_layers: number;
  inputs: number;
  outputs: number;
  loss: 'mse' | 'bce_logits' | 'softmax_ce';
  data: {
    name: string;
    task: 'binary' | 'multiclass' | 'regression';
    features: number;
    classes: number;
    targets: number;
    train_rows: number;
    test_rows: number;
    class_names: string[];
    feature_names: string[];
  };
}

/** One network + data + trainer in the WASM engine. Every method throws Error(core message). */
export interface Session {
  /** Runs up to n steps (stops early on divergence); returns the steps done. */
  step(n?: number): number;
  readonly steps: number;
  readonly diverged: boolean;
  reset(): void;
  setLr(lr: number): void;
  setStats(on: boolean): void;
  stats(): StepStats;
  /** stats() as binary columns, no JSON (cheap enough to read after every step). */
  statsColumns(): StatsColumns;
  evaluate(): Evaluation;
  probe(): Probe;
  history(): HistoryDocument;
  historyCsv(): string;
  /** (rows, layers) values of one history field, row-major. */
  historyMatrix(field: string): Float64Array;
  historySteps(): Float64Array;
  /** (res * res, outputs) network outputs over [xLo, xHi, yLo, yHi] (cell centres). */
  grid(res: number, bounds?: [number, number, number, number] | number[]): Float64Array;
  exportNetwork(): NetworkDocument;
  /** The network with its current weights as one Python file for PyTorch, in the session's
   *  precision: the text `gradscope export torch NETWORK.json --precision P` writes. */
  exportTorch(): string;
  importNetwork(network: NetworkDocument | string): void;
  gradients(batch: Batch | string): GradientReport;
  info(): NetworkInfo;
  /** The dataset's rows, at most maxRows (default 2000) per split. */
  data(maxRows?: number): DatasetRows;
  /** Frees the wasm memory; the session cannot be used afterwards. */
  dispose(): void;
}

/** `new gs.Session(network, config)`: throws Error(core message) on bad input. */
export interface SessionConstructor {
  new (network: NetworkDocument | string, config?: TrainingConfig | string): Session;
}

export interface ProductExperimentConfig {
  factors?: 'uniform' | 'derivative';
  activation?: ActivationName | ActivationObject;
  n?: number;
  z_std?: number;
  seed?: number;
}

export interface ProductExperimentResult {
  factors: number[];
  log10_product: (number | null)[];
  log10_sigmoid_bound: number;
}

export interface GradscopeModule {
  Session: SessionConstructor;
  /** The 8x8 digits are not inside the .wasm: their text (web/generated/digits.txt, fetched
   *  by the worker when a network asks for them) for later sessions on `data.name: "digits"`. */
  setDigits(text: string): void;
  hasDigits(): boolean;
  /** The names of statsColumns()'s scalars and columns, in buffer order. */
  statsColumnNames(): { scalars: string[]; columns: StatsColumnName[] };
  version(): string;
  productExperiment(cfg: ProductExperimentConfig): ProductExperimentResult;
  activationCurve(activation: ActivationName | ActivationObject | string, xs: ArrayLike<number>): { value: Float64Array; deriv: Float64Array };
  /** The raw Emscripten module, for tests of memory use (HEAP8, stackSave, _malloc, ...). */
  raw: any;
}

export interface LoadOptions {
  /** the module's bytes (Node, where fetch of file URLs fails) */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** a compiled module shared between workers (compiled once, instantiated per worker) */
  wasmModule?: WebAssembly.Module;
  /** the 8x8 digits' text (web/generated/digits.txt): see GradscopeModule.setDigits */
  digits?: string;
}

/** Whether a training configuration (object or JSON text) trains on the digits. */
export declare function asksForDigits(config: unknown): boolean;

/** Instantiates the module: a new instance (its own memory and digits) per call. */
export declare function loadGradscope(options?: LoadOptions): Promise<GradscopeModule>;

/** One split of the dataset rows: x is (rows x features) row-major. */
export interface DatasetSplitRows {
  rows: number;
  x: number[];
  labels?: number[];
  y?: number[];
}

/** Session.data(): the rows of the training and test splits. */
export interface DatasetRows {
  name: string;
  features: number;
  task: 'binary' | 'multiclass' | 'regression';
  classes: number;
  targets: number;
  train: DatasetSplitRows;
  test: DatasetSplitRows;
}
