import { z } from "zod";
import { id, idempotencyKey, isoDate } from "./common";
import { text } from "./text";
import { spreadsheetFormat } from "./workforce";

/** A password an admin sets; the same rule as a new account's. */
export const accountPassword = text({ min: 10, max: 200, trim: false });

export const setUserDisabledInput = z.object({ userId: id, disabled: z.boolean(), idempotencyKey });

export const resetPasswordInput = z.object({ userId: id, password: accountPassword, idempotencyKey });

const MAX_AUDIT_DAYS = 366;

type DayRange = { from: string; to: string };
const DAY_MS = 24 * 60 * 60 * 1000;

/** Shanghai days `from` to `to`, both included; at most a year at a time. */
const auditDays = <T extends z.ZodType<DayRange>>(schema: T) =>
  schema
    .refine((v) => v.from <= v.to, {
      message: "must not end before it starts",
      path: ["to"],
      params: { reason: "endsBeforeStart" },
    })
    .refine((v) => Date.parse(v.to) - Date.parse(v.from) < MAX_AUDIT_DAYS * DAY_MS, {
      message: `at most ${MAX_AUDIT_DAYS} days at a time`,
      path: ["to"],
      params: { reason: "rangeTooLong", days: MAX_AUDIT_DAYS },
    });

export const auditLogInput = auditDays(z.object({ from: isoDate, to: isoDate }));

export const exportAuditLogInput = auditDays(z.object({ from: isoDate, to: isoDate, format: spreadsheetFormat }));
