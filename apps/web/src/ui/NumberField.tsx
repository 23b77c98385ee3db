import type { ReactNode } from "react";
import { Field } from "./Field";

export interface NumberFieldProps {
  label: ReactNode;
  /** The text as typed, so a half-typed "1." is not lost; parse it when submitting. */
  value: string;
  onChange(value: string): void;
  error?: string;
  hint?: ReactNode;
  min?: number;
  max?: number;
  /** "decimal" for money in 元 and percentages, "numeric" for whole units. */
  mode?: "numeric" | "decimal";
  required?: boolean;
  disabled?: boolean;
  id?: string;
  name?: string;
  className?: string;
  "data-testid"?: string;
}

export function NumberField({ value, onChange, mode = "numeric", min, max, ...rest }: NumberFieldProps) {
  return (
    <Field
      {...rest}
      type="text"
      inputMode={mode}
      pattern={mode === "numeric" ? "[0-9]*" : "[0-9]*[.]?[0-9]*"}
      autoComplete="off"
      value={value}
      aria-valuemin={min}
      aria-valuemax={max}
      onChange={(e) => onChange(e.target.value.replace(/[，,\s]/g, ""))}
    />
  );
}

/** A whole number ≥ 0 from the typed text, or undefined when it is not one. */
export function parseWhole(text: string): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

/** 元 as typed ("12.5") → integer fen (1250) without floats; undefined if not a valid amount. */
export function yuanToFen(text: string): number | undefined {
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const yuan = Number(match[1]);
  const fen = Number((match[2] ?? "").padEnd(2, "0"));
  return yuan * 100 + fen;
}

/** Integer fen → "12.50" for an input's initial text. */
export function fenToYuanText(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}
