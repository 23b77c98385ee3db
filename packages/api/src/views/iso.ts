/**
 * What a value looks like after JSON: every Date becomes its ISO string. View functions pass their
 * result through `isoDates` so that RouterOutputs says `string` exactly where the client gets one.
 */
export type Iso<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Iso<U>[]
    : T extends object
      ? { [K in keyof T]: Iso<T[K]> }
      : T;

export function isoDates<T>(value: T): Iso<T> {
  if (value instanceof Date) return value.toISOString() as Iso<T>;
  if (Array.isArray(value)) return value.map(isoDates) as Iso<T>;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isoDates(v)])) as Iso<T>;
  }
  return value as Iso<T>;
}
