/**
 * The API names a bad line by its index in the array that was sent ("lines.2.qty"); the form
 * shows it beside the component that line was for.
 */
export function lineErrors(
  errors: Record<string, string>,
  prefix: string,
  sentCodes: readonly string[],
  suffix = "qty",
): Record<string, string> {
  const byCode: Record<string, string> = {};
  sentCodes.forEach((code, i) => {
    const message = errors[`${prefix}.${i}.${suffix}`] ?? (suffix === "qty" ? errors[`${prefix}.${i}`] : undefined);
    if (message) byCode[code] = message;
  });
  return byCode;
}
