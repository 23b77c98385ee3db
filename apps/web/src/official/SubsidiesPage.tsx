import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { currentQuarter } from "../lib/periods";
import { useTRPC } from "../lib/trpc";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { Money } from "../ui/Money";
import { PageHeader } from "../ui/PageHeader";
import { ExportButtons } from "./ExportButtons";
import { QuarterSelect } from "./QuarterSelect";
import "./official.css";

/** 符合即享受: who qualifies for the per-person subsidy this quarter, and the total; nobody applies. */
export function Component() {
  const { t } = useTranslation("official");
  const trpc = useTRPC();
  const [quarter, setQuarter] = useState(currentQuarter);
  const list = useQuery(trpc.employment.subsidies.queryOptions({ quarter }));
  return (
    <>
      <PageHeader title={t("subsidies.title")} subtitle={t("subsidies.subtitle")} />
      <QuarterSelect value={quarter} onChange={setQuarter} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <div className="grid stats official-stats" data-testid="subsidy-total">
            <div className="stat">
              <div className="stat-value">
                <Money fen={list.data.totalFen} />
              </div>
              <div className="stat-label">{t("subsidies.total")}</div>
            </div>
            <div className="stat">
              <div className="stat-value">{list.data.people}</div>
              <div className="stat-label">{t("subsidies.people")}</div>
            </div>
            <div className="stat">
              <div className="stat-value">
                <Money fen={list.data.subsidyPerPersonFen} />
              </div>
              <div className="stat-label">{t("subsidies.perPerson")}</div>
            </div>
          </div>
          <Card actions={<ExportButtons table="subsidies" period={quarter} />}>
            <p className="muted">{t("subsidies.help", { date: list.data.asOf })}</p>
          </Card>
          {list.data.workshops.length === 0 ? (
            <EmptyState title={t("subsidies.none")} />
          ) : (
            list.data.workshops.map((w) => (
              <Card
                key={w.workshopId}
                title={w.name}
                actions={<Money fen={w.amountFen} />}
                data-testid="subsidy-workshop"
              >
                <ul className="official-people">
                  {w.workers.map((x) => (
                    <li key={x.workerId}>
                      <strong>{x.maskedName}</strong> <span className="muted">{x.villageName}</span>{" "}
                      {x.countedBy.map((c) => t(`countedBy.${c}`)).join("、")}
                    </li>
                  ))}
                </ul>
              </Card>
            ))
          )}
        </>
      )}
    </>
  );
}
