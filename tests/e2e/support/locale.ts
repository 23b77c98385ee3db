import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The web app's zh-CN strings: tests find controls by the words users read, taken from the same files. */
const LOCALES = join(import.meta.dirname, "..", "..", "..", "apps", "web", "src", "i18n", "locales");

type Tree = { [key: string]: string | Tree };

function load(lang: string): Record<string, Tree> {
  const dir = join(LOCALES, lang);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => [f.replace(/\.json$/, ""), JSON.parse(readFileSync(join(dir, f), "utf8")) as Tree]),
  );
}

const zhCN = load("zh-CN");

/** zh-CN text of "ns:dotted.key" with {{vars}} filled in, as i18next renders it. */
export function zh(key: string, vars: Record<string, string | number> = {}): string {
  const [ns, path] = key.includes(":") ? (key.split(":", 2) as [string, string]) : ["common", key];
  let node: string | Tree | undefined = zhCN[ns];
  for (const part of path.split(".")) node = typeof node === "object" ? node[part] : undefined;
  if (typeof node !== "string") throw new Error(`no zh-CN string for ${key}`);
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(vars[name] ?? `{{${name}}}`));
}

function keysOf(tree: Tree, prefix: string): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [prefix + k] : keysOf(v, `${prefix}${k}.`)));
}

/**
 * Every dotted key of every language and namespace ("today.title", "lead:today.title"): one of
 * these on screen means a string was not translated.
 */
export function translationKeys(): string[] {
  const keys = new Set<string>();
  for (const lang of readdirSync(LOCALES)) {
    for (const [ns, tree] of Object.entries(load(lang))) {
      for (const key of keysOf(tree, "")) {
        if (!key.includes(".")) continue;
        keys.add(key);
        keys.add(`${ns}:${key}`);
      }
    }
  }
  return [...keys];
}
