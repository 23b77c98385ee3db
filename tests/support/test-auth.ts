import { type Auth, createAuth } from "@kitflow/api";
import type { Database } from "@kitflow/db";

export const PUBLIC_URL = "http://kitflow.test";

export function testAuth(db: Database, signInMax = 1000, accountSignInMax = 1000): Auth {
  return createAuth({
    db,
    secret: "test-secret-test-secret-test-secret-0000",
    baseURL: PUBLIC_URL,
    signInLimit: { max: signInMax, windowSeconds: 60 },
    accountSignInLimit: { max: accountSignInMax, windowSeconds: 900 },
    secureCookies: false,
  });
}
