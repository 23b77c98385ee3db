import { describe, expect, it } from "vitest";
import { haversineMeters } from "../geo/haversine";
import {
  APPLICATION_RETENTION_DAYS,
  applicationPurgeCutoff,
  applyLimitReached,
  daysToFill,
  JOB_APPLY_LIMITS,
  JOB_REFERENCE_ALPHABET,
  makeJobReference,
  median,
  pageOf,
  rankJobsByDistance,
} from "./postings";

const job = (id: string, lat: number, lng: number, createdAt = "2026-03-01T00:00:00Z") => ({ id, lat, lng, createdAt });

describe("jobs near home", () => {
  const origin = { lat: 25.92176, lng: 115.87797, approximate: true };
  const jobs = [
    job("far", 25.9088, 116.0596),
    job("near", 25.9381, 115.9071),
    job("middle", 25.8921, 116.0214),
    job("near-newer", 25.9381, 115.9071, "2026-03-02T00:00:00Z"),
  ];

  it("ranks nearest first by haversine, newer first at the same place, and marks approximate origins", () => {
    const ranked = rankJobsByDistance(jobs, origin);
    expect(ranked.map((r) => r.job.id)).toEqual(["near-newer", "near", "middle", "far"]);
    for (const r of ranked) {
      expect(r.distanceKm).toBe(Math.round(haversineMeters(origin, r.job) / 100) / 10);
      expect(r.distanceApproximate).toBe(true);
    }
    const exact = rankJobsByDistance(jobs, { ...origin, approximate: false });
    expect(exact.every((r) => !r.distanceApproximate)).toBe(true);
  });

  it("without an origin lists the newest first with no distance", () => {
    const ranked = rankJobsByDistance(jobs, null);
    expect(ranked[0]?.job.id).toBe("near-newer");
    expect(ranked.every((r) => r.distanceKm === null)).toBe(true);
  });

  it("pages by offset and says where the next page starts", () => {
    const items = Array.from({ length: 45 }, (_, i) => i);
    expect(pageOf(items, undefined, 20)).toEqual({ items: items.slice(0, 20), nextCursor: "20" });
    expect(pageOf(items, "40", 20)).toEqual({ items: items.slice(40), nextCursor: null });
  });

  it("limits applications per phone, then per address", () => {
    expect(applyLimitReached({ byPhone: JOB_APPLY_LIMITS.perPhone - 1, byAddress: 0 })).toBeNull();
    expect(applyLimitReached({ byPhone: JOB_APPLY_LIMITS.perPhone, byAddress: 0 })).toBe("phone");
    expect(applyLimitReached({ byPhone: 0, byAddress: JOB_APPLY_LIMITS.perAddress })).toBe("address");
  });

  it("keeps applications for 90 days", () => {
    const now = new Date("2026-06-30T12:00:00Z");
    const cutoff = applicationPurgeCutoff(now);
    expect((now.getTime() - cutoff.getTime()) / 86_400_000).toBe(APPLICATION_RETENTION_DAYS);
  });

  it("measures days to fill and their median", () => {
    expect(daysToFill(new Date("2026-03-01T00:00:00Z"), new Date("2026-03-04T12:00:00Z"))).toBe(3.5);
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });

  it("makes references from characters that are not misheard", () => {
    let n = 0;
    const ref = makeJobReference((size) => n++ % size);
    expect(ref).toMatch(/^Z[2-9A-HJ-NP-Z]{7}$/);
    expect([...ref.slice(1)].every((c) => JOB_REFERENCE_ALPHABET.includes(c))).toBe(true);
  });
});
