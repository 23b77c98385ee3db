import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";

/** Owner only: the data directory holds people's pay, identity digests, sessions and the auth secret. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates the directory for the owner alone and takes away what other users could read or write in
 * one made earlier (older versions left PGlite's files 0666). From then on the process creates files
 * with umask 077, so whatever PGlite writes later is private too.
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  restrictTree(dir);
  // Worker threads cannot change the umask; there the tightening after PGlite's start has to do.
  if (isMainThread) process.umask(0o077);
}

function restrictTree(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(path, PRIVATE_DIR_MODE);
    for (const name of readdirSync(path)) restrictTree(join(path, name));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(path, stat.mode & 0o700);
  }
}
