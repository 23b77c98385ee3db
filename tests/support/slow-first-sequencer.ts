import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that take minutes, slowest first. Started at the beginning, they run beside the many short files
 * on the other worker; left to the default order (by size), they ran last and alone, and the suite waited.
 */
const SLOW_FIRST = [
  "tests/e2e/screens.test.ts",
  "tests/integration/backup-restore.test.ts",
  "tests/integration/authorization.test.ts",
  "tests/integration/sequences.test.ts",
  "tests/integration/bad-input.test.ts",
  "tests/e2e/reconciliation.test.ts",
  "tests/e2e/official-drilldown.test.ts",
  "tests/integration/idempotency.test.ts",
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOW_FIRST.findIndex((path) => file.moduleId.endsWith(path));
      return index === -1 ? SLOW_FIRST.length : index;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
