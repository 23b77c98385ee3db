import type { BatchScope } from "@kitflow/db";
import type { Role } from "@kitflow/domain";

/** The signed-in caller as every procedure sees it. */
export type Actor =
  | { userId: string; username: string; name: string; role: "factory_manager"; organisationId: string }
  | { userId: string; username: string; name: string; role: "workshop_lead"; organisationId: string }
  | { userId: string; username: string; name: string; role: "official"; organisationId: string; regionCode: string }
  | { userId: string; username: string; name: string; role: "admin"; organisationId: null };

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
      return null;
  }
}
