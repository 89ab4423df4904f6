// @ts-check
// `import { createComparison } from 'gradscope/compare'`: the comparison mode (several
// networks trained side by side in lock-step, one worker each; docs/comparison.md) mounted
// into any element. `<grad-scope compare="...">` (gradscope/element) uses the same code.
export { createComparison, openComparisonDialog } from '../../web/compare/comparison.js';
export { EngineClient } from '../../web/engine/client.js';
