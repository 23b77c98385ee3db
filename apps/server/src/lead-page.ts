import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { appRouter, type ContextInner, createCallerFactory } from "@kitflow/api";
import { LEAD_TODAY } from "@kitflow/domain";

const createCaller = createCallerFactory(appRouter);

/** One query answer placed in the page, under the path and input the web app's cache uses. */
export interface SeededQuery {
  path: string;
  input?: unknown;
  data: unknown;
}

/** The id of the script element holding the seed; apps/web/src/app/seed.ts reads the same. */
export const SEED_ELEMENT_ID = "kitflow-seed";

/**
 * JSON that can sit inside <script type="application/json">: "<", ">" and "&" cannot close the
 * element or open a comment, and the two JavaScript line separators are escaped as well.
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The built index.html with the seed placed before </head>, where the app's first script finds it. */
export function withSeed(indexHtml: string, queries: SeededQuery[], at: number, preload: string[] = []): string {
  const links = preload
    .filter((file) => !indexHtml.includes(`/${file}"`))
    .map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`)
    .join("");
  const script = `<script type="application/json" id="${SEED_ELEMENT_ID}">${jsonForHtml({ at, queries })}</script>`;
  return indexHtml.replace("</head>", `${links}${script}</head>`);
}

/** The page modules Today renders with; the web app loads them lazily, /lead preloads them. */
const LEAD_TODAY_MODULES = ["src/lead/LeadLayout.tsx", "src/lead/TodayPage.tsx"];

type ViteManifest = Record<string, { file: string; imports?: string[] }>;

/**
 * The chunk files of Today's modules and everything they import statically, from Vite's build
 * manifest, so the phone fetches them with the shell instead of after it ran (one round trip less).
 */
export function todayChunks(manifest: ViteManifest, modules: readonly string[] = LEAD_TODAY_MODULES): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    const entry = manifest[key];
    if (!entry || files.has(entry.file)) return;
    files.add(entry.file);
    for (const imported of entry.imports ?? []) visit(imported);
  };
  for (const key of modules) visit(key);
  return [...files];
}

export async function readTodayChunks(webRoot: string): Promise<string[]> {
  try {
    return todayChunks(JSON.parse(await readFile(join(webRoot, ".vite", "manifest.json"), "utf8")) as ViteManifest);
  } catch {
    // A build without a manifest still works; the page then loads its chunks itself.
    return [];
  }
}

/**
 * The signed-in lead's Today (who they are, incoming deliveries, batches) answered by the same
 * procedures the page calls, for the caller only. Null when nobody is signed in or the caller is not
 * a workshop lead: the page then loads as usual.
 */
export async function leadTodaySeed(ctx: ContextInner): Promise<SeededQuery[] | null> {
  if (ctx.actor?.role !== "workshop_lead") return null;
  const caller = createCaller(ctx);
  const [me, incoming, batches] = await Promise.all([
    caller.auth.me(),
    caller.shipments.list(LEAD_TODAY.incoming),
    caller.batches.list(LEAD_TODAY.batches),
  ]);
  return [
    { path: "auth.me", data: me },
    { path: "shipments.list", input: LEAD_TODAY.incoming, data: incoming },
    { path: "batches.list", input: LEAD_TODAY.batches, data: batches },
  ];
}

export async function readIndexHtml(webRoot: string): Promise<string> {
  return readFile(join(webRoot, "index.html"), "utf8");
}
