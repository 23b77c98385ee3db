import { describeDriverError } from "@kitflow/db";

/**
 * A stray rejection or exception outside a request (a driver timer, a forgotten promise) is logged and the
 * server keeps serving: every request runs in its own transaction, so one broken callback leaves no shared
 * state half-changed, and a county server with nothing to restart it must not go dark over it.
 * Only what names the fault is logged, never the statement or its parameters.
 */
export function guardProcess(log: (line: string) => void = (line) => console.error(line)): void {
  process.on("unhandledRejection", (reason) => {
    log(`[process] unhandled rejection: ${JSON.stringify(describeDriverError(reason))}`);
  });
  process.on("uncaughtException", (error, origin) => {
    log(`[process] uncaught exception (${origin}): ${JSON.stringify(describeDriverError(error))}`);
    if (error instanceof Error && error.stack) log(stackFrames(error.stack));
  });
}

/** The stack's frames only: the first line repeats the message, which was already logged. */
function stackFrames(stack: string): string {
  return stack.split("\n").slice(1).join("\n");
}
