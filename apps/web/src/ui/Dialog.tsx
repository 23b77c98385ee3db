import { type ReactNode, useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";

export interface DialogProps {
  open: boolean;
  title: ReactNode;
  onClose(): void;
  children: ReactNode;
  /** For a dialog whose body is a table of several columns, which the usual width squeezes. */
  wide?: boolean;
  "data-testid"?: string;
}

/** The native <dialog>: modal, focus-trapping and closed by Escape without any library. */
export function Dialog({ open, title, onClose, children, wide, ...rest }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation("common");

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={wide ? "dialog dialog-wide" : "dialog"}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      data-testid={rest["data-testid"]}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-ghost dialog-close" onClick={onClose} aria-label={t("action.close")}>
          ×
        </button>
      </header>
      {open && <div className="dialog-body">{children}</div>}
    </dialog>
  );
}
