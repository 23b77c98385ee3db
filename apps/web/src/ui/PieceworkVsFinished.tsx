import { type BatchStatus, pieceworkVsFinished } from "@kitflow/domain";
import { useTranslation } from "react-i18next";
import { formatCount } from "../lib/format";

/**
 * Piecework booked on a batch against the finished units the workshop returned ("计件 1,020 件，
 * 已交回成品 1,000 件，差 20 件"): workers are paid per piece as they work, the factory per unit
 * returned, so a difference must be seen — on both batch pages and before closing.
 */
export function PieceworkVsFinished({
  piecework,
  finished,
  status,
  warn = false,
}: {
  piecework: number;
  /** Finished units returned, good and defective. */
  finished: number;
  /** While units are still being made, piecework ahead of returns is normal; once all are back it is a difference. */
  status: BatchStatus;
  /** Shown as a warning when short (the close dialog). */
  warn?: boolean;
}) {
  const { t } = useTranslation("common");
  const figures = pieceworkVsFinished(piecework, finished);
  if (figures.piecework === 0 && figures.finished === 0) return null;
  const short = figures.shortfall > 0;
  const allBack = status === "returned" || status === "closed";
  return (
    <p
      className={short && warn ? "notice notice-warn" : short && allBack ? "diff" : "muted"}
      role={short && warn ? "alert" : undefined}
      data-testid="piecework-vs-finished"
      data-shortfall={figures.shortfall}
    >
      {t(short ? "piecework.vsFinishedShort" : "piecework.vsFinished", {
        piecework: formatCount(figures.piecework),
        finished: formatCount(figures.finished),
        shortfall: formatCount(figures.shortfall),
      })}
      {short && warn && ` ${t("piecework.settleBeforeClosing")}`}
    </p>
  );
}
