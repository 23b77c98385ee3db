import { sql } from "drizzle-orm";
import { authFor, isEmpty, openStore } from "./app";
import { readEnv } from "./env";
import { seedDemo } from "./seed/demo";

/** `npm run seed` seeds an empty database; `npm run seed -- --reset` wipes it and seeds again. */
const reset = process.argv.includes("--reset");
const env = readEnv();
let handle = await openStore(env);
try {
  if (reset) {
    for (const statement of [
      "drop schema if exists public cascade",
      "drop schema if exists drizzle cascade",
      "create schema public",
    ]) {
      await handle.db.execute(sql.raw(statement));
    }
    await handle.close();
    handle = await openStore(env);
  }
  if (!(await isEmpty(handle))) {
    console.log("The database already has data; use `npm run seed -- --reset` to rebuild the demo.");
  } else {
    await seedDemo({ db: handle.db, auth: authFor(env, handle), publicUrl: env.publicUrl });
    console.log("Demo data seeded. Password for every demo account: kitflow-demo");
  }
} finally {
  await handle.close();
}
