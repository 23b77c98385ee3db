import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { authFor, type Kitflow, openStore, startKitflow, WEB_ROOT } from "../../../apps/server/src/app";
import { readEnv } from "../../../apps/server/src/env";
import { seedDemo } from "../../../apps/server/src/seed/demo";

/** The web app the server serves; built once if a developer runs the e2e suite before `npm run build`. */
export function ensureWebBuilt(): void {
  if (existsSync(join(WEB_ROOT, "index.html"))) return;
  execFileSync("npm", ["run", "build", "-w", "@kitflow/web"], { stdio: "inherit" });
}

export interface E2EServer {
  app: Kitflow;
  url: string;
  close(): Promise<void>;
}

/** A port free right now, so PUBLIC_URL (and the QR codes) can name it before the server starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const ROOT = join(import.meta.dirname, "..", "..", "..");
/** Everything the seeded database depends on: migrations, seed, rules, queries and the API the seed calls. */
const SEED_INPUTS = ["drizzle", "apps/server/src", "packages/db/src", "packages/domain/src", "packages/api/src"];
const READY = "seeded";

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashTree(hash, path);
    else if (!/\.test\.ts$/.test(name)) hash.update(path).update(readFileSync(path));
  }
}

/** Changes whenever the code that builds the demo database changes, and every day (demo dates are relative). */
function seedFingerprint(): string {
  const hash = createHash("sha256").update(new Date().toISOString().slice(0, 10));
  for (const dir of SEED_INPUTS) hashTree(hash, join(ROOT, dir));
  return hash.digest("hex").slice(0, 16);
}

/**
 * Seeding the demo takes far longer than a test file's own work, so it is done once per version of
 * the seed code into a template directory that every e2e file copies. Parallel test workers share
 * it: one seeds under a lock directory, the others wait for the finished template.
 */
async function seededTemplate(): Promise<string> {
  const template = join(tmpdir(), `kitflow-e2e-seed-${seedFingerprint()}`);
  const lock = `${template}.lock`;
  for (;;) {
    if (existsSync(join(template, READY))) return template;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker is seeding; a lock older than the slowest seed means it died.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 10 * 60_000) {
        rmSync(lock, { recursive: true, force: true });
      }
      await sleep(500);
    }
  }
  const building = `${template}.building-${process.pid}`;
  try {
    rmSync(building, { recursive: true, force: true });
    const env = readEnv({ DATA_DIR: building, PUBLIC_URL: "http://127.0.0.1" });
    const handle = await openStore(env);
    try {
      await seedDemo({ db: handle.db, auth: authFor(env, handle), publicUrl: env.publicUrl });
    } finally {
      await handle.close();
    }
    writeFileSync(join(building, READY), new Date().toISOString());
    renameSync(building, template);
    // Templates of older code; an hour's grace so a run still copying one is not disturbed.
    for (const old of readdirSync(tmpdir()).filter((name) => name.startsWith("kitflow-e2e-seed-"))) {
      const path = join(tmpdir(), old);
      const seededAt = existsSync(join(path, READY)) ? statSync(join(path, READY)).mtimeMs : undefined;
      if (path !== template && seededAt && Date.now() - seededAt > 3_600_000) {
        rmSync(path, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
  return template;
}

/** The real server with the built web app, on a fresh PGlite directory holding the seeded demo. */
export async function startE2EServer(): Promise<E2EServer> {
  ensureWebBuilt();
  const template = await seededTemplate();
  const dataDir = mkdtempSync(join(tmpdir(), "kitflow-e2e-"));
  cpSync(template, dataDir, { recursive: true });
  const port = String(await freePort());
  const env = readEnv({
    DATA_DIR: dataDir,
    PORT: port,
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SIGNIN_RATE_LIMIT: "1000/60",
  });
  const app = await startKitflow(env);
  return {
    app,
    url: app.url,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
