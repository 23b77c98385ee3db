import { describeDriverError } from "@kitflow/db";

/**
 * A stray rejection or exception outside a request (a driver timer, a forgotten promise) is logged and the
 * server keeps serving: every request runs in its own transaction, so one broken callback leaves no shared
 * state half-changed, and a county server with nothing to restart it must not go dark over it.
 * Only what names the fault is logged, never the statement or its parameters.
 */
export function guardProcess(log: (line: string) => void = (line) => console.error(line)): void {
  const line = (what: string, error: unknown) => {
    const fault = describeDriverError(error);
    return `[process] ${what}: ${fault.name}${fault.code ? ` ${fault.code}` : ""}: ${fault.message}${fault.stack ? `\n${fault.stack}` : ""}`;
  };
  process.on("unhandledRejection", (reason) => log(line("unhandled rejection", reason)));
  process.on("uncaughtException", (error, origin) => log(line(`uncaught exception (${origin})`, error)));
}
