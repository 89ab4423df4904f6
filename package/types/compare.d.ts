// 'gradscope/compare': the comparison mode (several networks trained side by side in
// lock-step, one worker each) mounted into any element (docs/comparison.md).
import type { NetworkDocument, TrainingConfig } from './engine/gradscope';
import type { EngineClient } from './engine/client';
export { EngineClient } from './engine/client';

export type ComparisonEvent = 'step' | 'diverged' | 'finished' | 'ready' | 'error';

export interface ComparisonOptions {
  network: NetworkDocument | object;
  config: TrainingConfig | object;
  /** what differs between the networks (default 'activation') */
  vary?: 'activation' | 'init' | 'optimizer' | 'depth' | 'lr' | 'remedy';
  /** 2 to 6 values of `vary`, e.g. ['sigmoid', 'relu'] or ['none', 'batchnorm'] */
  values: Array<string | number | object>;
  autoplay?: boolean;
  steps?: number;
  speed?: number;
  theme?: 'light' | 'dark' | 'auto';
  views?: string[];
  /** test accuracy of "steps to target" (default 0.9) */
  target?: number;
  timing?: boolean;
  sweepSteps?: number;
  createClient?: () => EngineClient;
}

export interface Comparison {
  play(): Promise<unknown>;
  pause(): Promise<unknown>;
  step(n?: number): Promise<unknown>;
  reset(): Promise<unknown>;
  /** The summary table's data (plain JSON). */
  figures(): any;
  on(event: ComparisonEvent, listener: (payload: any) => void): () => void;
  ready(): Promise<unknown>;
  setTheme(theme: 'light' | 'dark' | 'auto'): void;
  /** Runs the sweeps (the 'sweep' view). */
  sweep(): Promise<unknown>;
  cancelSweep(): void;
  measureAgain(): Promise<unknown>;
  /** The element the comparison draws into. */
  readonly element: HTMLElement;
  /** Stops every worker and removes what it drew. */
  destroy(): void;
}

export declare function createComparison(root: HTMLElement | ShadowRoot, options: ComparisonOptions): Comparison;
export declare function openComparisonDialog(container: HTMLElement | ShadowRoot, options: ComparisonOptions,
  extra?: { title?: string; link?: string | null }): { comparison: Comparison; dialog: HTMLDialogElement; close(): void };
