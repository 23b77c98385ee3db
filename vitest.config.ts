import { defineConfig } from "vitest/config";
import SlowFirstSequencer from "./tests/support/slow-first-sequencer";

export default defineConfig({
  test: {
    include: ["packages/**/src/**/*.test.ts", "apps/**/src/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // The built server is what process tests start; see tests/support/global-setup.ts.
    globalSetup: ["tests/support/global-setup.ts"],
    // Each file opens its own PGlite (~150 MB); two cores run two files at a time comfortably.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
    sequence: { sequencer: SlowFirstSequencer },
  },
});
