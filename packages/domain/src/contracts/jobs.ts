import { z } from "zod";
import { JOB_PAY_KINDS } from "../jobs/postings";
import { normalisePhone } from "../workforce/sign-in-code";
import { id, idempotencyKey, isoDate, moneyFen, note, shortText } from "./common";
import { text } from "./text";
import { idNumber, periodKey, villageCode } from "./workforce";

/* ---------------------------------- posting ---------------------------------- */

export const jobPayKind = z.enum(JOB_PAY_KINDS);

export const jobPay = z
  .object({
    kind: jobPayKind,
    minFen: moneyFen.refine((n) => n > 0, { message: "must be greater than 0", params: { reason: "mustBePositive" } }),
    maxFen: moneyFen,
  })
  .refine((p) => p.maxFen >= p.minFen, {
    message: "must not be below the lowest pay",
    path: ["maxFen"],
    params: { reason: "payRangeReversed" },
  });
export type JobPay = z.infer<typeof jobPay>;

/**
 * A lead or factory manager posts for one of its own sites; an official (就业之家) posts for a site of a
 * factory or workshop in its region, on that firm's behalf. The shape is the same for both.
 */
export const postJobInput = z.object({
  siteId: id,
  title: shortText(40),
  pay: jobPay,
  /** Working hours in the poster's words: 8:00–17:00, 时间灵活, 可带回家做. */
  hours: shortText(60),
  headcount: z.number().int("must be a whole number").min(1, "at least 1").max(500, "at most 500"),
  description: note(500),
  idempotencyKey,
});
export type PostJobInput = z.infer<typeof postJobInput>;

export const closeJobInput = z.object({ id, idempotencyKey });

/** The postings the caller may manage (its own firm's; an official's: those in its region). */
export const myJobsInput = z.object({ status: z.enum(["open", "closed"]).optional() }).default({});

/* ------------------------------- finding (public) ------------------------------- */

export const jobPoint = z.object({
  lat: z.number().min(-90, "must be ≥ -90").max(90, "must be ≤ 90"),
  lng: z.number().min(-180, "must be ≥ -180").max(180, "must be ≤ 180"),
});

export const JOBS_PAGE_SIZE = 20;

export const searchJobsInput = z
  .object({
    /** Where the villager lives: distances run from the village's point. */
    villageCode: villageCode.optional(),
    /** The phone's location (WGS-84), used when no village is chosen. */
    point: jobPoint.optional(),
    kind: jobPayKind.optional(),
    /** The offset of the next page, as the previous page returned it. */
    cursor: z
      .string()
      .regex(/^\d{1,4}$/, "must be a cursor from a previous page")
      .optional(),
  })
  .default({});
export type SearchJobsInput = z.input<typeof searchJobsInput>;

export const getJobInput = z.object({ id });

/** A mobile number as typed (spaces, dashes, +86 allowed), stored as its 11 digits. */
export const mobilePhone = text({ max: 30 })
  .transform(normalisePhone)
  .refine((p) => /^1\d{10}$/.test(p), {
    message: "must be a mobile number (11 digits)",
    params: { reason: "notAMobile" },
  });

export const applyJobInput = z.object({
  jobId: id,
  name: shortText(30),
  phone: mobilePhone,
  villageCode,
  /** Explicit consent to share name, phone and village with the employer and the 就业之家. */
  consent: z.literal(true, {
    error: () => ({ message: "consent is needed to send the application", params: { reason: "consentNeeded" } }),
  }),
  idempotencyKey,
});
export type ApplyJobInput = z.input<typeof applyJobInput>;

/* ---------------------------------- hiring ---------------------------------- */

export const jobApplicationsInput = z.object({ jobId: id });

/** The roster's fields the application does not carry: household flags, identity number, first day. */
export const hireApplicantInput = z.object({
  applicationId: id,
  poorHousehold: z.boolean(),
  monitored: z.boolean(),
  disabled: z.boolean(),
  returnee: z.boolean(),
  joinedOn: isoDate,
  idNumber: idNumber.optional(),
  idempotencyKey,
});
export type HireApplicantInput = z.infer<typeof hireApplicantInput>;

export const declineApplicantInput = z.object({ applicationId: id, idempotencyKey });

/* --------------------------------- officials --------------------------------- */

export const jobStatsInput = z.object({ period: periodKey });
