import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { type Auth, createAuth, protectIdNumber } from "@kitflow/api";
import { type Database, replaceIdentityDigests, shiftAllDates } from "@kitflow/db";
import { quarterOf, shanghaiDay, shanghaiQuarter } from "@kitflow/domain";

/**
 * The demo seeded at build time into a second store template, so a first start loads it instead of
 * seeding (most of a first start). What the start needs to adopt it is kept beside it in a small JSON note:
 * the day it was seeded, to move every date to today, and the demo's identity numbers, whose digests
 * are keyed by the build's throwaway secret and must be keyed again by the server's own.
 */
export interface DemoTemplateNote {
  seededOn: string;
  identity: { digest: string; idNumber: string }[];
}

export const noteFileOf = (template: string) => `${template}.json`;

/** Seeds the demo into the build's template database and returns the note to keep beside it. */
export async function seedForTemplate(db: Database, now: Date): Promise<DemoTemplateNote> {
  const auth = createAuth({
    db,
    secret: randomBytes(32).toString("hex"),
    baseURL: "http://localhost:3000",
    signInLimit: { max: 10, windowSeconds: 60 },
    secureCookies: false,
  });
  // Imported here, not at the top: the server imports this module for adoptDemo and should not load the seed.
  const { seedDemo } = await import("./demo");
  const { identityNumbers } = await seedDemo({ db, auth, publicUrl: "http://localhost:3000" });
  return {
    seededOn: shanghaiDay(now),
    identity: identityNumbers.map((idNumber) => ({ digest: protectIdNumber(auth, idNumber).idNumberDigest, idNumber })),
  };
}

export function writeNote(template: string, note: DemoTemplateNote): void {
  writeFileSync(noteFileOf(template), JSON.stringify(note));
}

/**
 * The note of a demo template usable today, or undefined. A demo seeded in another quarter is not used:
 * its quarter-end story (a workshop that lost a worker just before the quarter ended) would not hold after
 * moving the dates, so the start seeds afresh instead.
 */
export function usableNote(template: string, now: Date): DemoTemplateNote | undefined {
  if (!existsSync(template) || !existsSync(noteFileOf(template))) return undefined;
  const note = JSON.parse(readFileSync(noteFileOf(template), "utf8")) as DemoTemplateNote;
  return quarterOf(note.seededOn) === shanghaiQuarter(now) ? note : undefined;
}

/** Makes a store loaded from the demo template this server's own: dates moved to today, digests keyed again. */
export async function adoptDemo(db: Database, auth: Auth, note: DemoTemplateNote, now: Date): Promise<void> {
  const today = shanghaiDay(now);
  const days = Math.round((Date.parse(today) - Date.parse(note.seededOn)) / 86_400_000);
  const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
  const months = monthIndex(today) - monthIndex(note.seededOn);
  const quarters = Math.floor(monthIndex(today) / 3) - Math.floor(monthIndex(note.seededOn) / 3);
  await db.transaction(async (tx) => {
    await shiftAllDates(tx, { days, months, quarters });
    await replaceIdentityDigests(
      tx,
      note.identity.map((i) => ({ from: i.digest, to: protectIdNumber(auth, i.idNumber).idNumberDigest })),
    );
  });
}
