import type { BatchStatus } from "@kitflow/domain";
import { useTranslation } from "react-i18next";

/** A batch's status in the user's words (common:batchStatus.*), coloured by how far along it is. */
export function StatusBadge({ status }: { status: BatchStatus }) {
  const { t } = useTranslation("common");
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {t(`batchStatus.${status}`)}
    </span>
  );
}
