import type { TestProject } from "vitest/node";
import { buildServer } from "./server-process";
import { prepareStoreTemplates } from "./store-templates";

/**
 * Process tests run the built server exactly as `npm start` does. Building it once here, before any test file
 * starts, keeps two files from running turbo on the same output at the same time (turbo skips the build when
 * its inputs are unchanged). Beside it, the store templates every test store starts from (tests/support/stores.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [, prepared] = await Promise.all([buildServer(), prepareStoreTemplates(process.env.TEST_DATABASE_URL)]);
  project.provide("storeTemplates", prepared.templates);
  return () => prepared.drop();
}
