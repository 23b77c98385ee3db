import { buildServer } from "./server-process";

/**
 * Process tests run the built server exactly as `npm start` does. Building it once here, before any test file
 * starts, keeps two files from running turbo on the same output at the same time (turbo skips the build when
 * its inputs are unchanged).
 */
export default async function setup(): Promise<void> {
  await buildServer();
}
