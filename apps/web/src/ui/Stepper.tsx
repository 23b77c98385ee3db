import { type KeyboardEvent, type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FieldMessages, useFieldWiring } from "./field-frame";

export interface StepperProps {
  label: ReactNode;
  /** Plain-text name for the − / + buttons ("Decrease <name>"), since `label` may be rich. */
  name: string;
  value: number;
  onChange(value: number): void;
  min?: number;
  max?: number;
  error?: string;
  hint?: ReactNode;
  disabled?: boolean;
  "data-testid"?: string;
}

function clamp(n: number, min: number, max: number | undefined): number {
  return Math.max(min, max === undefined ? n : Math.min(max, n));
}

/**
 * − / number / + for counting on a phone with one thumb: big targets, the number can also be typed
 * (counts in the hundreds), arrow keys step it for keyboard users.
 */
export function Stepper({ label, name, value, onChange, min = 0, max, error, hint, disabled, ...rest }: StepperProps) {
  const { t } = useTranslation("lead");
  const wiring = useFieldWiring({ hint, error });
  const [text, setText] = useState(String(value));
  // Follow the value when the parent changes it (a − / + tap, a reset), not while the lead is typing.
  useEffect(() => {
    setText((current) => (current.trim() === "" && value === min ? current : String(value)));
  }, [value, min]);

  const set = (n: number) => onChange(clamp(n, min, max));
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowUp") {
      e.preventDefault();
      set(value + 1);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      set(value - 1);
    }
  };
  return (
    <div className="field stepper" data-testid={rest["data-testid"]}>
      <label htmlFor={wiring.controlId}>{label}</label>
      <div className="stepper-row">
        <button
          type="button"
          className="btn stepper-btn"
          aria-label={t("stepper.decrease", { name })}
          onClick={() => set(value - 1)}
          disabled={disabled || value <= min}
        >
          −
        </button>
        <input
          {...wiring.controlProps}
          className="stepper-input"
          role="spinbutton"
          type="text"
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete="off"
          aria-valuenow={value}
          aria-valuemin={min}
          aria-valuemax={max}
          disabled={disabled}
          value={text}
          onKeyDown={onKeyDown}
          onChange={(e) => {
            const typed = e.target.value.replace(/\D/g, "");
            if (typed === "") {
              setText("");
              onChange(min);
              return;
            }
            const n = clamp(Number(typed), min, max);
            setText(String(n));
            onChange(n);
          }}
          onBlur={() => setText(String(value))}
        />
        <button
          type="button"
          className="btn stepper-btn"
          aria-label={t("stepper.increase", { name })}
          onClick={() => set(value + 1)}
          disabled={disabled || (max !== undefined && value >= max)}
        >
          +
        </button>
      </div>
      <FieldMessages hint={hint} hintId={wiring.hintId} error={error} errorId={wiring.errorId} />
    </div>
  );
}
