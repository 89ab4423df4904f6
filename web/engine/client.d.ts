// Types of web/engine/client.js (docs/engine-client.md): EngineClient, the frames the
// worker sends, and getCompiledModule.
import type {
  Evaluation, GradientReport, HistoryDocument, NetworkDocument, NetworkInfo, Probe, StepStats, StatsColumns,
  TrainingConfig, Batch, Divergence, DatasetRows,
} from './gradscope';

/** The decision-boundary grid of a frame (2-input networks). */
export interface GridFrame {
  res: number;
  /** [xLo, xHi, yLo, yHi] */
  bounds: [number, number, number, number];
  outputs: number;
  /** (res * res, outputs) row-major; cell (gx, gy) is row gy * res + gx */
  values: Float64Array;
}

/** The latest state, sent at most once per animation frame (pulled by the client); while
 *  training, spaced so that building frames takes at most ~1/4 of the worker's time. */
export interface Frame {
  /** increases with every frame of this worker */
  seq: number;
  /** the session's step count */
  steps: number;
  running: boolean;
  /** measured in the worker over the last second (0 when idle) */
  stepsPerSecond: number;
  /** the requested speed */
  stepsPerFrame: number;
  /** measured milliseconds per step (0 before the first slice) */
  msPerStep: number;
  /** the last step's statistics, in stats()'s shape (rebuilt in the worker from the
   *  columns, frame-stats.js: no JSON on the way) */
  stats: StepStats & { initial?: { rows: number } };
  /** Session.statsColumns().columns: every per-layer statistic as one Float64Array
   *  (length = layers, null -> NaN), all views of one transferred buffer; length 0 while
   *  statistics are off (indexed by a plain string: undefined for an unknown name) */
  columns: StatsColumns['columns'] & Record<string, Float64Array | undefined>;
  /** the step's statistics as the core's binary columns (Session.statsColumns()): the
   *  step scalars and one Float64Array per per-layer statistic (NaN where stats() has
   *  null), all views of one transferred buffer; `layers` 0 while statistics are off.
   *  Read it with web/state/columns.js. (`stats` and `columns` above are the same
   *  numbers in older shapes; they leave the frame once every reader uses this.) */
  statsColumns: StatsColumns;
  /** each layer's activation name (statsColumns.layers entries) */
  activations: string[];
  /** every ~250 ms while running, and in every frame after a change while paused */
  evaluate?: Evaluation;
  /** with evaluate, for networks with 2 inputs (unless setView({ grid: null })) */
  grid?: GridFrame;
  /** every ~500 ms while running, and in every frame after a change while paused */
  probe?: Probe;
  /** set when training diverged (the worker has paused) */
  diverged: Divergence | null;
  /** only on the page's step-0 frame completed by web/app/initial.js: its statistics are
   *  those of one gradient report on this many training rows (no step was taken yet) */
  initial?: { rows: number };
}

export interface ViewOptions {
  /** the grid frames carry; null: none. Defaults: res 50, bounds [-1.5, 1.5, -1.5, 1.5] */
  grid?: { res?: number; bounds?: [number, number, number, number] } | null;
  /** interval of evaluate + grid in frames while running (ms, default 250) */
  evaluateMs?: number;
  /** interval of probes in frames while running (ms, default 500) */
  probeMs?: number;
}

/** What EngineClient needs of a Worker (a Worker, or a test double). */
export interface WorkerLike {
  postMessage(message: any, transfer?: Transferable[]): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: any) => void): void;
  terminate(): void;
}

export interface EngineClientOptions {
  /** default: new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }) */
  createWorker?: () => WorkerLike;
  /** default: getCompiledModule */
  module?: () => Promise<WebAssembly.Module>;
  /** a pending request with no message from the worker for this long kills it (default 12000) */
  timeoutMs?: number;
  /** default: requestAnimationFrame (setTimeout 16 ms where there is none) */
  requestFrame?: (callback: () => void) => unknown;
  cancelFrame?: (handle: any) => void;
}

export type RequestResults = {
  probe: Probe;
  evaluate: Evaluation;
  stats: StepStats;
  statsColumns: StatsColumns;
  info: NetworkInfo;
  history: HistoryDocument;
  historyCsv: string;
  historyMatrix: Float64Array;
  historySteps: Float64Array;
  export: NetworkDocument;
  exportTorch: string;
  import: Frame;
  grid: GridFrame;
  /** with `batch.stats: true`, the report's statistics also as the frames' columns */
  gradients: GradientReport & { statsColumns?: StatsColumns };
  data: DatasetRows;
  ping: { steps: number };
};

export type RequestArgs = {
  probe: undefined;
  evaluate: undefined;
  stats: undefined;
  statsColumns: undefined;
  info: undefined;
  history: undefined;
  historyCsv: undefined;
  historyMatrix: { field: string };
  historySteps: undefined;
  export: undefined;
  exportTorch: undefined;
  import: { network: NetworkDocument | string };
  grid: { res?: number; bounds?: [number, number, number, number] };
  gradients: { batch: Batch | string };
  data: { maxRows?: number } | undefined;
  ping: undefined;
};

/** Compiles web/generated/gradscope.wasm once per page (shared by every client). */
export declare function getCompiledModule(): Promise<WebAssembly.Module>;

export declare class EngineClient {
  constructor(options?: EngineClientOptions);
  /** a pending request with no message from the worker for this long kills it */
  timeoutMs: number;
  /** the latest frame received */
  readonly lastFrame: Frame | null;
  /** false after a crash (until restart()) and after dispose() */
  readonly alive: boolean;
  /** Opens a network, paused at step 0; rejects with the core's message (the previous session keeps running). */
  open(network: NetworkDocument | string, config?: TrainingConfig | string): Promise<NetworkInfo>;
  play(): Promise<{ running: true }>;
  pause(): Promise<{ running: false }>;
  /** Runs n steps (0..1000000, default 1) and resolves with the full frame after them; step(0): the current state at once. */
  step(n?: number): Promise<Frame>;
  /** Same seed, back to step 0. */
  reset(): Promise<Frame>;
  /** Steps per 60 Hz frame, 1..10000. */
  setSpeed(stepsPerFrame: number): Promise<{ stepsPerFrame: number }>;
  setLr(lr: number): Promise<{ lr: number }>;
  setStats(on: boolean): Promise<{ on: boolean }>;
  setView(view: ViewOptions): Promise<{ grid: { res: number; bounds: [number, number, number, number] } | null; evaluateMs: number; probeMs: number }>;
  request<K extends keyof RequestResults>(type: K, args?: RequestArgs[K]): Promise<RequestResults[K]>;
  onFrame(listener: (frame: Frame) => void): () => void;
  /** The worker crashed or stopped answering: pending requests have rejected; restart() re-opens it (the page says: reload the page). */
  onError(listener: (error: Error) => void): () => void;
  /** New worker, re-opens the last network + config, re-applies speed, lr, stats and view (paused). */
  restart(): Promise<NetworkInfo | null>;
  dispose(): void;
}
