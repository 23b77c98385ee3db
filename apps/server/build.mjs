// Builds the server into dist/ as plain JavaScript, so production starts node on it with no TypeScript loader.
// The workspace packages (@kitflow/*) export TypeScript sources, so they are bundled in; every installed
// dependency stays an import of node_modules: PGlite loads its .wasm/.data files relative to its own package.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { build } from "esbuild";

/** Found next to the bundle by src/app.ts (STORE_TEMPLATE, DEMO_TEMPLATE); keep the two in step. */
const STORE_TEMPLATE = "dist/store-template";
const DEMO_TEMPLATE = "dist/demo-template";

const bundleWorkspaceOnly = {
  name: "bundle-workspace-only",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@kitflow/") ? undefined : { external: true }));
  },
};

// Chunk names carry a hash: drop the last build's code so stale chunks do not pile up in dist/.
for (const file of existsSync("dist") ? readdirSync("dist", { withFileTypes: true }) : []) {
  if (file.isFile() && /\.js(\.map)?$/.test(file.name)) rmSync(`dist/${file.name}`);
}

await build({
  // The operator's commands are bundled too: `npm run backup` / `restore` start node on them (scripts/server-cli.mjs).
  entryPoints: ["src/main.ts", "src/store-template-cli.ts", "src/backup-cli.ts", "src/restore-cli.ts"],
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  // Modules imported with import() (the demo seed, coverage geometry) become chunks of their own, loaded
  // only when first used, so a server that never needs them never holds their code in memory.
  splitting: true,
  target: "node20.19",
  sourcemap: true,
  logLevel: "warning",
  plugins: [bundleWorkspaceOnly],
});

// A first start on an empty data directory loads one of these instead of running initdb, every migration and
// the demo seed.
execFileSync(process.execPath, ["dist/store-template-cli.js", STORE_TEMPLATE, DEMO_TEMPLATE], { stdio: "inherit" });
