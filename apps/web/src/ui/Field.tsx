import type { InputHTMLAttributes, ReactNode } from "react";
import { FieldMessages, useFieldWiring } from "./field-frame";

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: ReactNode;
  /** Shown below the input and announced with it. */
  error?: string;
  hint?: ReactNode;
  id?: string;
}

/** Label, input and its error text, wired with aria-invalid / aria-describedby. */
export function Field({ label, error, hint, id, className, ...input }: FieldProps) {
  const wiring = useFieldWiring({ id, hint, error });
  return (
    <div className={["field", className].filter(Boolean).join(" ")}>
      <label htmlFor={wiring.controlId}>{label}</label>
      <input {...wiring.controlProps} {...input} />
      <FieldMessages hint={hint} hintId={wiring.hintId} error={error} errorId={wiring.errorId} />
    </div>
  );
}
