/**
 * Every word the server may send has Chinese and English text: each refusal key (REASONS), each term a
 * refusal names, each zod issue code. A key added on the server without text here fails this file.
 */
import {
  BATCH_STATUSES,
  type BatchAction,
  ORGANISATION_KINDS,
  REASONS,
  ROLES,
  SHIPMENT_KINDS,
  THINGS,
  TRIP_STATUSES,
} from "@kitflow/domain";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import i18n from "../i18n";
import en from "../i18n/locales/en/errors.json";
import zh from "../i18n/locales/zh-CN/errors.json";
import { errorMessage, fieldErrors } from "./errors";

const LOCALES = { "zh-CN": zh, en } as const;

const ACTIONS = {
  dispatch: true,
  confirmReceipt: true,
  createReturn: true,
  inspectReturn: true,
  enterPiecework: true,
  requestReplacement: true,
  dispatchRework: true,
  receiveRework: true,
  close: true,
  cancel: true,
} satisfies Record<BatchAction, true>;

/** Every zod issue code: the Record makes a code zod adds fail to typecheck here until it is listed. */
const ZOD_CODES = {
  invalid_type: true,
  too_big: true,
  too_small: true,
  invalid_format: true,
  not_multiple_of: true,
  unrecognized_keys: true,
  invalid_union: true,
  invalid_key: true,
  invalid_element: true,
  invalid_value: true,
  custom: true,
} satisfies Record<z.core.$ZodIssue["code"], true>;

const TERMS = [
  ...THINGS,
  ...BATCH_STATUSES,
  ...TRIP_STATUSES,
  ...ROLES,
  ...ORGANISATION_KINDS,
  ...SHIPMENT_KINDS,
  ...Object.keys(ACTIONS),
  "piecework",
];

describe.each(Object.entries(LOCALES))("%s errors.json", (_lang, texts) => {
  const table = texts as unknown as Record<string, Record<string, string>>;

  it("words every refusal the server explains", () => {
    const missing = REASONS.filter((reason) => !table.reason?.[reason]?.trim());
    expect(missing).toEqual([]);
  });

  it("words every term a refusal names", () => {
    expect(TERMS.filter((term) => !table.term?.[term]?.trim())).toEqual([]);
  });

  it("words every zod issue code", () => {
    expect(Object.keys(ZOD_CODES).filter((code) => !table.zod?.[code]?.trim())).toEqual([]);
  });

  it("has no text for keys nobody sends", () => {
    expect(Object.keys(table.reason ?? {}).filter((key) => !(REASONS as readonly string[]).includes(key))).toEqual([]);
  });
});

/** An error as the tRPC client hands it over: the server's formatted shape on `data`. */
function apiError(data: Record<string, unknown>, message = "English text from the server") {
  return Object.assign(new Error(message), { data });
}

describe("translation in the Chinese UI", () => {
  beforeAll(async () => {
    await i18n.changeLanguage("zh-CN");
  });

  it("words a rule violation from its key and parameters, terms included", () => {
    const kit = apiError({
      code: "PRECONDITION_FAILED",
      field: "lines.0.qty",
      reason: "exceedsKit",
      params: { component: "PART-A", kit: 10, sent: 4, max: 6 },
    });
    expect(errorMessage(kit)).toBe("PART-A：套件共 10，已发 4，最多还能发 6；超出套件的请按补料发出并写明原因");
    expect(fieldErrors(kit)).toEqual({
      "lines.0.qty": "PART-A：套件共 10，已发 4，最多还能发 6；超出套件的请按补料发出并写明原因",
    });
    const state = apiError({
      code: "CONFLICT",
      reason: "batchState",
      params: { number: "WF-1", status: "closed", action: "cancel" },
    });
    expect(errorMessage(state)).toBe("外发单 WF-1 当前为「已结单」，不能取消");
  });

  it("words zod issues by code and parameters", () => {
    const invalid = apiError({
      code: "BAD_REQUEST",
      issues: [
        { path: "name", message: "Too small", code: "too_small", params: { origin: "string", minimum: 1 } },
        {
          path: "qty",
          message: "Too small",
          code: "too_small",
          params: { origin: "number", minimum: 0, inclusive: "false" },
        },
        { path: "note", message: "Too big", code: "too_big", params: { origin: "string", maximum: 1000 } },
        { path: "goodQty", message: "must be greater than 0", code: "custom", params: { reason: "mustBePositive" } },
      ],
    });
    expect(fieldErrors(invalid)).toEqual({
      name: "必填",
      qty: "必须大于 0",
      note: "最多 1000 个字符",
      goodQty: "必须大于 0",
    });
  });

  it("words the sign-in rate limit with the seconds to wait", () => {
    const limited = apiError({ code: "TOO_MANY_REQUESTS", reason: "tooManySignIns", params: { seconds: 42 } });
    expect(errorMessage(limited)).toBe("登录尝试过多，请 42 秒后再试");
  });

  it("falls back to the server's English only for a key it does not know", () => {
    expect(errorMessage(apiError({ code: "CONFLICT", reason: "somethingNew" }))).toBe("English text from the server");
    expect(errorMessage(apiError({ code: "INTERNAL_SERVER_ERROR" }))).toBe("服务器出错了，请稍后再试");
  });
});
