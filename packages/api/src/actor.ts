import type { BatchScope } from "@kitflow/db";
import type { Role, Thing } from "@kitflow/domain";
import { ExplainedError, notFound } from "./errors";

/** The signed-in caller as every procedure sees it. */
export type Actor =
  | { userId: string; username: string; name: string; role: "factory_manager"; organisationId: string }
  | { userId: string; username: string; name: string; role: "workshop_lead"; organisationId: string }
  | { userId: string; username: string; name: string; role: "official"; organisationId: string; regionCode: string }
  | { userId: string; username: string; name: string; role: "admin"; organisationId: null }
  /** A worker on a workshop's roster, signed in on its own phone: it sees its own work and pay only. */
  | { userId: string; username: string; name: string; role: "worker"; organisationId: string; workerId: string };

export type ActorOf<R extends Role> = Extract<Actor, { role: R }>;

/** Operational records an actor may read; officials read none of them (they see aggregates). */
export function batchScopeOf(actor: Actor): BatchScope | null {
  switch (actor.role) {
    case "factory_manager":
      return { factoryId: actor.organisationId };
    case "workshop_lead":
      return { workshopId: actor.organisationId };
    case "admin":
      return { all: true };
    case "official":
    case "worker":
      return null;
  }
}

/** The batch scope of a caller who may read operational records; officials are refused. */
export function scopeOrDeny(actor: Actor): BatchScope {
  const scope = batchScopeOf(actor);
  if (!scope) {
    throw new ExplainedError("FORBIDDEN", "officials see aggregated figures, not batches", {
      reason: "aggregatesOnly",
    });
  }
  return scope;
}

/**
 * An area filter (township or village code) must lie inside the caller's region; one outside it
 * answers like a missing one. No filter means the whole region.
 */
export function areaWithin(regionCode: string, areaCode: string | undefined, what: Thing): string {
  const code = areaCode ?? regionCode;
  if (!code.startsWith(regionCode)) throw notFound(what);
  return code;
}
