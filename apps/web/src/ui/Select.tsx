import type { ReactNode, SelectHTMLAttributes } from "react";
import { FieldMessages, useFieldWiring } from "./field-frame";

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  id?: string;
  children: ReactNode;
}

export function Select({ label, error, hint, id, className, children, ...select }: SelectProps) {
  const wiring = useFieldWiring({ id, hint, error });
  return (
    <div className={["field", className].filter(Boolean).join(" ")}>
      <label htmlFor={wiring.controlId}>{label}</label>
      <select {...wiring.controlProps} {...select}>
        {children}
      </select>
      <FieldMessages hint={hint} hintId={wiring.hintId} error={error} errorId={wiring.errorId} />
    </div>
  );
}
