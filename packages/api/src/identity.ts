import { createHmac } from "node:crypto";
import { normaliseIdNumber } from "@kitflow/domain";
import type { Auth } from "./auth/auth";

/**
 * Identity numbers are kept only as an HMAC digest keyed from the server's auth secret (so a
 * leaked table cannot be reversed by hashing every possible number) plus the last four characters.
 * The key is derived for this one purpose so the auth secret itself never hashes personal data.
 */
function identityKey(auth: Auth): Buffer {
  const secret = auth.options.secret;
  if (!secret) throw new Error("the auth secret is not configured");
  return createHmac("sha256", secret).update("kitflow/worker-identity-number/v1").digest();
}

export function protectIdNumber(auth: Auth, idNumber: string): { idNumberDigest: string; idNumberLast4: string } {
  const normalised = normaliseIdNumber(idNumber);
  return {
    idNumberDigest: createHmac("sha256", identityKey(auth)).update(normalised).digest("hex"),
    idNumberLast4: normalised.slice(-4),
  };
}
