// 'gradscope/element': importing it defines <grad-scope> (once per page: a second import,
// or a second copy of the package, finds it defined and leaves it). Attributes, methods
// and events: docs/embedding.md of the gradscope repository.
import type { NetworkDocument } from './engine/gradscope';

/** What an element shows, as numbers (null where a number does not exist yet). */
export interface GradScopeFigures {
  ready: boolean;
  step: number;
  running: boolean;
  [field: string]: unknown;
}

export interface GradScopeElement extends HTMLElement {
  /** Resolves with figures() at the first frame; rejects if it cannot start. */
  whenReady(): Promise<GradScopeFigures>;
  play(): Promise<GradScopeFigures>;
  pause(): Promise<GradScopeFigures>;
  /** n more steps (0..1000000), pausing first. */
  step(n?: number): Promise<GradScopeFigures>;
  reset(): Promise<GradScopeFigures>;
  /** A gradscope-network/1 object, its JSON text, or a URL; rejects with the reason and keeps the current network. */
  load(network: NetworkDocument | string): Promise<GradScopeFigures>;
  figures(): GradScopeFigures;
  readonly status: 'idle' | 'waiting' | 'loading' | 'ready' | 'error';
  readonly errors: string[];
  readonly state: Record<string, unknown> | null;
  readonly link: string;
}

/** The element's class (the one customElements holds for 'grad-scope'). */
export declare const GradScopeElement: { new (): GradScopeElement; prototype: GradScopeElement };
/** The iframe page's entry (embed.html); builds the embed from location.hash. */
export declare function mountFrame(): unknown;

declare global {
  interface HTMLElementTagNameMap { 'grad-scope': GradScopeElement }
  interface HTMLElementEventMap {
    ready: CustomEvent<GradScopeFigures>;
    step: CustomEvent<GradScopeFigures>;
    diverged: CustomEvent<{ step: number; layer: number; what: string; message: string }>;
    'unit-died': CustomEvent<{ step: number; units: Array<{ layer: number; unit: number; step: number }>; deadUnits: number; totalUnits: number }>;
    finished: CustomEvent<GradScopeFigures>;
  }
}
