import { checkBackupFile, RestoreRefused, restoreBackup, storeRowCount, wipeStore } from "@kitflow/db";
import { openStore } from "./app";
import { readEnv } from "./env";
import { fileOption, storeName } from "./store-cli";

/**
 * `npm run restore -- --from FILE [--force]`: loads a backup into an empty store, all or nothing.
 * `--force` first wipes a store that has data; without it, a store with data is never touched.
 */
const force = process.argv.includes("--force");
const env = readEnv();
const from = fileOption(env, "--from", "npm run restore -- --from FILE [--force]");
let handle = await openStore(env);
try {
  await checkBackupFile(from);
  if (force && (await storeRowCount(handle.db)) > 0) {
    await wipeStore(handle.db);
    await handle.close();
    handle = await openStore(env);
  }
  const rows = await restoreBackup(handle.db, from);
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  console.log(`Restored ${total} rows of ${Object.keys(rows).length} tables from ${from} into ${storeName(env)}`);
} catch (error) {
  if (!(error instanceof RestoreRefused)) throw error;
  console.error(`Restore refused: ${error.message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
