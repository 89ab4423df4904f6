// @ts-check
// The package's main entry, `import { loadGradscope } from 'gradscope'`: the engine API.
//   loadGradscope() -> { Session, version, productExperiment, activationCurve }: the WASM
//     engine on this thread (a Session trains one network; docs/session.md);
//   EngineClient: the same engine in a Web Worker, driven by messages (docs/engine-client.md).
// The .wasm and the worker are found relative to this module (new URL(..., import.meta.url)),
// so a bundler copies them without configuration.
export { loadGradscope } from '../../web/engine/gradscope.js';
export { EngineClient, getCompiledModule } from '../../web/engine/client.js';

/** The network file format this version reads and writes (the package's major version follows it). */
export const NETWORK_FORMAT = 'gradscope-network/1';
