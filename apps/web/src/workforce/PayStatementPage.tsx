import type { RouterOutputs } from "@kitflow/api";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { formatMoney } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { NoData } from "../offline/NoData";
import { Button } from "../ui/Button";
import { Money } from "../ui/Money";
import { type Column, Table } from "../ui/Table";
import "./workforce.css";

type Line = RouterOutputs["workforce"]["payStatement"]["lines"][number];

/** One worker's monthly pay statement (工资条), laid out to print on A4 or hand over on a phone. */
export function Component() {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const { workerId = "", month = "" } = useParams();
  const statement = useQuery(trpc.workforce.payStatement.queryOptions({ workerId, month }));
  if (!statement.data) return <NoData query={statement} />;
  const s = statement.data;
  // Through the shared Table so each cell keeps its column name when the rows stack on a phone.
  const columns: Column<Line>[] = [
    { key: "batch", header: t("pay.batch"), cell: (l) => `${l.batchNumber} ${l.productName}` },
    { key: "qty", header: t("pay.qty"), numeric: true, cell: (l) => l.qty },
    { key: "rate", header: t("statement.rate"), numeric: true, cell: (l) => formatMoney(l.pieceRateFen) },
    { key: "amount", header: t("pay.amount"), numeric: true, cell: (l) => <Money fen={l.amountFen} /> },
  ];
  return (
    <article className="doc pay-statement" data-testid="pay-statement">
      <div className="actions statement-actions no-print">
        <Link to="/workforce/pay" className="btn btn-ghost">
          {t("common:action.back")}
        </Link>
        <Button variant="primary" onClick={() => window.print()}>
          {t("common:action.print")}
        </Button>
      </div>
      <h1>{t("statement.title", { month: s.month })}</h1>
      <dl className="terms">
        <dt>{t("statement.workshop")}</dt>
        <dd>{s.workshop.name}</dd>
        <dt>{t("worker.name")}</dt>
        <dd>{s.worker.name}</dd>
        <dt>{t("worker.village")}</dt>
        <dd>{s.worker.villageName}</dd>
        <dt>{t("worker.idNumber")}</dt>
        <dd className="mono">{s.worker.idNumberMasked ?? "—"}</dd>
        <dt>{t("pay.days")}</dt>
        <dd>{s.daysWorked}</dd>
      </dl>
      <Table
        columns={columns}
        rows={s.lines}
        rowKey={(l) => `${l.batchId}-${l.pieceRateFen}`}
        footer={
          <tr>
            <td>{t("statement.total")}</td>
            <td className="num" data-label={t("pay.qty")}>
              {s.totalQty}
            </td>
            <td />
            <td className="num" data-label={t("pay.amount")}>
              <Money fen={s.totalFen} />
            </td>
          </tr>
        }
      />
      <p className="statement-sign">{t("statement.sign")}</p>
    </article>
  );
}
