import { writeBackup } from "@kitflow/db";
import { openStore } from "./app";
import { readEnv } from "./env";
import { fileOption, storeName } from "./store-cli";

/** `npm run backup -- --out FILE`: a consistent snapshot of the whole store (PGlite or DATABASE_URL). */
const env = readEnv();
const out = fileOption(env, "--out", "npm run backup -- --out FILE");
const handle = await openStore(env);
try {
  const started = performance.now();
  const rows = await writeBackup(handle.db, out);
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  console.log(
    `Backed up ${total} rows of ${Object.keys(rows).length} tables from ${storeName(env)} to ${out} ` +
      `(${Math.round(performance.now() - started)} ms)`,
  );
} finally {
  await handle.close();
}
