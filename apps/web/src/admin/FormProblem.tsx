import { errorMessage } from "../lib/errors";

/**
 * The problems a form cannot show beside a field: an API error naming no field (CONFLICT, network), or
 * a field the form does not display. `shown` are the field paths the form renders errors for.
 */
export function FormProblem({
  error,
  errors,
  shown,
}: {
  error: unknown;
  errors: Record<string, string>;
  shown: readonly string[];
}) {
  const unshown = Object.entries(errors).filter(([path]) => !shown.includes(path));
  const text =
    unshown.length > 0
      ? unshown.map(([path, message]) => `${path}: ${message}`).join("; ")
      : error && Object.keys(errors).length === 0
        ? errorMessage(error)
        : "";
  if (!text) return null;
  return (
    <p className="form-error" role="alert" data-testid="form-error">
      {text}
    </p>
  );
}
