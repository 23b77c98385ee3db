import type { RouterOutputs } from "@kitflow/api";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../app/session";
import { formatCount, formatMoney } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { Money } from "../ui/Money";
import { PageHeader } from "../ui/PageHeader";
import { Select } from "../ui/Select";
import { lastMonths, thisMonth } from "../workforce/months";
import { DisputeDialog, type QuestionedEntry } from "./DisputeDialog";
import "./me.css";

type Pieces = RouterOutputs["me"]["piecework"];
type Day = Pieces["days"][number];
type Entry = Day["entries"][number];
type Pay = RouterOutputs["me"]["pay"];

function EntryRow({ entry, onAsk }: { entry: Entry; onAsk(entry: Entry): void }) {
  const { t } = useTranslation("me");
  const open = entry.questions.find((q) => !q.answeredAt);
  const isCorrection = entry.reversesEntryId !== null;
  return (
    <li className={["me-entry", entry.reversed ? "me-entry-reversed" : ""].join(" ")} data-testid="me-entry">
      <div className="me-entry-trace">
        <strong>{t("batch", { number: entry.batchNumber })}</strong> · {entry.productName} · {entry.factoryName}
      </div>
      <div className="me-entry-figures">
        <span>
          {isCorrection ? t("correction", { reason: entry.reason ?? "" }) : ""}{" "}
          {t("entryLine", { qty: entry.qty, rate: formatMoney(entry.pieceRateFen) })}
        </span>
        <Money fen={entry.amountFen} />
      </div>
      {entry.reversed && <div className="badge badge-warn">{t("reversed")}</div>}
      {entry.questions.map((q) => (
        <div key={q.id} className="me-question" data-testid="me-question">
          <div>{q.answeredAt ? t("askedAnswered", { note: q.note }) : t("askedOpen", { note: q.note })}</div>
          {q.reply && <div className="me-reply">{t("reply", { reply: q.reply })}</div>}
          {q.correctionEntryId !== null && <div className="me-reply">{t("correctedByLead")}</div>}
        </div>
      ))}
      {!isCorrection && !entry.reversed && !open && (
        <Button className="me-ask" onClick={() => onAsk(entry)} data-testid="me-ask">
          {t("ask")}
        </Button>
      )}
    </li>
  );
}

function Days({ pieces, onAsk }: { pieces: Pieces; onAsk(entry: Entry, day: Day): void }) {
  const { t } = useTranslation("me");
  if (pieces.days.length === 0) return <EmptyState title={t("noDays")} />;
  return (
    <ol className="me-days" data-testid="me-days">
      {pieces.days.map((day) => (
        <li key={day.workDate} className="me-day" data-testid="me-day" data-date={day.workDate}>
          <h3 className="me-day-head">
            <span>{day.workDate}</span>
            <span>{t("dayTotal", { qty: day.qty, amount: formatMoney(day.amountFen) })}</span>
          </h3>
          <ul className="me-entries">
            {day.entries.map((entry) => (
              <EntryRow key={entry.id} entry={entry} onAsk={(e) => onAsk(e, day)} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function Statement({ pay }: { pay: Pay }) {
  const { t } = useTranslation("me");
  return (
    <Card title={t("statement")} data-testid="me-statement">
      <p className="muted">{t("statementDays", { count: pay.daysWorked })}</p>
      <ul className="me-lines">
        {pay.lines.map((line) => (
          <li key={`${line.batchNumber}:${line.pieceRateFen}`}>
            <span>
              {t("batch", { number: line.batchNumber })} · {line.productName}
              <br />
              {t("statementLine", { qty: line.qty, rate: formatMoney(line.pieceRateFen) })}
            </span>
            <Money fen={line.amountFen} />
          </li>
        ))}
        <li className="me-total">
          <span>{t("total")}</span>
          <Money fen={pay.totalFen} />
        </li>
      </ul>
    </Card>
  );
}

function Wages({ pay }: { pay: Pay }) {
  const { t } = useTranslation("me");
  return (
    <Card title={t("wages")} data-testid="me-wages">
      {pay.payments.length === 0 ? (
        <p className="muted">{t("noWages")}</p>
      ) : (
        <ul className="me-lines">
          {pay.payments.map((p) => (
            <li key={p.id}>
              <span>{t("wageLine", { date: p.paidOn, method: t(`workforce:wages.methods.${p.method}`) })}</span>
              <Money fen={p.amountFen} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The worker's own page: pieces day by day (traced to the 外发单), the pay statement and wages paid. */
export function Component() {
  const { t } = useTranslation("me");
  const trpc = useTRPC();
  const { signOut } = useSession();
  const [now] = useState(thisMonth);
  const [month, setMonth] = useState(now);
  const [asking, setAsking] = useState<QuestionedEntry | null>(null);
  const pieces = useQuery(trpc.me.piecework.queryOptions({ month }));
  const pay = useQuery(trpc.me.pay.queryOptions({ month }));

  return (
    <div className="me-page">
      <PageHeader
        title={t("title")}
        subtitle={pieces.data ? `${pieces.data.name} · ${pieces.data.workshopName}` : undefined}
      />
      <Select label={t("month")} value={month} onChange={(e) => setMonth(e.target.value)} className="me-month">
        {lastMonths(now, 13).map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </Select>
      {pay.data && (
        <div className="me-stats" data-testid="me-stats">
          <div className="stat">
            <div className="stat-value">{formatCount(pay.data.totalQty)}</div>
            <div className="stat-label">{t("pieces")}</div>
          </div>
          <div className="stat">
            <div className="stat-value">
              <Money fen={pay.data.totalFen} />
            </div>
            <div className="stat-label">{t("earned")}</div>
          </div>
          <div className="stat">
            <div className="stat-value">
              <Money fen={pay.data.paidFen} />
            </div>
            <div className="stat-label">{t("paid")}</div>
          </div>
          <div className="stat">
            <div className="stat-value">
              <Money fen={pay.data.unpaidFen} />
            </div>
            <div className="stat-label">{t("unpaid")}</div>
          </div>
        </div>
      )}
      <section aria-labelledby="me-days-heading">
        <h2 id="me-days-heading">{t("days")}</h2>
        {pieces.isPending ? (
          <Loading />
        ) : pieces.isError ? (
          <ErrorState error={pieces.error} onRetry={() => void pieces.refetch()} />
        ) : (
          <Days pieces={pieces.data} onAsk={(entry) => setAsking(entry)} />
        )}
      </section>
      {pay.isError ? (
        <ErrorState error={pay.error} onRetry={() => void pay.refetch()} />
      ) : pay.data ? (
        <>
          <Statement pay={pay.data} />
          <Wages pay={pay.data} />
        </>
      ) : null}
      <Button className="btn-big me-signout" onClick={() => void signOut()}>
        {t("signOut")}
      </Button>
      {asking && <DisputeDialog entry={asking} onClose={() => setAsking(null)} />}
    </div>
  );
}
