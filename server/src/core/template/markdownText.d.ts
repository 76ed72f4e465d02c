/** esbuild bundles `.md` files as text (see scripts/build.mjs). */
declare module '*.md' {
  const text: string;
  export default text;
}
