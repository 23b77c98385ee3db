import { appRouter } from "@kitflow/api";
import type { Caller } from "./app";

type Procedures = Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>;

/** Every procedure of the app router by its dotted path ("batches.create"), as the suites enumerate them. */
export const PROCEDURES = appRouter._def.procedures as unknown as Procedures;
export const PROCEDURE_PATHS = Object.keys(PROCEDURES);
export const isMutation = (path: string) => PROCEDURES[path]?._def.type === "mutation";
export const MUTATIONS = PROCEDURE_PATHS.filter(isMutation);

export type Outcome = { ok: true; data: unknown } | { ok: false; error: unknown };

/** Calls `a.b` on a caller by its dotted path, the way an HTTP client names it; a throw becomes an outcome. */
export async function call(caller: Caller, path: string, input: unknown): Promise<Outcome> {
  const [ns, name] = path.split(".") as [string, string];
  const fn = (caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[ns]?.[name];
  if (!fn) throw new Error(`caller has no ${path}`);
  try {
    // Called through `.apply`: tRPC's caller proxy reads a procedure named `apply` (jobs.apply) as
    // Function.prototype.apply, and `.apply(null, [input])` reaches every procedure alike.
    return { ok: true, data: await fn.apply(null, [input]) };
  } catch (error) {
    return { ok: false, error };
  }
}
