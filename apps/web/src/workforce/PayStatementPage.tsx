import { formatFen } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { Money } from "../ui/Money";
import "./workforce.css";

/** One worker's monthly pay statement (工资条), laid out to print on A4 or hand over on a phone. */
export function Component() {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const { workerId = "", month = "" } = useParams();
  const statement = useQuery(trpc.workforce.payStatement.queryOptions({ workerId, month }));
  if (statement.isPending) return <Loading />;
  if (statement.isError) return <ErrorState error={statement.error} onRetry={() => void statement.refetch()} />;
  const s = statement.data;
  return (
    <article className="doc pay-statement" data-testid="pay-statement">
      <div className="actions no-print">
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
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("pay.batch")}</th>
            <th scope="col" className="num">
              {t("pay.qty")}
            </th>
            <th scope="col" className="num">
              {t("statement.rate")}
            </th>
            <th scope="col" className="num">
              {t("pay.amount")}
            </th>
          </tr>
        </thead>
        <tbody>
          {s.lines.map((l) => (
            <tr key={`${l.batchId}-${l.pieceRateFen}`}>
              <td>
                {l.batchNumber} {l.productName}
              </td>
              <td className="num">{l.qty}</td>
              <td className="num">¥{formatFen(l.pieceRateFen)}</td>
              <td className="num">
                <Money fen={l.amountFen} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>{t("statement.total")}</td>
            <td className="num">{s.totalQty}</td>
            <td />
            <td className="num">
              <Money fen={s.totalFen} />
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="statement-sign">{t("statement.sign")}</p>
    </article>
  );
}
