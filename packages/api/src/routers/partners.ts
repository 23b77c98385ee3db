import { listPartnersOf, openLoadByWorkshop } from "@kitflow/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { roleProcedure } from "../trpc";

export const partnersRouter = {
  /** A factory's partner workshops (with capacity and open load) or a workshop's factories, with sites. */
  list: roleProcedure("factory_manager", "workshop_lead").query(async ({ ctx }) => {
    const partners = await listPartnersOf(ctx.db, ctx.actor.organisationId);
    const load = await openLoadByWorkshop(
      ctx.db,
      partners.filter((p) => p.kind === "workshop").map((p) => p.id),
    );
    return partners.map((p) => ({
      id: p.id,
      kind: p.kind,
      name: p.name,
      shortName: p.shortName,
      workshopMode: p.workshopMode,
      dailyCapacity: p.dailyCapacity,
      regionCode: p.regionCode,
      contactName: p.contactName,
      contactPhone: p.contactPhone,
      openUnits: p.kind === "workshop" ? (load.get(p.id) ?? 0) : null,
      sites: p.sites.map((s) => ({
        id: s.id,
        kind: s.kind,
        name: s.name,
        address: s.address,
        lat: s.lat,
        lng: s.lng,
        regionCode: s.regionCode,
      })),
    }));
  }),
} satisfies TRPCRouterRecord;
