// Builds the server into dist/ as plain JavaScript, so production starts node on it with no TypeScript loader.
// The workspace packages (@kitflow/*) export TypeScript sources, so they are bundled in; every installed
// dependency stays an import of node_modules: PGlite loads its .wasm/.data files relative to its own package.
import { build } from "esbuild";

const bundleWorkspaceOnly = {
  name: "bundle-workspace-only",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@kitflow/") ? undefined : { external: true }));
  },
};

await build({
  entryPoints: ["src/main.ts"],
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  sourcemap: true,
  logLevel: "warning",
  plugins: [bundleWorkspaceOnly],
});
