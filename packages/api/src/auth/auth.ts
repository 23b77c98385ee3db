import { type Database, schema } from "@kitflow/db";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { bearer, username } from "better-auth/plugins";
import { workerSessions } from "./worker-session";

export interface AuthOptions {
  db: Database;
  secret: string;
  /** Origin the server is reached at, e.g. http://localhost:3000. */
  baseURL: string;
  /** Sign-in attempts allowed per client address and window. */
  signInLimit: { max: number; windowSeconds: number };
  /** Behind a TLS terminator cookies must be Secure; on plain http (local, village LAN) they cannot be. */
  secureCookies: boolean;
}

/**
 * better-auth owns passwords (scrypt), sessions and rate limiting. Accounts are created by the
 * seed and by admins, never by self sign-up, so email sign-up is disabled.
 */
export function createAuth(options: AuthOptions) {
  return betterAuth({
    appName: "kitflow",
    baseURL: options.baseURL,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins: [options.baseURL],
    database: drizzleAdapter(options.db, {
      provider: "pg",
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        verification: schema.verification,
      },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    user: {
      additionalFields: {
        role: { type: "string", required: true, input: false },
        organisationId: { type: "string", required: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    // A bearer token must carry the signature sign-in hands out: a session token read out of the
    // database (a stolen backup, a leaked data directory) is not enough to act as its user.
    plugins: [
      username({ minUsernameLength: 3, maxUsernameLength: 64 }),
      bearer({ requireSignature: true }),
      workerSessions(),
    ],
    rateLimit: {
      enabled: true,
      storage: "memory",
      window: 60,
      max: 600,
      customRules: {
        "/sign-in/username": { window: options.signInLimit.windowSeconds, max: options.signInLimit.max },
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: ["x-kitflow-client-ip"] },
      useSecureCookies: options.secureCookies,
    },
    telemetry: { enabled: false },
    logger: { level: "error" },
  });
}

export type Auth = ReturnType<typeof createAuth>;
