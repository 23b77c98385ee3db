import type { TFunction } from "i18next";

/**
 * An audit row's action in the reader's language. Actions are procedure paths ("batches.close"); one
 * recorded before a label existed still shows, as its path.
 */
export function actionLabel(t: TFunction<"admin">, action: string): string {
  return t(`auditActions.${action}` as "auditActions.batches.close", { defaultValue: action });
}
