import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authFor, type Kitflow, openStore, startKitflow, WEB_ROOT } from "../../../apps/server/src/app";
import { readEnv } from "../../../apps/server/src/env";
import { seedDemo } from "../../../apps/server/src/seed/demo";
import { seededDirectory } from "../../support/seeded-directory";

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

/** The demo seeded once into a PGlite data directory (see seededDirectory), which every e2e file copies. */
async function seededTemplate(): Promise<string> {
  return seededDirectory("kitflow-e2e-seed-", async (dataDir) => {
    const env = readEnv({ DATA_DIR: dataDir, PUBLIC_URL: "http://127.0.0.1" });
    const handle = await openStore(env);
    try {
      await seedDemo({ db: handle.db, auth: authFor(env, handle), publicUrl: env.publicUrl });
    } finally {
      await handle.close();
    }
  });
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
