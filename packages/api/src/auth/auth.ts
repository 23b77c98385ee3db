import { accountIsDisabled, type Database, schema } from "@kitflow/db";
import {
  ACCOUNT_SIGN_IN_LIMIT,
  type SignInLimit,
  STAFF_SESSION_DAYS,
  STAFF_SESSION_RENEW_HOURS,
} from "@kitflow/domain";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { bearer, username } from "better-auth/plugins";
import { hashPassword, verifyPassword } from "./password-hashing";
import { workerSessions } from "./worker-session";

export interface AuthOptions {
  db: Database;
  secret: string;
  /** Origin the server is reached at, e.g. http://localhost:3000. */
  baseURL: string;
  /** Password sign-in attempts allowed per client address and window (a success is not counted). */
  signInLimit: SignInLimit;
  /** Password sign-in attempts allowed per account and window, from any address. */
  accountSignInLimit?: SignInLimit;
  /** Behind a TLS terminator cookies must be Secure; on plain http (local, village LAN) they cannot be. */
  secureCookies: boolean;
}

export interface SignInLimits {
  perAddress: SignInLimit;
  perAccount: SignInLimit;
}

/** The limits each auth instance was made with, for the sign-in procedure that applies them. */
const limitsOf = new WeakMap<object, SignInLimits>();
export function signInLimitsOf(auth: Auth): SignInLimits {
  const limits = limitsOf.get(auth);
  if (!limits) throw new Error("this auth instance was not made by createAuth");
  return limits;
}

/**
 * better-auth owns passwords (scrypt) and sessions. Accounts are created by the seed and by admins,
 * never by self sign-up, so email sign-up is disabled. Sign-in attempts are limited by the API in the
 * database (auth/sign-in-limits.ts), not by better-auth's per-process memory.
 */
export function createAuth(options: AuthOptions) {
  const auth = betterAuth({
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
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 8,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    user: {
      additionalFields: {
        role: { type: "string", required: true, input: false },
        organisationId: { type: "string", required: false, input: false },
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    session: { expiresIn: STAFF_SESSION_DAYS * 24 * 60 * 60, updateAge: STAFF_SESSION_RENEW_HOURS * 60 * 60 },
    databaseHooks: {
      session: {
        create: {
          // The one door every session comes through (password sign-in and workers' codes alike).
          before: async (session) => {
            if (await accountIsDisabled(options.db, session.userId)) {
              throw new APIError("FORBIDDEN", { message: "this account is disabled", code: "ACCOUNT_DISABLED" });
            }
          },
        },
      },
    },
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
      // Counted per account and per address in the database instead, so every process sees the same counts.
      customRules: { "/sign-in/username": false },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: ["x-kitflow-client-ip"] },
      useSecureCookies: options.secureCookies,
    },
    telemetry: { enabled: false },
    logger: { level: "error" },
  });
  limitsOf.set(auth, {
    perAddress: options.signInLimit,
    perAccount: options.accountSignInLimit ?? ACCOUNT_SIGN_IN_LIMIT,
  });
  return auth;
}

export type Auth = ReturnType<typeof createAuth>;
