import type { RouterOutputs } from "@kitflow/api";
import { kitRemaining } from "@kitflow/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../lib/errors";
import { useIdempotencyKey } from "../../lib/idempotency";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { FormError } from "../../ui/FormError";
import { NumberField, parseWhole } from "../../ui/NumberField";
import { Select } from "../../ui/Select";
import { Table } from "../../ui/Table";
import { lineErrors } from "../lineErrors";
import type { BatchDetail } from "./types";

export type DispatchedShipment = RouterOutputs["shipments"]["dispatch"];

/** Full or partial dispatch: every line starts at what is left of the kit and can be lowered. */
export function DispatchDialog({
  batch,
  open,
  onClose,
  onDispatched,
}: {
  batch: BatchDetail;
  open: boolean;
  onClose(): void;
  onDispatched(shipment: DispatchedShipment): void;
}) {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // What is left to send of each kit line, counted as the API counts it (tolerance gains included).
  const remaining = kitRemaining(batch.kit, batch.balances);
  const [qty, setQty] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(remaining).map(([code, n]) => [code, String(n)])),
  );
  const [tripId, setTripId] = useState("");
  const [tried, setTried] = useState(false);
  const [sentCodes, setSentCodes] = useState<string[]>([]);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const trips = useQuery({ ...trpc.trips.list.queryOptions({ limit: 50 }), enabled: open });
  const dispatch = useMutation(
    trpc.shipments.dispatch.mutationOptions({
      onSuccess: async (shipment) => {
        renewKey();
        await queryClient.invalidateQueries({ queryKey: trpc.batches.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.trips.pathKey() });
        onDispatched(shipment);
      },
    }),
  );

  const apiErrors = fieldErrors(dispatch.error);
  const openTrips = (trips.data ?? []).filter((trip) => trip.status !== "arrived");

  /** Checks the lines as typed; re-run on every render once the user has tried to dispatch. */
  const check = () => {
    const problems: Record<string, string> = {};
    const lines: { componentCode: string; qty: number }[] = [];
    for (const k of batch.kit) {
      const n = parseWhole(qty[k.componentCode] ?? "");
      if (n === undefined) problems[k.componentCode] = t("form.wholeNumber");
      else if (n > (remaining[k.componentCode] ?? 0)) {
        problems[k.componentCode] = t("dispatch.tooMany", { max: remaining[k.componentCode] ?? 0 });
      } else if (n > 0) lines.push({ componentCode: k.componentCode, qty: n });
    }
    if (Object.keys(problems).length === 0 && lines.length === 0) problems.lines = t("dispatch.nothing");
    return { problems, lines };
  };
  const local = tried ? check().problems : {};
  const perLine = { ...lineErrors(apiErrors, "lines", sentCodes), ...local };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const { problems, lines } = check();
    if (Object.keys(problems).length > 0) return;
    setSentCodes(lines.map((l) => l.componentCode));
    dispatch.mutate({ batchId: batch.id, lines, tripId: tripId || undefined, idempotencyKey });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("dispatch.title", { number: batch.number })}
      data-testid="dispatch-dialog"
    >
      <form onSubmit={submit} noValidate>
        <FormError
          error={dispatch.error}
          shown={[...Object.values(perLine), apiErrors.tripId, local.lines ?? apiErrors.lines]}
        />
        {(local.lines ?? apiErrors.lines) && (
          <p className="form-error" role="alert">
            {local.lines ?? apiErrors.lines}
          </p>
        )}
        <p className="field-hint">{t("dispatch.hint")}</p>
        <Table
          rows={batch.kit}
          rowKey={(k) => k.componentCode}
          columns={[
            {
              key: "component",
              header: t("kit.component"),
              cell: (k) => (
                <span>
                  <span className="mono">{k.componentCode}</span> {k.componentName}
                </span>
              ),
            },
            {
              key: "left",
              header: t("dispatch.remaining"),
              numeric: true,
              cell: (k) => remaining[k.componentCode] ?? 0,
            },
            {
              key: "qty",
              header: t("dispatch.qty"),
              cell: (k) => (
                <NumberField
                  label={<span className="visually-hidden">{t("dispatch.qtyFor", { code: k.componentCode })}</span>}
                  value={qty[k.componentCode] ?? ""}
                  onChange={(v) => setQty((q) => ({ ...q, [k.componentCode]: v }))}
                  error={perLine[k.componentCode]}
                  data-testid={`dispatch-qty-${k.componentCode}`}
                />
              ),
            },
          ]}
        />
        <Select
          label={t("dispatch.trip")}
          value={tripId}
          onChange={(e) => setTripId(e.target.value)}
          error={apiErrors.tripId}
          hint={trips.isError ? t("dispatch.tripsFailed") : undefined}
        >
          <option value="">{t("dispatch.noTrip")}</option>
          {openTrips.map((trip) => (
            <option key={trip.id} value={trip.id}>
              {trip.number} · {trip.plannedDate} · {t(`common:tripStatus.${trip.status}`)}
              {trip.vehiclePlate ? ` · ${trip.vehiclePlate}` : ""}
            </option>
          ))}
        </Select>
        <div className="actions">
          <Button type="submit" variant="primary" busy={dispatch.isPending}>
            {t("dispatch.submit")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
