import type { RouterOutputs } from "@kitflow/api";

export type Region = RouterOutputs["admin"]["listRegions"][number];

export interface RegionOption {
  code: string;
  /** The names from the county down, e.g. "瑞金市 · 象湖镇 · 城东村", so a village is told apart from its namesakes. */
  label: string;
  level: Region["level"];
}

/** Select options in code order, each labelled with its whole path (parents missing from the table are skipped). */
export function regionOptions(regions: readonly Region[]): RegionOption[] {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  return [...regions]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((region) => {
      const names = [region.name];
      let parent = region.parentCode ? byCode.get(region.parentCode) : undefined;
      while (parent) {
        names.unshift(parent.name);
        parent = parent.parentCode ? byCode.get(parent.parentCode) : undefined;
      }
      return { code: region.code, label: names.join(" · "), level: region.level };
    });
}

/** A region code's name path for a table cell; the bare code when the region is unknown. */
export function regionLabel(options: readonly RegionOption[], code: string | null): string {
  if (!code) return "";
  return options.find((o) => o.code === code)?.label ?? code;
}
