import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { fieldErrors } from "../../lib/errors";
import { useIdempotencyKey } from "../../lib/idempotency";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { ErrorState } from "../../ui/ErrorState";
import { Field } from "../../ui/Field";
import { FormError } from "../../ui/FormError";
import { Loading } from "../../ui/Loading";
import { fenToYuanText, NumberField, parseWhole, yuanToFen } from "../../ui/NumberField";
import { PageHeader } from "../../ui/PageHeader";
import { BomEditor, type BomRow, emptyBomRow } from "./BomEditor";

type Product = RouterOutputs["catalog"]["getProduct"];

/** Create (no :productId) or edit a product; batches already created keep their own copy of the kit. */
export function Component() {
  const { productId } = useParams();
  const trpc = useTRPC();
  const product = useQuery({
    ...trpc.catalog.getProduct.queryOptions({ id: productId ?? "" }),
    enabled: Boolean(productId),
  });
  if (productId && product.isPending) return <Loading />;
  if (productId && product.isError) return <ErrorState error={product.error} onRetry={() => void product.refetch()} />;
  return <ProductForm key={productId ?? "new"} product={productId ? product.data : undefined} />;
}

function ProductForm({ product }: { product: Product | undefined }) {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(product?.code ?? "");
  const [name, setName] = useState(product?.name ?? "");
  const [rate, setRate] = useState(product ? fenToYuanText(product.pieceRateFen) : "");
  const [rejectDeduction, setRejectDeduction] = useState(product ? fenToYuanText(product.rejectDeductionFen) : "0");
  const [bom, setBom] = useState<BomRow[]>(
    product
      ? product.bom.map((l) => ({
          key: crypto.randomUUID(),
          componentCode: l.componentCode,
          componentName: l.componentName,
          unit: l.unit,
          qtyPerUnit: String(l.qtyPerUnit),
          unitCostYuan: fenToYuanText(l.unitCostFen),
        }))
      : [emptyBomRow()],
  );
  const [tried, setTried] = useState(false);
  const [idempotencyKey] = useIdempotencyKey();
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() });
    navigate("/factory/products");
  };
  const create = useMutation(trpc.catalog.createProduct.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.catalog.updateProduct.mutationOptions({ onSuccess }));
  const mutation = product ? update : create;

  /** Parses the form as typed; re-run on every render once the user has tried to save. */
  const check = () => {
    const problems: Record<string, string> = {};
    const pieceRateFen = yuanToFen(rate);
    const rejectDeductionFen = yuanToFen(rejectDeduction);
    if (pieceRateFen === undefined) problems.pieceRateFen = t("form.yuan");
    if (rejectDeductionFen === undefined) problems.rejectDeductionFen = t("form.yuan");
    const lines = bom.map((row, i) => {
      const qtyPerUnit = parseWhole(row.qtyPerUnit);
      const unitCostFen = yuanToFen(row.unitCostYuan);
      if (!qtyPerUnit) problems[`bom.${i}.qtyPerUnit`] = t("form.wholeAtLeastOne");
      if (unitCostFen === undefined) problems[`bom.${i}.unitCostFen`] = t("form.yuan");
      return {
        componentCode: row.componentCode.trim(),
        componentName: row.componentName.trim(),
        unit: row.unit.trim(),
        qtyPerUnit: qtyPerUnit ?? 0,
        unitCostFen: unitCostFen ?? 0,
      };
    });
    return { problems, pieceRateFen, rejectDeductionFen, lines };
  };
  const errors = { ...fieldErrors(mutation.error), ...(tried ? check().problems : {}) };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const { problems, pieceRateFen, rejectDeductionFen, lines } = check();
    if (Object.keys(problems).length > 0 || pieceRateFen === undefined || rejectDeductionFen === undefined) return;
    const fields = { code: code.trim(), name: name.trim(), pieceRateFen, rejectDeductionFen, bom: lines };
    if (product) update.mutate({ id: product.id, ...fields, idempotencyKey });
    else create.mutate({ ...fields, idempotencyKey });
  };

  return (
    <>
      <PageHeader
        title={product ? t("products.editTitle", { code: product.code }) : t("products.newTitle")}
        subtitle={product ? t("products.editHint") : undefined}
      />
      <form onSubmit={submit} noValidate>
        <Card title={t("product.details")}>
          <FormError error={mutation.error} shown={Object.values(errors)} />
          <div className="form-row">
            <Field
              label={t("product.code")}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={errors.code}
              required
            />
            <Field
              label={t("product.name")}
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={errors.name}
              required
            />
            <NumberField
              label={t("product.pieceRateYuan")}
              mode="decimal"
              value={rate}
              onChange={setRate}
              error={errors.pieceRateFen}
              hint={t("product.pieceRateHint")}
              required
            />
            <NumberField
              label={t("product.rejectDeductionYuan")}
              mode="decimal"
              value={rejectDeduction}
              onChange={setRejectDeduction}
              error={errors.rejectDeductionFen}
              hint={t("product.rejectDeductionHint")}
            />
          </div>
        </Card>
        <Card title={t("product.bom")}>
          <BomEditor rows={bom} onChange={setBom} errors={errors} />
        </Card>
        <div className="actions">
          <Button type="submit" variant="primary" busy={mutation.isPending}>
            {t("common:action.save")}
          </Button>
          <Link className="btn" to="/factory/products">
            {t("common:action.cancel")}
          </Link>
        </div>
      </form>
    </>
  );
}
