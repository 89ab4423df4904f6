// Module types for Vite's ?inline CSS imports.
declare module '*.css?inline' {
  const css: string;
  export default css;
}
