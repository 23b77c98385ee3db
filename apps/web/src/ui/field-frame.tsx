import { type ReactNode, useId } from "react";

/**
 * The ids and aria attributes that tie a form control to its hint and error text, shared by
 * Field, Select and Stepper so every control announces its problem the same way.
 */
export function useFieldWiring(options: { id?: string; hint?: ReactNode; error?: string }) {
  const generated = useId();
  const controlId = options.id ?? generated;
  const hintId = options.hint ? `${controlId}-hint` : undefined;
  const errorId = options.error ? `${controlId}-error` : undefined;
  return {
    controlId,
    hintId,
    errorId,
    controlProps: {
      id: controlId,
      "aria-invalid": options.error ? true : undefined,
      "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
    },
  };
}

/** Hint and error text below a control; the error is announced when it appears. */
export function FieldMessages(props: { hint?: ReactNode; hintId?: string; error?: string; errorId?: string }) {
  return (
    <>
      {props.hint && (
        <p className="field-hint" id={props.hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="field-error" id={props.errorId} role="alert">
          {props.error}
        </p>
      )}
    </>
  );
}
