import { formatMoney } from "../lib/format";

/** Integer fen shown as ¥123.45; money never passes through a float. */
export function Money({ fen, className }: { fen: number; className?: string }) {
  return (
    <span className={["money", className].filter(Boolean).join(" ")} data-fen={fen}>
      {formatMoney(fen)}
    </span>
  );
}
