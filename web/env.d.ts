// Module types for Vite's ?inline CSS imports.
declare module '*.css?inline' {
  const css: string;
  export default css;
}

// d3-scale-chromatic ships no types; the page uses these interpolators and schemes.
declare module 'd3-scale-chromatic' {
  export function interpolateViridis(t: number): string;
  export function interpolateCividis(t: number): string;
  export function interpolatePuOr(t: number): string;
  export const schemeTableau10: readonly string[];
}
