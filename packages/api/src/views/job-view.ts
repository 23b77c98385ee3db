import type { JobRow } from "@kitflow/db";

const isoOf = (d: Date | string) => new Date(d).toISOString();

/**
 * A posting as anyone may see it: the firm's name and the site's place, never an internal id of the
 * firm or the site.
 */
export function publicJobView(row: JobRow) {
  return {
    id: row.id,
    title: row.title,
    organisationName: row.organisationName,
    siteName: row.siteName,
    address: row.address,
    townshipCode: row.regionCode.slice(0, 9),
    townshipName: row.townshipName,
    lat: row.lat,
    lng: row.lng,
    pay: { kind: row.payKind, minFen: row.payMinFen, maxFen: row.payMaxFen },
    hours: row.hours,
    headcount: row.headcount,
    description: row.description,
    status: row.status,
    postedAt: isoOf(row.createdAt),
  };
}
export type PublicJobView = ReturnType<typeof publicJobView>;

/** A posting as its firm (or the region's official) manages it. */
export function managedJobView(row: JobRow & { applications: number; hired: number; waiting: number }) {
  return {
    ...publicJobView(row),
    organisationId: row.organisationId,
    siteId: row.siteId,
    postedByOfficial: row.postedByOfficial,
    filledAt: row.filledAt ? isoOf(row.filledAt) : null,
    closedAt: row.closedAt ? isoOf(row.closedAt) : null,
    applications: row.applications,
    hired: row.hired,
    waiting: row.waiting,
  };
}
