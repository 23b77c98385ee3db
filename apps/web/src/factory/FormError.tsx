import { errorMessage } from "../lib/errors";

/**
 * The API error of a form, unless every problem it names is already shown beside its field.
 * `shown` are the field paths the form displays.
 */
export function FormError({ error, shown }: { error: unknown; shown: Record<string, string | undefined> }) {
  if (!error) return null;
  const fieldsShown = Object.values(shown).some(Boolean);
  if (fieldsShown) return null;
  return (
    <p className="form-error" role="alert" data-testid="form-error">
      {errorMessage(error)}
    </p>
  );
}
