// esbuild bundles CSS files as text (loader `.css: text`); the renderer injects it.
declare module '*.css' {
  const text: string;
  export default text;
}
