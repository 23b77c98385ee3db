import { computeKit } from "@kitflow/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { fieldErrors } from "../../lib/errors";
import { dayOf } from "../../lib/format";
import { useIdempotencyKey } from "../../lib/idempotency";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { DateField } from "../../ui/DateField";
import { EmptyState } from "../../ui/EmptyState";
import { ErrorState } from "../../ui/ErrorState";
import { Field } from "../../ui/Field";
import { FormError } from "../../ui/FormError";
import { Loading } from "../../ui/Loading";
import { NumberField, parseWhole } from "../../ui/NumberField";
import { PageHeader } from "../../ui/PageHeader";
import { Select } from "../../ui/Select";
import { Table } from "../../ui/Table";

/** Percent with at most two decimals ("2", "2.5"), as the API takes it. */
function parsePercent(text: string): number | undefined {
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

export function Component() {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const partners = useQuery(trpc.partners.list.queryOptions());
  const products = useQuery(trpc.catalog.listProducts.queryOptions());
  const [workshopId, setWorkshopId] = useState("");
  const [productId, setProductId] = useState("");
  const [quantity, setQuantity] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [allowance, setAllowance] = useState("2");
  const [tolerance, setTolerance] = useState("1");
  const [note, setNote] = useState("");
  const [tried, setTried] = useState(false);
  const [idempotencyKey] = useIdempotencyKey();
  const create = useMutation(
    trpc.batches.create.mutationOptions({
      onSuccess: async (batch) => {
        await queryClient.invalidateQueries({ queryKey: trpc.batches.list.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.partners.list.queryKey() });
        navigate(`/factory/batches/${batch.id}`);
      },
    }),
  );

  if (partners.isPending || products.isPending) return <Loading />;
  if (partners.isError) return <ErrorState error={partners.error} onRetry={() => void partners.refetch()} />;
  if (products.isError) return <ErrorState error={products.error} onRetry={() => void products.refetch()} />;

  const workshops = partners.data.filter((p) => p.kind === "workshop");
  if (products.data.length === 0) {
    return (
      <EmptyState title={t("newBatch.noProducts")}>
        <Link to="/factory/products/new">{t("products.new")}</Link>
      </EmptyState>
    );
  }

  const workshop = workshops.find((w) => w.id === workshopId);
  const product = products.data.find((p) => p.id === productId);
  const qty = parseWhole(quantity);
  const allowancePct = parsePercent(allowance);
  const kit = product && qty && qty > 0 && allowancePct !== undefined ? computeKit(product.bom, qty, allowancePct) : [];
  const tolerancePct = parsePercent(tolerance);

  /** Checks the form as typed; re-run on every render once the user has tried to save. */
  const check = () => {
    const problems: Record<string, string> = {};
    if (!workshopId) problems.workshopId = t("form.required");
    if (!productId) problems.productId = t("form.required");
    if (!qty || qty < 1) problems.quantity = t("form.wholeAtLeastOne");
    if (allowancePct === undefined) problems.allowancePct = t("form.percent");
    if (tolerancePct === undefined) problems.tolerancePct = t("form.percent");
    return problems;
  };
  const errors = { ...fieldErrors(create.error), ...(tried ? check() : {}) };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(check()).length > 0 || !qty || allowancePct === undefined || tolerancePct === undefined) return;
    create.mutate({
      workshopId,
      productId,
      quantity: qty,
      dueDate: dueDate || undefined,
      allowancePct,
      tolerancePct,
      note: note.trim() || undefined,
      idempotencyKey,
    });
  };

  const loadDays =
    workshop?.dailyCapacity && workshop.dailyCapacity > 0
      ? Math.ceil(((workshop.openUnits ?? 0) + (qty ?? 0)) / workshop.dailyCapacity)
      : undefined;

  return (
    <>
      <PageHeader title={t("newBatch.title")} subtitle={t("newBatch.subtitle")} />
      <form onSubmit={submit} noValidate className="grid-2">
        <Card title={t("newBatch.terms")}>
          <FormError error={create.error} shown={Object.values(errors)} />
          <Select
            label={t("batch.workshop")}
            value={workshopId}
            onChange={(e) => setWorkshopId(e.target.value)}
            error={errors.workshopId}
            required
            hint={
              workshop
                ? t("newBatch.capacity", {
                    capacity: workshop.dailyCapacity ?? "—",
                    open: workshop.openUnits ?? 0,
                    days: loadDays ?? "—",
                  })
                : undefined
            }
          >
            <option value="">{t("form.choose")}</option>
            {workshops.map((w) => (
              <option key={w.id} value={w.id}>
                {t("newBatch.workshopOption", {
                  name: w.shortName ?? w.name,
                  capacity: w.dailyCapacity ?? "—",
                  open: w.openUnits ?? 0,
                })}
              </option>
            ))}
          </Select>
          <Select
            label={t("batch.product")}
            value={productId}
            onChange={(e) => setProductId(e.target.value)}
            error={errors.productId}
            required
          >
            <option value="">{t("form.choose")}</option>
            {products.data.map((p) => (
              <option key={p.id} value={p.id}>
                {p.code} · {p.name}
              </option>
            ))}
          </Select>
          <div className="form-row">
            <NumberField
              label={t("batch.quantity")}
              value={quantity}
              onChange={setQuantity}
              error={errors.quantity}
              required
              min={1}
            />
            <DateField
              label={t("batch.dueDate")}
              value={dueDate}
              min={dayOf()}
              onChange={(e) => setDueDate(e.target.value)}
              error={errors.dueDate}
            />
          </div>
          <div className="form-row">
            <NumberField
              label={t("batch.allowancePct")}
              mode="decimal"
              value={allowance}
              onChange={setAllowance}
              error={errors.allowancePct}
              hint={t("newBatch.allowanceHint")}
            />
            <NumberField
              label={t("batch.tolerancePct")}
              mode="decimal"
              value={tolerance}
              onChange={setTolerance}
              error={errors.tolerancePct}
              hint={t("newBatch.toleranceHint")}
            />
          </div>
          <Field label={t("batch.note")} value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} />
          <div className="actions">
            <Button type="submit" variant="primary" busy={create.isPending}>
              {t("newBatch.submit")}
            </Button>
            <Link className="btn" to="/factory/batches">
              {t("common:action.cancel")}
            </Link>
          </div>
        </Card>
        <Card title={t("newBatch.kitPreview")} aria-live="polite" data-testid="kit-preview">
          {kit.length === 0 ? (
            <EmptyState title={t("newBatch.kitPreviewEmpty")} />
          ) : (
            <>
              <p>
                {t("newBatch.kitSummary", {
                  product: product?.name,
                  qty,
                  allowance: allowancePct,
                })}
              </p>
              <Table
                rows={kit}
                rowKey={(k) => k.componentCode}
                columns={[
                  {
                    key: "code",
                    header: t("kit.component"),
                    cell: (k) => <span className="mono">{k.componentCode}</span>,
                  },
                  { key: "name", header: t("kit.name"), cell: (k) => k.componentName },
                  { key: "per", header: t("kit.qtyPerUnit"), numeric: true, cell: (k) => k.qtyPerUnit },
                  { key: "kit", header: t("kit.kitQty"), numeric: true, cell: (k) => `${k.kitQty} ${k.unit}` },
                ]}
              />
            </>
          )}
        </Card>
      </form>
    </>
  );
}
