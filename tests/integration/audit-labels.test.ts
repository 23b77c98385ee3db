/**
 * The audit page names every action in words: each mutation on the router (the audit log's `action` is
 * its path) has a Chinese and an English label. A procedure added without one fails here.
 */
import { describe, expect, it } from "vitest";
import en from "../../apps/web/src/i18n/locales/en/admin.json";
import zh from "../../apps/web/src/i18n/locales/zh-CN/admin.json";
import { MUTATIONS } from "../support/procedures";

type Labels = Record<string, Record<string, string>>;
const LOCALES = { "zh-CN": zh.auditActions as Labels, en: en.auditActions as Labels };

describe("audit action labels", () => {
  it.each(Object.entries(LOCALES))("%s labels every mutation and nothing else", (_lang, labels) => {
    const missing = MUTATIONS.filter((path) => {
      const [area, name] = path.split(".") as [string, string];
      return !labels[area]?.[name]?.trim();
    });
    expect(missing).toEqual([]);
    const labelled = Object.entries(labels).flatMap(([area, names]) => Object.keys(names).map((n) => `${area}.${n}`));
    expect(labelled.filter((path) => !MUTATIONS.includes(path))).toEqual([]);
  });
});
