import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makePrivateDir, PRIVATE_FILE_MODE } from "@kitflow/db";
import { z } from "zod";
import { proxyEntryProblem } from "./client-address";

const rate = z.string().regex(/^\d+\/\d+$/, "attempts/seconds, e.g. 10/60");
const limitOf = (value: string) => {
  const [max, windowSeconds] = value.split("/").map(Number) as [number, number];
  return { max, windowSeconds };
};

/** The only place that reads process.env. */
const schema = z.object({
  /** 0 lets the system pick a free port (tests). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** postgres://… switches from embedded PGlite to a real PostgreSQL server. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres://")
    .optional(),
  /** Unset: `data/` at the repository root, whichever workspace (npm start, turbo dev) runs the server. */
  DATA_DIR: z.string().optional(),
  /** Where people reach the server; QR codes on delivery notes point here. */
  PUBLIC_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, "at least 32 characters").optional(),
  /** Password sign-in attempts per client address (a success is not counted). */
  SIGNIN_RATE_LIMIT: rate.default("10/60"),
  /** Password sign-in attempts per account, from any address. */
  SIGNIN_ACCOUNT_LIMIT: rate.default("10/900"),
  /** Reverse proxies whose X-Forwarded-For names the client: addresses or CIDR ranges, comma-separated. */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((e) => e.trim())
        .filter((e) => e !== ""),
    )
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        const problem = proxyEntryProblem(entry);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }
    }),
  /** npm sets this to the directory `npm start` was run from; relative paths resolve against it. */
  INIT_CWD: z.string().optional(),
  NODE_ENV: z.string().optional(),
  /** 1: count SQL statements and serve them with the process's CPU time at /bench/stats (`npm run bench` only). */
  KITFLOW_BENCH_STATS: z.enum(["0", "1"]).optional(),
});

export type Env = ReturnType<typeof readEnv>;

export function readEnv(source: Record<string, string | undefined> = process.env) {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const env = parsed.data;
  const base = env.INIT_CWD ?? process.cwd();
  const dataDir = env.DATA_DIR
    ? isAbsolute(env.DATA_DIR)
      ? env.DATA_DIR
      : resolve(base, env.DATA_DIR)
    : fileURLToPath(new URL("../../../data", import.meta.url));
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    authSecret: env.AUTH_SECRET,
    signInLimit: limitOf(env.SIGNIN_RATE_LIMIT),
    accountSignInLimit: limitOf(env.SIGNIN_ACCOUNT_LIMIT),
    trustedProxies: env.TRUSTED_PROXIES,
    /** The directory the command was run from, against which relative paths given on the command line resolve. */
    invokedFrom: base,
    benchStats: env.KITFLOW_BENCH_STATS === "1",
  };
}

/**
 * Sessions must survive restarts, so without AUTH_SECRET a random secret is created once
 * and kept in the data directory (readable by its owner only).
 */
export function authSecretFor(env: Env): string {
  if (env.authSecret) return env.authSecret;
  makePrivateDir(env.dataDir);
  const file = join(env.dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: PRIVATE_FILE_MODE });
  return secret;
}
