import fc from "fast-check";
import { z } from "zod";

/**
 * fast-check arbitraries for a procedure's input, read from its zod schema through zod's own JSON Schema
 * export (`z.toJSONSchema`), so every bound, pattern, enum and required field the contract declares
 * shapes the inputs without a second copy of the contract here. Values are mostly valid in shape, so
 * they reach past validation into the procedure, and now and then broken at any depth (wrong type,
 * out of range, hostile text), so validation itself is tried too.
 */

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
};

/** Real record ids from the store under test, so some generated ids name records that exist. */
export interface IdPool {
  uuids: string[];
  integers: number[];
}

/** Characters people and attackers type: spreadsheet formula starts, markup, quotes, NUL and other controls, CJK. */
const HOSTILE_UNITS = [
  "=",
  "+",
  "-",
  "@",
  "\t",
  "\r",
  "\n",
  "\u0000",
  "\u001b",
  "\u007f",
  "<",
  ">",
  '"',
  "'",
  "\\",
  "%",
  ";",
  " ",
  "象",
  "湖",
  "\u{20000}",
  "\u200b",
  "\ufeff",
];

const textUnit = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_UNITS), weight: 1 },
  { arbitrary: fc.string({ minLength: 1, maxLength: 1, unit: "grapheme-ascii" }), weight: 3 },
);

/** Anything a JSON body can carry in place of a value, with the classic troublemakers weighted in. */
const brokenValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, "", " ", -1, 0, 0.5, -0.0, 1e21, 2 ** 31, 2 ** 53 + 1, "NaN", "1", true, [], {}),
  fc.constant("x".repeat(20_000)),
  fc.jsonValue({ maxDepth: 2 }),
);

function dayArbitrary(): fc.Arbitrary<string> {
  return fc
    .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
}

function stringArbitrary(schema: JsonSchema, ids: IdPool): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 60, Math.max(min, 60));
  if (schema.format === "uuid") {
    return ids.uuids.length > 0 ? fc.oneof(fc.constantFrom(...ids.uuids), fc.uuid()) : fc.uuid();
  }
  if (schema.format === "date") return dayArbitrary();
  if (schema.format === "date-time") {
    return fc
      .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY));
  }
  return fc.string({ minLength: min, maxLength: max, unit: textUnit });
}

function integerArbitrary(schema: JsonSchema, ids: IdPool): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -(2 ** 31));
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 2 ** 31);
  const inRange = ids.integers.filter((n) => n >= min && n <= max);
  const edges = fc.constantFrom(...new Set([min, max, Math.max(min, 0), Math.min(max, 1)]));
  return fc.oneof(fc.integer({ min, max }), edges, ...(inRange.length > 0 ? [fc.constantFrom(...inRange)] : []));
}

function numberArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e9;
  const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e9;
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function objectArbitrary(schema: JsonSchema, ids: IdPool, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  if (keys.length === 0) {
    if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
      return fc.dictionary(
        fc.string({ minLength: 1, maxLength: 8 }),
        valueArbitrary(schema.additionalProperties, ids, depth + 1),
        { maxKeys: 3 },
      );
    }
    return fc.constant({});
  }
  const shape = Object.fromEntries(keys.map((k) => [k, valueArbitrary(properties[k] as JsonSchema, ids, depth + 1)]));
  return fc.record(shape, { requiredKeys: schema.required ?? [] });
}

/** A mostly valid value for the schema, broken at this node about one time in ten. */
export function valueArbitrary(schema: JsonSchema, ids: IdPool, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: validArbitrary(schema, ids, depth), weight: 9 }, { arbitrary: brokenValue, weight: 1 });
}

function validArbitrary(schema: JsonSchema, ids: IdPool, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validArbitrary(s, ids, depth)));
  if (schema.allOf) return validArbitrary(Object.assign({}, ...schema.allOf), ids, depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return stringArbitrary(schema, ids);
    case "integer":
      return integerArbitrary(schema, ids);
    case "number":
      return numberArbitrary(schema);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const item = schema.items ? valueArbitrary(schema.items, ids, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      const minLength = schema.minItems ?? 0;
      return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case "object":
      return objectArbitrary(schema, ids, depth);
    default:
      return depth > 3 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * Inputs for a procedure whose tRPC definition declares the given zod input parsers (none: `undefined`).
 * A procedure with several `.input()` calls merges them as tRPC does, so their object schemas are merged.
 */
export function inputArbitrary(parsers: unknown[], ids: IdPool): fc.Arbitrary<unknown> {
  if (parsers.length === 0) return fc.constantFrom(undefined, {}, null);
  const schemas = parsers.map(
    (p) => z.toJSONSchema(p as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema,
  );
  const merged: JsonSchema =
    schemas.length === 1
      ? (schemas[0] as JsonSchema)
      : {
          type: "object",
          properties: Object.assign({}, ...schemas.map((s) => s.properties ?? {})),
          required: schemas.flatMap((s) => s.required ?? []),
        };
  return fc.oneof({ arbitrary: valueArbitrary(merged, ids), weight: 19 }, { arbitrary: brokenValue, weight: 1 });
}
