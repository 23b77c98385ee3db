import { type HTMLAttributes, type ReactNode, useId } from "react";

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, "title"> {
  title?: ReactNode;
  actions?: ReactNode;
}

/** A titled section; the title is a heading that also names the region, so screen readers can jump between cards. */
export function Card({ title, actions, className, children, ...rest }: CardProps) {
  const titleId = useId();
  return (
    <section
      className={["card", className].filter(Boolean).join(" ")}
      aria-labelledby={title ? titleId : undefined}
      {...rest}
    >
      {(title || actions) && (
        <header className="card-header">
          {title && (
            <h2 className="card-title" id={titleId}>
              {title}
            </h2>
          )}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}
