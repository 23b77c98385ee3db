import { useCallback, useState } from "react";

/**
 * One idempotency key per form submission: the same key is sent again on every retry, so a
 * request that reached the server before the connection dropped is never applied twice. A failed
 * mutation rolls back on the server and leaves the key unused, so it stays valid after the user
 * corrects the form; call renew() after a success to start the next submission.
 */
export function useIdempotencyKey(): [key: string, renew: () => void] {
  const [key, setKey] = useState(newIdempotencyKey);
  const renew = useCallback(() => setKey(newIdempotencyKey()), []);
  return [key, renew];
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
