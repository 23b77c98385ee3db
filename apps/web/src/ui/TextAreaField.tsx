import type { ReactNode, TextareaHTMLAttributes } from "react";
import { FieldMessages, useFieldWiring } from "./field-frame";

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  id?: string;
}

/** A labelled multi-line input (notes on receipts and returns) with its error text. */
export function TextAreaField({ label, error, hint, id, className, ...textarea }: TextAreaFieldProps) {
  const wiring = useFieldWiring({ id, hint, error });
  return (
    <div className={["field", className].filter(Boolean).join(" ")}>
      <label htmlFor={wiring.controlId}>{label}</label>
      <textarea {...wiring.controlProps} {...textarea} />
      <FieldMessages hint={hint} hintId={wiring.hintId} error={error} errorId={wiring.errorId} />
    </div>
  );
}
