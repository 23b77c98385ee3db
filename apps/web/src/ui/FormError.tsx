import { errorMessage, fieldErrors } from "../lib/errors";

/**
 * What a failed submit says that the form does not already show beside a field: the problems named
 * for fields this form has no place for, or, when the API named no field at all (CONFLICT, network),
 * its message. `problems` are the API's field errors unless the form checked the input itself first;
 * `shown` are the error texts the form displays beside its fields (forms key line errors by component,
 * not by the path the API names, so a problem counts as shown by its text).
 * A rule violation's sentence stands alone; an input issue is prefixed with the field it concerns.
 */
export function FormError({
  error,
  problems = fieldErrors(error),
  shown = [],
}: {
  error: unknown;
  problems?: Readonly<Record<string, string>>;
  shown?: readonly (string | undefined)[];
}) {
  const displayed = shown.filter(Boolean);
  const whole = error ? errorMessage(error) : "";
  const unshown = Object.entries(problems).filter(([, text]) => !displayed.includes(text));
  const text =
    unshown.length > 0
      ? unshown.map(([path, message]) => (message === whole ? message : `${path}: ${message}`)).join("; ")
      : Object.keys(problems).length === 0 && displayed.length === 0
        ? whole
        : "";
  if (!text) return null;
  return (
    <p className="form-error" role="alert" data-testid="form-error">
      {text}
    </p>
  );
}
