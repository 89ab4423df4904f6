// Types of the Vite features the embedding code uses (web/embed, web/grad-scope.js).
declare module '*?worker&url' {
  const url: string;
  export default url;
}
interface ImportMeta {
  /** Vite: lazy loaders of the files that match (none when a file is missing). */
  glob(pattern: string): Record<string, () => Promise<any>>;
}
