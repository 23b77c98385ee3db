import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { useSession } from "../app/session";
import { PrintButton } from "../factory/PrintButton";
import { QrImage } from "../factory/shipments/QrImage";
import { formatDateTime } from "../lib/format";
import { EmptyState } from "../ui/EmptyState";
import type { IssuedCode } from "../workforce/SignInCodeDialog";
import "../workforce/workforce.css";

type Slip = IssuedCode & { workerName: string };

function isSlip(state: unknown): state is Slip {
  return typeof state === "object" && state !== null && "code" in state && "signInUrl" in state;
}

/**
 * The slip a lead prints and hands a worker: its code and a QR that opens the sign-in page with its
 * phone number filled in. The code travels in the page's history state only, never in a URL.
 */
export function Component() {
  const { t } = useTranslation("workforce");
  const { user } = useSession();
  const { state } = useLocation();
  if (!isSlip(state)) {
    return (
      <EmptyState title={t("access.slipMissing")}>
        <Link className="btn" to="/workforce">
          {t("nav.roster")}
        </Link>
      </EmptyState>
    );
  }
  return (
    <>
      <div className="actions no-print" style={{ marginBottom: 12 }}>
        <PrintButton />
        <Link className="btn" to="/workforce">
          {t("nav.roster")}
        </Link>
      </div>
      <article className="doc signin-slip" aria-labelledby="slip-title" data-testid="signin-slip">
        <h1 id="slip-title">{t("access.slipTitle")}</h1>
        <dl className="terms">
          <dt>{t("access.slipWorkshop")}</dt>
          <dd>{user?.organisation?.name}</dd>
          <dt>{t("access.slipName")}</dt>
          <dd>{state.workerName}</dd>
          <dt>{t("access.slipPhone")}</dt>
          <dd className="mono">{state.phone}</dd>
        </dl>
        <p className="signin-code-label">{t("access.code")}</p>
        <p className="signin-code" data-testid="slip-code">
          {state.code}
        </p>
        <p>{t("access.expires", { date: formatDateTime(state.expiresAt) })}</p>
        <figure className="signin-slip-qr">
          <QrImage value={state.signInUrl} alt={t("access.slipQrAlt", { name: state.workerName })} className="doc-qr" />
          <figcaption>{t("access.slipSteps")}</figcaption>
        </figure>
      </article>
    </>
  );
}
