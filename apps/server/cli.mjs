// `npm run backup` and `npm run restore`: the command `npm run build` bundled into dist/, started on plain node as
// `npm start` starts the built server (no TypeScript loader: a second or more on every run). Without a build, or
// with sources changed since it, the command runs from src/ through tsx instead, so it is never a stale one.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const COMMANDS = ["backup", "restore"];
const command = process.argv[2];
if (!COMMANDS.includes(command)) {
  console.error(`usage: node apps/server/cli.mjs <${COMMANDS.join("|")}> [options]`);
  process.exit(2);
}

const server = fileURLToPath(new URL(".", import.meta.url));
const root = join(server, "..", "..");
const built = join(server, "dist", `${command}-cli.js`);

/** Newest modification time of any file below `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The bundle holds the server's sources and the workspace packages' (build.mjs); the migrations are read at run time. */
const bundled = [
  join(server, "src"),
  ...readdirSync(join(root, "packages")).map((p) => join(root, "packages", p, "src")),
];
const upToDate =
  existsSync(built) && bundled.every((dir) => !existsSync(dir) || newest(dir) <= statSync(built).mtimeMs);

process.setSourceMapsEnabled(true);
if (upToDate) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(server, "src", `${command}-cli.ts`)).href);
}
