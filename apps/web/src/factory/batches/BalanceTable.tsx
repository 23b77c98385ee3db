import { accountedOf, suppliedOf } from "@kitflow/domain";
import { useTranslation } from "react-i18next";
import { Table } from "../../ui/Table";
import type { Balance, KitLine } from "./types";

/**
 * Per-component balance with the conservation check spelled out, so anyone can see that
 * dispatched + surplus = in transit + at workshop + consumed + scrapped + lost + returned unused.
 */
export function BalanceTable({ kit, balances }: { kit: readonly KitLine[]; balances: readonly Balance[] }) {
  const { t } = useTranslation("factory");
  const kitOf = new Map(kit.map((k) => [k.componentCode, k]));
  const allBalanced = balances.every((b) => accountedOf(b) === suppliedOf(b));
  return (
    <>
      <p className="field-hint">{t("balance.rule")}</p>
      <Table
        data-testid="balance-table"
        rows={balances}
        rowKey={(b) => b.componentCode}
        columns={[
          {
            key: "component",
            header: t("kit.component"),
            cell: (b) => (
              <span>
                <span className="mono">{b.componentCode}</span> {kitOf.get(b.componentCode)?.componentName}
              </span>
            ),
          },
          { key: "kit", header: t("kit.kitQty"), numeric: true, cell: (b) => kitOf.get(b.componentCode)?.kitQty ?? 0 },
          { key: "dispatched", header: t("balance.dispatched"), numeric: true, cell: (b) => b.dispatched },
          // Of what was dispatched: from the kit, and replacements (补料) sent apart from it.
          {
            key: "fromKit",
            header: t("balance.fromKit"),
            numeric: true,
            cell: (b) => <span data-testid={`balance-kit-${b.componentCode}`}>{b.dispatched - b.replaced}</span>,
          },
          {
            key: "replaced",
            header: t("balance.replaced"),
            numeric: true,
            cell: (b) => (
              <span className={b.replaced > 0 ? "diff" : undefined} data-testid={`balance-replaced-${b.componentCode}`}>
                {b.replaced}
              </span>
            ),
          },
          {
            key: "surplus",
            header: t("balance.surplus"),
            numeric: true,
            cell: (b) => <span className={b.surplus > 0 ? "diff" : undefined}>{b.surplus}</span>,
          },
          { key: "inTransit", header: t("balance.inTransit"), numeric: true, cell: (b) => b.inTransit },
          { key: "atWorkshop", header: t("balance.atWorkshop"), numeric: true, cell: (b) => b.atWorkshop },
          { key: "consumed", header: t("balance.consumed"), numeric: true, cell: (b) => b.consumed },
          { key: "scrapped", header: t("balance.scrapped"), numeric: true, cell: (b) => b.scrapped },
          { key: "lost", header: t("balance.lost"), numeric: true, cell: (b) => b.lost },
          { key: "returnedUnused", header: t("balance.returnedUnused"), numeric: true, cell: (b) => b.returnedUnused },
          {
            key: "check",
            header: t("balance.check"),
            numeric: true,
            cell: (b) => {
              const sum = accountedOf(b);
              const ok = sum === suppliedOf(b);
              return (
                <span className={ok ? "check-ok" : "check-bad"} data-testid={`balance-check-${b.componentCode}`}>
                  {ok ? "✓" : "✗"} {b.dispatched}
                  {b.surplus > 0 && ` + ${b.surplus}`} {ok ? "=" : "≠"} {sum}
                  {b.gained > 0 && <span className="field-hint"> ({t("balance.gained", { qty: b.gained })})</span>}
                </span>
              );
            },
          },
        ]}
      />
      <p className={allBalanced ? "check-ok" : "check-bad"} role="status" data-testid="balance-summary">
        {allBalanced ? t("balance.allBalanced") : t("balance.notBalanced")}
      </p>
    </>
  );
}
