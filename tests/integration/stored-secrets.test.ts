/**
 * What the server keeps on disk and accepts as a credential: the embedded store's directory and every
 * file in it are its owner's alone (pay, identity digests, sessions, the auth secret), and a session
 * token read out of the database is no bearer credential without the signature only the server can make.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, schema } from "@kitflow/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSecretFor, readEnv } from "../../apps/server/src/env";
import { createTestApp, type TestApp } from "../support/app";

/** Every path under dir whose permissions let anyone but the owner in. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = statSync(path);
    if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

describe("the embedded store's files", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it("a new data directory, its database files and the generated auth secret are private to the owner", async () => {
    const root = mkdtempSync(join(tmpdir(), "kitflow-modes-"));
    roots.push(root);
    const dataDir = join(root, "data");
    const handle = await openDatabase({ kind: "pglite", dataDir });
    await handle.db.execute(sql`create table written_after_open (id int)`);
    await handle.db.execute(sql`insert into written_after_open select generate_series(1, 1000)`);
    await handle.db.execute(sql`checkpoint`);
    authSecretFor(readEnv({ DATA_DIR: dataDir }));
    await handle.close();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, "auth-secret")).mode & 0o777).toBe(0o600);
    expect(openToOthers(dataDir)).toEqual([]);
  }, 120_000);

  it("a directory an older version left open is closed on the next start", async () => {
    const root = mkdtempSync(join(tmpdir(), "kitflow-modes-"));
    roots.push(root);
    const dataDir = join(root, "data");
    mkdirSync(join(dataDir, "base"), { recursive: true });
    writeFileSync(join(dataDir, "auth-secret"), "x".repeat(64));
    chmodSync(join(dataDir, "auth-secret"), 0o666);
    chmodSync(join(dataDir, "base"), 0o777);
    chmodSync(dataDir, 0o777);
    const handle = await openDatabase({ kind: "pglite", dataDir });
    await handle.close();
    expect(openToOthers(dataDir)).toEqual([]);
  }, 120_000);
});

describe("bearer tokens", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp("pglite");
  });
  afterAll(async () => {
    await app.close();
  });

  it("the token sign-in returns is the signed form and works as a bearer; the raw stored token does not", async () => {
    const anonymous = await app.withHeaders(new Headers());
    const { token } = await anonymous.auth.signIn({ username: "factory.jhb", password: "kitflow-demo" });
    const signed = await app.withHeaders(new Headers({ authorization: `Bearer ${token}` }));
    expect(await signed.auth.me()).toMatchObject({ username: "factory.jhb" });

    const [stored] = await app.handle.db
      .select({ token: schema.session.token })
      .from(schema.session)
      .orderBy(sql`${schema.session.createdAt} desc`)
      .limit(1);
    if (!stored) throw new Error("no session stored");
    expect(decodeURIComponent(token).startsWith(`${stored.token}.`), "signed form of the stored token").toBe(true);
    const raw = await app.withHeaders(new Headers({ authorization: `Bearer ${stored.token}` }));
    await expect(raw.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
