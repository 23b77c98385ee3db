import type { ReactNode } from "react";
import { formatCalendarDay, formatCalendarMonth } from "../lib/format";
import { Field, type FieldProps } from "./Field";

/**
 * A date (or month) input with the chosen day written out in the interface language beside it: the
 * browser draws the control in its own locale ("12/02/2026" in an English Chromium), so the page says
 * which day it means in words the person reads ("2026年12月2日星期三").
 */
export function DateField({
  type = "date",
  hint,
  value,
  ...field
}: Omit<FieldProps, "type" | "value"> & { type?: "date" | "month"; value: string }) {
  const spelled = spell(type, value);
  const hints: ReactNode =
    spelled && hint ? (
      <>
        {spelled} · {hint}
      </>
    ) : (
      (spelled ?? hint)
    );
  return <Field {...field} type={type} value={value} hint={hints} />;
}

function spell(type: "date" | "month", value: string): string | undefined {
  if (type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatCalendarDay(value);
  if (type === "month" && /^\d{4}-\d{2}$/.test(value)) return formatCalendarMonth(value);
  return undefined;
}
