import { haversineMeters } from "../geo/haversine";
import type { LatLng } from "../geo/point";

/** Piece rate (计件), day wage (日结 — 零工, day work, is a posting of this kind) or month wage (月薪). */
export const JOB_PAY_KINDS = ["piece", "day", "month"] as const;
export type JobPayKind = (typeof JOB_PAY_KINDS)[number];

/** Where a distance is measured from, and whether that point is itself only approximate. */
export interface JobOrigin extends LatLng {
  /** Village points are placed around the township centre, not surveyed. */
  approximate: boolean;
}

export interface PlacedJob extends LatLng {
  id: string;
  createdAt: Date | string;
}

export interface RankedJob<T> {
  job: T;
  /** Great-circle kilometres to one decimal; null when the search named no place. */
  distanceKm: number | null;
  /** The distance starts from an approximate village point. */
  distanceApproximate: boolean;
}

/**
 * Open jobs nearest first (haversine on WGS-84); equal distances newest first, then by id, so pages
 * never repeat or skip a job. Without an origin the newest come first.
 */
export function rankJobsByDistance<T extends PlacedJob>(jobs: readonly T[], origin: JobOrigin | null): RankedJob<T>[] {
  const time = (j: T) => new Date(j.createdAt).getTime();
  const ranked = jobs.map((job) => ({
    job,
    metres: origin ? haversineMeters(origin, job) : null,
  }));
  ranked.sort(
    (a, b) => (a.metres ?? 0) - (b.metres ?? 0) || time(b.job) - time(a.job) || (a.job.id < b.job.id ? -1 : 1),
  );
  return ranked.map(({ job, metres }) => ({
    job,
    distanceKm: metres === null ? null : Math.round(metres / 100) / 10,
    distanceApproximate: origin?.approximate ?? false,
  }));
}

/** One page of a ranked list, with the cursor of the next page (an offset) or null at the end. */
export function pageOf<T>(items: readonly T[], cursor: string | undefined, size: number) {
  const start = cursor ? Number(cursor) : 0;
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? String(start + size) : null;
  return { items: page, nextCursor: next };
}

/**
 * Applications with no account are limited per phone (a day) and per client address (an hour), counted
 * from the applications stored in the database so every server process sees the same numbers.
 */
export const JOB_APPLY_LIMITS = {
  perPhone: 5,
  phoneWindowSeconds: 24 * 60 * 60,
  /** Generous: a 就业之家 kiosk or a village's shared Wi-Fi sends many people's applications from one address. */
  perAddress: 60,
  addressWindowSeconds: 60 * 60,
} as const;

/** Which limit a new application would break, given what each already made in its window. */
export function applyLimitReached(made: { byPhone: number; byAddress: number }): "phone" | "address" | null {
  if (made.byPhone >= JOB_APPLY_LIMITS.perPhone) return "phone";
  if (made.byAddress >= JOB_APPLY_LIMITS.perAddress) return "address";
  return null;
}

/** Applications not hired are deleted this long after they were made. */
export const APPLICATION_RETENTION_DAYS = 90;

/** Applications made before this moment and not hired are due for deletion. */
export function applicationPurgeCutoff(now: Date): Date {
  return new Date(now.getTime() - APPLICATION_RETENTION_DAYS * 86_400_000);
}

/** Days from posting to the hire that reached the headcount, to one decimal. */
export function daysToFill(postedAt: Date, filledAt: Date): number {
  return Math.round((filledAt.getTime() - postedAt.getTime()) / 8_640_000) / 10;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(value * 10) / 10;
}

/** Reference numbers avoid letters and digits that are misread over the phone (0/O, 1/I). */
export const JOB_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** "Z" and seven characters drawn with `pick(n)`, a uniform random integer in [0, n). */
export function makeJobReference(pick: (n: number) => number): string {
  let ref = "Z";
  for (let i = 0; i < 7; i++) ref += JOB_REFERENCE_ALPHABET[pick(JOB_REFERENCE_ALPHABET.length)];
  return ref;
}
