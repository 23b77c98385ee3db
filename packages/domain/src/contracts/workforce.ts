import { z } from "zod";
import { MONTH_KEY, PERIOD_KEY, QUARTER_KEY } from "../calendar";
import { isValidIdNumber, normaliseIdNumber } from "../workforce/privacy";
import { id, idempotencyKey, isoDate, MAX_QTY, shortText, uniqueBy } from "./common";

/* ------------------------------ roster (花名册) ------------------------------ */

export const villageCode = z.string().regex(/^\d{12}$/, "must be a 12-digit village code");
const areaCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, "must be a 6, 9 or 12-digit region code");
export const phone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, "must be a mobile (11 digits) or landline number");
export const idNumber = z
  .string()
  .trim()
  .transform(normaliseIdNumber)
  .refine(isValidIdNumber, "not a valid resident identity number (18 characters, check digit)");

const householdFlags = {
  /** 脱贫人口 */
  poorHousehold: z.boolean(),
  /** 监测对象 */
  monitored: z.boolean(),
  /** 残疾 */
  disabled: z.boolean(),
  /** 返乡 */
  returnee: z.boolean(),
};

export const workerFields = z.object({
  name: shortText(50),
  phone: phone.optional(),
  villageCode,
  ...householdFlags,
  joinedOn: isoDate,
  /** Write-only: stored as a keyed digest plus the last four characters, never shown again. */
  idNumber: idNumber.optional(),
});
export type WorkerFields = z.infer<typeof workerFields>;

export const createWorkerInput = workerFields.extend({ idempotencyKey });
export type CreateWorkerInput = z.infer<typeof createWorkerInput>;

export const updateWorkerInput = workerFields.partial().extend({ id, idempotencyKey });
export type UpdateWorkerInput = z.infer<typeof updateWorkerInput>;

export const workerLeavesInput = z.object({ id, leftOn: isoDate, idempotencyKey });

export const listWorkersInput = z.object({ includeLeft: z.boolean().default(false) }).default({ includeLeft: false });

export const SPREADSHEET_FORMATS = ["csv", "xlsx"] as const;
export type SpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];
export const spreadsheetFormat = z.enum(SPREADSHEET_FORMATS);

/** 2 MB of base64 is far more than any workshop roster. */
export const importRosterInput = z.object({
  format: spreadsheetFormat,
  contentBase64: z.base64("must be base64").min(1, "required").max(2_800_000, "file too large (at most 2 MB)"),
  idempotencyKey,
});

export const exportRosterInput = z.object({ format: spreadsheetFormat, includeLeft: z.boolean().default(true) });

/* ------------------------------ piecework (计件) ------------------------------ */

const pieceQty = z.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_QTY);

export const enterPieceworkInput = z.object({
  batchId: id,
  workDate: isoDate,
  entries: z
    .array(z.object({ workerId: id, qty: pieceQty }))
    .min(1, "at least one worker")
    .max(500, "at most 500 workers")
    .superRefine(uniqueBy((e) => e.workerId, "worker")),
  idempotencyKey,
});
export type EnterPieceworkInput = z.infer<typeof enterPieceworkInput>;

/** Reverses an entry in full; `replacementQty` books the right figure in the same step. */
export const correctPieceworkInput = z.object({
  entryId: z.number().int().positive(),
  replacementQty: pieceQty.optional(),
  reason: shortText(200),
  idempotencyKey,
});
export type CorrectPieceworkInput = z.infer<typeof correctPieceworkInput>;

export const yearMonth = z.string().regex(MONTH_KEY, "must be a month YYYY-MM");

