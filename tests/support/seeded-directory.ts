import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { shanghaiDay } from "@kitflow/domain";

const ROOT = join(import.meta.dirname, "..", "..");
/** Everything a seeded database depends on: migrations, seed, rules, queries and the API the seed calls. */
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
  const hash = createHash("sha256").update(shanghaiDay(new Date()));
  for (const dir of SEED_INPUTS) hashTree(hash, join(ROOT, dir));
  return hash.digest("hex").slice(0, 16);
}

/**
 * Seeding the demo takes far longer than a test file's own work, so what `build` writes into a directory is
 * kept in tmpdir, once per version of the seed code and day, for every test file and later run to copy.
 * Parallel runs share it: one builds under a lock directory, the others wait for the finished directory.
 */
export async function seededDirectory(prefix: string, build: (dir: string) => Promise<void>): Promise<string> {
  const done = join(tmpdir(), `${prefix}${seedFingerprint()}`);
  const lock = `${done}.lock`;
  for (;;) {
    if (existsSync(join(done, READY))) return done;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another run is seeding; a lock older than the slowest seed means it died.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 10 * 60_000) {
        rmSync(lock, { recursive: true, force: true });
      }
      await sleep(500);
    }
  }
  const building = `${done}.building-${process.pid}`;
  try {
    rmSync(building, { recursive: true, force: true });
    await build(building);
    writeFileSync(join(building, READY), new Date().toISOString());
    renameSync(building, done);
    // Directories of older code; an hour's grace so a run still copying one is not disturbed.
    for (const old of readdirSync(tmpdir()).filter((name) => name.startsWith(prefix))) {
      const path = join(tmpdir(), old);
      const seededAt = existsSync(join(path, READY)) ? statSync(join(path, READY)).mtimeMs : undefined;
      if (path !== done && seededAt && Date.now() - seededAt > 3_600_000) {
        rmSync(path, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
  return done;
}
