// The package's main entry, 'gradscope': the WebAssembly engine on this thread
// (loadGradscope -> { Session, ... }) and in a Web Worker (EngineClient).
export * from './engine/gradscope';
export { EngineClient, getCompiledModule } from './engine/client';
export type { Frame, GridFrame, ViewOptions, EngineClientOptions, WorkerLike, RequestArgs, RequestResults } from './engine/client';
/** The network file format this version reads and writes (the package's major version follows it). */
export declare const NETWORK_FORMAT: 'gradscope-network/1';
