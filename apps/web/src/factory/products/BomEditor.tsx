import { useTranslation } from "react-i18next";
import { Button } from "../../ui/Button";
import { Field } from "../../ui/Field";
import { NumberField } from "../../ui/NumberField";

/** A BOM line as typed: numbers stay text until the form is submitted. */
export interface BomRow {
  /** Stable React key; rows can be removed from the middle. */
  key: string;
  componentCode: string;
  componentName: string;
  unit: string;
  qtyPerUnit: string;
  unitCostYuan: string;
}

export function emptyBomRow(): BomRow {
  return {
    key: crypto.randomUUID(),
    componentCode: "",
    componentName: "",
    unit: "",
    qtyPerUnit: "1",
    unitCostYuan: "0.00",
  };
}

/** Editable BOM rows; errors are keyed like the API names them ("bom.2.qtyPerUnit"). */
export function BomEditor({
  rows,
  onChange,
  errors,
}: {
  rows: BomRow[];
  onChange(rows: BomRow[]): void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation("factory");
  const update = (i: number, patch: Partial<BomRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }} data-testid="bom-editor">
      <legend className="visually-hidden">{t("product.bom")}</legend>
      {errors.bom && (
        <p className="form-error" role="alert">
          {errors.bom}
        </p>
      )}
      {rows.map((row, i) => (
        <div key={row.key} className="card" style={{ padding: 12 }} data-testid={`bom-row-${i}`}>
          <div className="form-row">
            <Field
              label={t("product.componentCode", { n: i + 1 })}
              value={row.componentCode}
              onChange={(e) => update(i, { componentCode: e.target.value })}
              error={errors[`bom.${i}.componentCode`] ?? errors[`bom.${i}`]}
              autoCapitalize="characters"
            />
            <Field
              label={t("product.componentName", { n: i + 1 })}
              value={row.componentName}
              onChange={(e) => update(i, { componentName: e.target.value })}
              error={errors[`bom.${i}.componentName`]}
            />
            <Field
              label={t("product.unit", { n: i + 1 })}
              value={row.unit}
              onChange={(e) => update(i, { unit: e.target.value })}
              error={errors[`bom.${i}.unit`]}
              placeholder={t("product.unitPlaceholder")}
            />
            <NumberField
              label={t("product.qtyPerUnit", { n: i + 1 })}
              value={row.qtyPerUnit}
              onChange={(v) => update(i, { qtyPerUnit: v })}
              error={errors[`bom.${i}.qtyPerUnit`]}
            />
            <NumberField
              label={t("product.unitCost", { n: i + 1 })}
              mode="decimal"
              value={row.unitCostYuan}
              onChange={(v) => update(i, { unitCostYuan: v })}
              error={errors[`bom.${i}.unitCostFen`]}
              hint={i === 0 ? t("product.unitCostHint") : undefined}
            />
          </div>
          <Button
            variant="ghost"
            disabled={rows.length === 1}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label={t("product.removeLine", { n: i + 1 })}
          >
            {t("common:action.remove")}
          </Button>
        </div>
      ))}
      <Button onClick={() => onChange([...rows, emptyBomRow()])}>{t("product.addLine")}</Button>
    </fieldset>
  );
}
