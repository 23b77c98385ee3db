/** Counts of 1 or 2 people in a village can identify them; exports show them as suppressed. */
export const SMALL_COUNT_THRESHOLD = 3;

export function isSmallCount(n: number): boolean {
  return n > 0 && n < SMALL_COUNT_THRESHOLD;
}

/**
 * A village row of 1–2 people reveals individual earnings too, so every figure of such a row is
 * suppressed; in a larger row only the small sub-counts (脱贫, 监测对象, new) are.
 */
export function suppressSmallCounts<T extends Record<string, number | string | null>>(
  row: T,
  peopleKey: keyof T,
  countKeys: readonly (keyof T)[],
  figureKeys: readonly (keyof T)[],
): { [K in keyof T]: T[K] | null } {
  const out: { [K in keyof T]: T[K] | null } = { ...row };
  const people = Number(row[peopleKey]);
  if (isSmallCount(people)) {
    for (const k of [peopleKey, ...countKeys, ...figureKeys]) out[k] = null;
    return out;
  }
  for (const k of countKeys) if (isSmallCount(Number(row[k]))) out[k] = null;
  return out;
}

/** 张三丰 → 张*丰, 李四 → 李*: enough to recognise on a list, not to identify. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function maskIdNumber(last4: string | null): string | null {
  return last4 ? `**************${last4}` : null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** Resident identity number (GB 11643): 18 characters, valid birth date and check digit. */
export function isValidIdNumber(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const parsed = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birth) return false;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17];
}

export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}
