import { resolve } from "node:path";
import type { Env } from "./env";

/** A file named after a command-line flag, relative to where the command was run; or a usage message and exit. */
export function fileOption(env: Env, flag: string, usage: string): string {
  const at = process.argv.indexOf(flag);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  if (!value || value.startsWith("--")) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return resolve(env.invokedFrom, value);
}

export function storeName(env: Env): string {
  return env.databaseUrl ? "PostgreSQL" : `PGlite in ${env.dataDir}`;
}
