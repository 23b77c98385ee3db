import type { ReactNode } from "react";

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell(row: T): ReactNode;
  /** Numbers align right so columns of counts can be compared. */
  numeric?: boolean;
}

export interface TableProps<T> {
  columns: Column<T>[];
  rows: readonly T[];
  rowKey(row: T): string;
  caption?: ReactNode;
  footer?: ReactNode;
  className?: string;
  "data-testid"?: string;
}

/** A real table on wide screens; under 600 px each row becomes a card with labelled cells (CSS data-label). */
export function Table<T>({ columns, rows, rowKey, caption, footer, className, ...rest }: TableProps<T>) {
  return (
    <div className="table-wrap">
      <table className={["table", className].filter(Boolean).join(" ")} data-testid={rest["data-testid"]}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? "num" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? "num" : undefined} data-label={textOf(c.header)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}

function textOf(node: ReactNode): string | undefined {
  return typeof node === "string" || typeof node === "number" ? String(node) : undefined;
}
