import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Database, dumpPgliteStores, openDatabase, type StoreKind } from "@kitflow/db";
import { shanghaiDay } from "@kitflow/domain";
import postgres from "postgres";
import { seedDemo } from "../../apps/server/src/seed/demo";
import type { SeededOrganisations, SeededUsers } from "../../apps/server/src/seed/reference";
import { seededDirectory } from "./seeded-directory";
import { PUBLIC_URL, testAuth } from "./test-auth";

/** The demo as seeded into a template: the day it was seeded (its dates are relative) and its reference ids. */
export interface DemoSeed {
  seededOn: string;
  orgs: SeededOrganisations;
  users: SeededUsers;
}

/**
 * What a test store starts from instead of running initdb and every migration, and seeding the demo, each time:
 * for PGlite, files holding a data directory dump; for PostgreSQL, template databases.
 */
export interface StoreTemplate {
  migrated: string;
  demo: string;
  demoSeed: DemoSeed;
}

export type StoreTemplates = Partial<Record<StoreKind, StoreTemplate>>;

declare module "vitest" {
  export interface ProvidedContext {
    storeTemplates: StoreTemplates;
  }
}

/** The demo exactly as a test app used to seed it for itself: the test secret and the test public URL. */
async function seedTestDemo(db: Database): Promise<DemoSeed> {
  const { orgs, users } = await seedDemo({ db, auth: testAuth(db), publicUrl: PUBLIC_URL });
  return { seededOn: shanghaiDay(new Date()), orgs, users };
}

/** PGlite dumps, kept in tmpdir for every later run of the same code on the same day. */
async function pgliteTemplate(): Promise<StoreTemplate> {
  const dir = await seededDirectory("kitflow-test-stores-", async (building) => {
    mkdirSync(building, { recursive: true });
    let demoSeed: DemoSeed | undefined;
    const { migrated, prepared } = await dumpPgliteStores(async (db) => {
      demoSeed = await seedTestDemo(db);
    });
    writeFileSync(join(building, "migrated.tar"), Buffer.from(await migrated.arrayBuffer()));
    writeFileSync(join(building, "demo.tar"), Buffer.from(await prepared.arrayBuffer()));
    writeFileSync(join(building, "demo.json"), JSON.stringify(demoSeed));
  });
  return {
    migrated: join(dir, "migrated.tar"),
    demo: join(dir, "demo.tar"),
    demoSeed: JSON.parse(readFileSync(join(dir, "demo.json"), "utf8")) as DemoSeed,
  };
}

/** PostgreSQL template databases for this run only (another run may be at another version of the schema). */
async function postgresTemplate(url: string): Promise<{ template: StoreTemplate; drop(): Promise<void> }> {
  const run = `kitflow_t_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const names = { migrated: `${run}_migrated`, demo: `${run}_demo` };
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const drop = async () => {
    for (const name of Object.values(names)) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  };
  try {
    await admin.unsafe(`create database ${names.migrated}`);
    const migrated = await openDatabase({ kind: "postgres", url: databaseUrl(url, names.migrated), poolSize: 1 });
    await migrated.close();
    await admin.unsafe(`create database ${names.demo} template ${names.migrated}`);
    const demo = await openDatabase({ kind: "postgres", url: databaseUrl(url, names.demo), poolSize: 2 });
    let demoSeed: DemoSeed;
    try {
      demoSeed = await seedTestDemo(demo.db);
    } finally {
      await demo.close();
    }
    return { template: { ...names, demoSeed }, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Both kinds' templates (PostgreSQL's when `postgresUrl` is set) and how to remove the run's own ones. */
export async function prepareStoreTemplates(
  postgresUrl: string | undefined,
): Promise<{ templates: StoreTemplates; drop(): Promise<void> }> {
  const [pglite, pg] = await Promise.allSettled([
    pgliteTemplate(),
    postgresUrl ? postgresTemplate(postgresUrl) : undefined,
  ]);
  if (pglite.status === "rejected" || pg.status === "rejected") {
    if (pg.status === "fulfilled") await pg.value?.drop();
    throw pglite.status === "rejected" ? pglite.reason : (pg as PromiseRejectedResult).reason;
  }
  return {
    templates: { pglite: pglite.value, ...(pg.value ? { postgres: pg.value.template } : {}) },
    drop: async () => pg.value?.drop(),
  };
}