export const listPieceworkInput = z
  .object({
    batchId: id.optional(),
    workerId: id.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .default({ limit: 200 });

export const payStatementInput = z.object({ workerId: id, month: yearMonth });
export const workshopPayInput = z.object({ month: yearMonth });

export const recordInsuranceInput = z
  .object({
    insurer: shortText(100),
    policyNumber: shortText(64),
    coversFrom: isoDate,
    coversTo: isoDate,
    idempotencyKey,
  })
  .refine((v) => v.coversFrom <= v.coversTo, {
    message: "must not end before it starts",
    path: ["coversTo"],
    params: { reason: "endsBeforeStart" },
  });

/* ------------------------------ official figures ------------------------------ */

export const periodKey = z.string().regex(PERIOD_KEY, "must be a month (2026-03), quarter (2026-Q1) or year (2026)");
export const quarterKey = z.string().regex(QUARTER_KEY, "must be a quarter such as 2026-Q1");

export const employmentOverviewInput = z.object({
  period: periodKey,
  /** A township or village inside the official's region; defaults to the whole region. */
  regionCode: areaCode.optional(),
});

/** A prefecture's official: its own prefecture and every county of it, for one period. */
export const prefectureOverviewInput = z.object({ period: periodKey });

export const employmentTrendInput = z.object({
  /** The last month shown; twelve months up to it. */
  through: yearMonth,
  months: z.number().int().min(1).max(36).default(12),
  regionCode: areaCode.optional(),
});

export const monitoringInput = z.object({ quarter: quarterKey });
export const monitoringRosterInput = z.object({ workshopId: id, quarter: quarterKey });

/** A village's people by the workshops that employ them, over a period. */
export const villageWorkshopsInput = z.object({ villageCode, period: periodKey });
/** One workshop's status history up to a quarter, insurance, roster size and piecework trend. */
export const workshopDetailInput = z.object({ workshopId: id, quarter: quarterKey });

/** `monitoring` and `absorption` are the county's forms (监测表, 吸纳脱贫人口就业情况表), one row per workshop. */
export const EMPLOYMENT_TABLES = ["townships", "villages", "trend", "monitoring", "absorption", "subsidies"] as const;
export type EmploymentTable = (typeof EMPLOYMENT_TABLES)[number];

export const employmentExportInput = z.object({
  table: z.enum(EMPLOYMENT_TABLES),
  /** A period for townships/villages/trend (trend: the year or the last month), a quarter for monitoring/absorption/subsidies. */
  period: periodKey,
  format: spreadsheetFormat,
});

/* ------------------------------ spreadsheet rows ------------------------------ */

const YES = new Set(["是", "y", "yes", "true", "1", "√", "✓"]);
const NO = new Set(["否", "n", "no", "false", "0", ""]);

const flagCell = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => YES.has(v) || NO.has(v), "must be 是 or 否")
  .transform((v) => YES.has(v));

/** Accepts 2026-03-01, 2026/3/1 and 2026.3.1, as spreadsheets write them. */
const dateCell = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
    const iso = m ? `${m[1]}-${m[2]?.padStart(2, "0")}-${m[3]?.padStart(2, "0")}` : v;
    if (!isoDate.safeParse(iso).success) {
      ctx.addIssue({ code: "custom", message: "must be a date such as 2026-03-01", params: { reason: "notADate" } });
      return z.NEVER;
    }
    return iso;
  });

/** One roster row as read from a spreadsheet: every cell a string; village by code or by name. */
export const rosterSheetRow = z.object({
  name: shortText(50),
  /** Blank, or masked as an export writes it (****…1234): nothing to store. */
  idNumber: z
    .string()
    .trim()
    .transform((v) => (v === "" || v.includes("*") ? undefined : v))
    .pipe(idNumber.optional()),
  phone: z
    .string()
    .trim()
    .transform((v) => (v === "" ? undefined : v))
    .pipe(phone.optional()),
  village: shortText(60),
  poorHousehold: flagCell,
  monitored: flagCell,
  disabled: flagCell,
  returnee: flagCell,
  joinedOn: dateCell,
  leftOn: z
    .string()
    .trim()
    .transform((v) => (v === "" ? undefined : v))
    .pipe(dateCell.optional()),
});
export type RosterSheetRow = z.infer<typeof rosterSheetRow>;

/** Column headings of the roster sheet, in order (the 花名册 officials already use). */
export const ROSTER_COLUMNS: readonly { key: keyof RosterSheetRow; heading: string; aliases: readonly string[] }[] = [
  { key: "name", heading: "姓名", aliases: ["name"] },
  { key: "idNumber", heading: "身份证号", aliases: ["身份证号码", "idnumber"] },
  { key: "phone", heading: "联系电话", aliases: ["手机号", "电话", "phone"] },
  { key: "village", heading: "所在村", aliases: ["村", "村(居)", "村代码", "village", "villagecode"] },
  { key: "poorHousehold", heading: "脱贫人口", aliases: ["是否脱贫人口", "poorhousehold"] },
  { key: "monitored", heading: "监测对象", aliases: ["是否监测对象", "monitored"] },
  { key: "disabled", heading: "残疾", aliases: ["是否残疾", "disabled"] },
  { key: "returnee", heading: "返乡", aliases: ["是否返乡", "returnee"] },
  { key: "joinedOn", heading: "入职日期", aliases: ["joinedon"] },
  { key: "leftOn", heading: "离职日期", aliases: ["lefton"] },
];
