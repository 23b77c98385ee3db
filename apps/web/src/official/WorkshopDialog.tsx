import type { RouterOutputs } from "@kitflow/api";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { Dialog } from "../ui/Dialog";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { usePeriodLabel } from "../ui/PeriodPicker";
import { type Column, Table } from "../ui/Table";

type Detail = RouterOutputs["employment"]["workshopDetail"];
type Quarter = Detail["history"][number];
type Policy = Detail["insurance"][number];
const BADGE = { running: "badge-ok", under_watch: "badge-warn", removed: "badge-bad" } as const;
const HIDDEN = "—";

/** One workshop of the region: status quarter by quarter, insurance, roster size and piecework trend. */
export function WorkshopDialog({
  workshopId,
  quarter,
  onClose,
}: {
  workshopId: string;
  quarter: string;
  onClose(): void;
}) {
  const { t } = useTranslation("official");
  const trpc = useTRPC();
  const periodLabel = usePeriodLabel();
  const detail = useQuery(trpc.employment.workshopDetail.queryOptions({ workshopId, quarter }));
  const historyColumns: Column<Quarter>[] = [
    { key: "quarter", header: t("period.quarter"), cell: (h) => periodLabel(h.quarter) },
    {
      key: "status",
      header: t("monitoring.status"),
      cell: (h) => (
        <span className={`badge ${BADGE[h.status]}`} data-status={h.status}>
          {t(`status.${h.status}`)}
        </span>
      ),
    },
    {
      key: "reason",
      header: t("monitoring.reason"),
      cell: (h) => (h.reasons.length === 0 ? HIDDEN : h.reasons.map((r) => t(`reasonShort.${r}`)).join("；")),
    },
    { key: "grace", header: t("monitoring.graceEndsOn"), cell: (h) => h.graceEndsOn ?? HIDDEN },
    { key: "roster", header: t("monitoring.onRoster"), cell: (h) => h.workersOnRoster ?? HIDDEN, numeric: true },
  ];
  const insuranceColumns: Column<Policy>[] = [
    { key: "insurer", header: t("workshop.insurer"), cell: (p) => p.insurer },
    { key: "policy", header: t("workshop.policy"), cell: (p) => <span className="mono">{p.policyNumber}</span> },
    { key: "covers", header: t("workshop.covers"), cell: (p) => `${p.coversFrom} – ${p.coversTo}` },
    { key: "current", header: "", cell: (p) => (p.current ? t("workshop.current") : "") },
  ];
  return (
    <Dialog
      open
      title={detail.data ? t("workshop.title", { name: detail.data.workshop.name }) : t("workshop.loading")}
      onClose={onClose}
      data-testid="workshop-dialog"
    >
      {detail.isPending ? (
        <Loading />
      ) : detail.isError ? (
        <ErrorState error={detail.error} />
      ) : (
        <div className="drill">
          <dl className="drill-facts">
            <div>
              <dt>{t("monitoring.status")}</dt>
              <dd>
                <span className={`badge ${BADGE[detail.data.status]}`}>{t(`status.${detail.data.status}`)}</span>
                {detail.data.graceEndsOn && ` ${t("monitoring.graceEndsOn")} ${detail.data.graceEndsOn}`}
              </dd>
            </div>
            <div>
              <dt>{t("monitoring.mode")}</dt>
              <dd>{detail.data.workshop.workshopMode ? t(`mode.${detail.data.workshop.workshopMode}`) : HIDDEN}</dd>
            </div>
            <div>
              <dt>{t("workshop.place")}</dt>
              <dd>{detail.data.workshop.place || HIDDEN}</dd>
            </div>
            <div>
              <dt>{t("workshop.roster")}</dt>
              <dd>{detail.data.workersOnRoster ?? HIDDEN}</dd>
            </div>
            <div>
              <dt>{t("monitoring.insuredUntil")}</dt>
              <dd>{detail.data.insuredUntil ?? t("monitoring.uninsured")}</dd>
            </div>
          </dl>
          <h3>{t("workshop.trend")}</h3>
          <PieceworkChart months={detail.data.trend} />
          <p className="muted">{t("workshop.trendHelp")}</p>
          <h3>{t("workshop.history")}</h3>
          <Table
            columns={historyColumns}
            rows={detail.data.history}
            rowKey={(h) => h.quarter}
            data-testid="status-history"
          />
          <h3>{t("workshop.insurance")}</h3>
          {detail.data.insurance.length === 0 ? (
            <p>{t("workshop.noInsurance")}</p>
          ) : (
            <Table
              columns={insuranceColumns}
              rows={detail.data.insurance}
              rowKey={(p) => `${p.policyNumber}-${p.coversFrom}`}
            />
          )}
        </div>
      )}
    </Dialog>
  );
}

/** Pieces (bars) and people working (line) month by month; hidden months are left empty. */
function PieceworkChart({ months }: { months: Detail["trend"] }) {
  const { t } = useTranslation("official");
  const data = months.map((m) => ({
    month: m.month,
    qty: m.qty,
    people: m.people,
    average: m.averageMonthlyEarningsFen === null ? null : formatMoney(m.averageMonthlyEarningsFen),
  }));
  return (
    <div className="official-chart drill-chart" role="img" aria-label={t("workshop.trendAria")}>
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis yAxisId="qty" allowDecimals={false} />
          <YAxis yAxisId="people" orientation="right" allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar yAxisId="qty" dataKey="qty" name={t("workshop.qty")} fill="#2f6fb0" />
          <Line yAxisId="people" dataKey="people" name={t("figure.people")} stroke="#e0a030" connectNulls={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
