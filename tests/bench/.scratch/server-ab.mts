// A/B experiment only: the real server with auth.api.getSession memoised per credential.
import { startKitflow } from "../../../apps/server/src/app";
import { readEnv } from "../../../apps/server/src/env";
const app = await startKitflow(readEnv());
if (process.argv[2] === "cached") {
  const api = app.auth.api as unknown as { getSession: (o: { headers: Headers }) => Promise<unknown> };
  const original = api.getSession.bind(api);
  const cache = new Map<string, unknown>();
  api.getSession = async (o) => {
    const key = o.headers.get("authorization") ?? o.headers.get("cookie");
    if (!key) return original(o);
    if (cache.has(key)) return cache.get(key);
    const session = await original(o);
    if (session) cache.set(key, session);
    return session;
  };
}
console.log(`kitflow is ready (${process.argv[2]})`);
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
