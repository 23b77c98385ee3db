import type { RouterOutputs } from "@kitflow/api";
import { kitRemaining, linesForSets, setsIn, setsRemaining } from "@kitflow/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../lib/errors";
import { dayOf } from "../../lib/format";
import { useIdempotencyKey } from "../../lib/idempotency";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { DateField } from "../../ui/DateField";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { FormError } from "../../ui/FormError";
import { NumberField, parseWhole } from "../../ui/NumberField";
import { Select } from "../../ui/Select";
import { Table } from "../../ui/Table";
import { lineErrors } from "../lineErrors";
import type { BatchDetail } from "./types";

export type DispatchedShipment = RouterOutputs["shipments"]["dispatch"];
export type ReplacementRequest = BatchDetail["replacementRequests"][number];

const NEW_TRIP = "new";

/**
 * Dispatch by sets (套数): the manager says how many sets, the lines follow from the BOM and can still be
 * adjusted (with a warning when they no longer make whole sets). As a replacement (补料) the lines are
 * sent apart from the kit, with a reason, answering the workshop's request when there is one. A trip can
 * be planned here too (plate, driver, date).
 */
export function DispatchDialog({
  batch,
  open,
  onClose,
  onDispatched,
  request,
  replacement: asReplacement = false,
}: {
  batch: BatchDetail;
  open: boolean;
  onClose(): void;
  onDispatched(shipment: DispatchedShipment): void;
  /** The workshop's replacement request this dispatch answers. */
  request?: ReplacementRequest;
  /** Opens as a replacement (补料) rather than from the kit. */
  replacement?: boolean;
}) {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // What is left to send of each kit line, counted as the API counts it (tolerance gains included).
  const remaining = kitRemaining(batch.kit, batch.balances);
  const maxSets = setsRemaining(batch.kit, batch.balances);
  const [replacement, setReplacement] = useState(Boolean(request) || asReplacement);
  const [reason, setReason] = useState(request?.reason ?? "");
  const [sets, setSets] = useState(request || asReplacement ? "" : String(maxSets));
  const fromSets = (n: number) =>
    Object.fromEntries(linesForSets(batch.kit, n).map((l) => [l.componentCode, String(l.qty)]));
  const [qty, setQty] = useState<Record<string, string>>(() =>
    request
      ? Object.fromEntries(
          batch.kit.map((k) => [
            k.componentCode,
            String(request.lines.find((l) => l.componentCode === k.componentCode)?.qty ?? 0),
          ]),
        )
      : fromSets(asReplacement ? 0 : maxSets),
  );
  const [tripId, setTripId] = useState("");
  const [trip, setTrip] = useState({ plannedDate: dayOf(), vehiclePlate: "", driverName: "" });
  const [createdTripId, setCreatedTripId] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [sentCodes, setSentCodes] = useState<string[]>([]);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const [tripKey] = useIdempotencyKey();
  const trips = useQuery({ ...trpc.trips.list.queryOptions({ limit: 50 }), enabled: open });
  const createTrip = useMutation(trpc.trips.create.mutationOptions());
  const dispatch = useMutation(
    trpc.shipments.dispatch.mutationOptions({
      onSuccess: async (shipment) => {
        renewKey();
        await queryClient.invalidateQueries({ queryKey: trpc.batches.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.trips.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.shipments.pathKey() });
        onDispatched(shipment);
      },
    }),
  );

  const apiErrors = fieldErrors(dispatch.error);
  const tripErrors = fieldErrors(createTrip.error);
  const openTrips = (trips.data ?? []).filter((x) => x.status !== "arrived");

  /** Checks the lines as typed; re-run on every render once the user has tried to dispatch. */
  const check = () => {
    const problems: Record<string, string> = {};
    const lines: { componentCode: string; qty: number }[] = [];
    for (const k of batch.kit) {
      const n = parseWhole(qty[k.componentCode] ?? "");
      if (n === undefined) problems[k.componentCode] = t("form.wholeNumber");
      else if (!replacement && n > (remaining[k.componentCode] ?? 0)) {
        problems[k.componentCode] = t("dispatch.tooMany", { max: remaining[k.componentCode] ?? 0 });
      } else if (n > 0) lines.push({ componentCode: k.componentCode, qty: n });
    }
    if (Object.keys(problems).length === 0 && lines.length === 0) problems.lines = t("dispatch.nothing");
    if (replacement && reason.trim() === "") problems.reason = t("dispatch.reasonNeeded");
    return { problems, lines };
  };
  const local = tried ? check().problems : {};
  const perLine = { ...lineErrors(apiErrors, "lines", sentCodes), ...local };
  const typed = batch.kit.map((k) => ({
    componentCode: k.componentCode,
    qty: parseWhole(qty[k.componentCode] ?? "") ?? 0,
  }));
  const count = setsIn(batch.kit, typed);
  const setsTyped = parseWhole(sets);
  // Sent as a number of sets when the lines are exactly those sets; otherwise line by line.
  const asSets =
    setsTyped !== undefined && setsTyped > 0 && count.whole && count.sets === setsTyped ? setsTyped : undefined;
  const kitOf = new Map(batch.kit.map((k) => [k.componentCode, k]));
  const overText = count.over
    .map((o) => `${kitOf.get(o.componentCode)?.componentName ?? o.componentCode} ${o.qty}`)
    .join(t("errors:listSeparator"));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const { problems, lines } = check();
    if (Object.keys(problems).length > 0) return;
    let onTrip = tripId || undefined;
    if (tripId === NEW_TRIP) {
      onTrip = createdTripId ?? undefined;
      if (!onTrip) {
        try {
          const made = await createTrip.mutateAsync({
            plannedDate: trip.plannedDate,
            vehiclePlate: trip.vehiclePlate.trim() || undefined,
            driverName: trip.driverName.trim() || undefined,
            idempotencyKey: tripKey,
          });
          setCreatedTripId(made.id);
          onTrip = made.id;
        } catch {
          return;
        }
      }
    }
    setSentCodes(lines.map((l) => l.componentCode));
    dispatch.mutate({
      batchId: batch.id,
      ...(asSets !== undefined && !replacement ? { sets: asSets } : { lines }),
      ...(replacement ? { replacement: { reason: reason.trim(), requestId: request?.id } } : {}),
      tripId: onTrip,
      idempotencyKey,
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t(replacement ? "dispatch.replacementTitle" : "dispatch.title", { number: batch.number })}
      data-testid="dispatch-dialog"
    >
      <form onSubmit={submit} noValidate>
        <FormError
          error={dispatch.error ?? createTrip.error}
          shown={[
            ...Object.values(perLine),
            apiErrors.tripId,
            apiErrors.sets,
            apiErrors["replacement.reason"],
            local.lines ?? apiErrors.lines,
            ...Object.values(tripErrors),
          ]}
        />
        {(local.lines ?? apiErrors.lines) && (
          <p className="form-error" role="alert">
            {local.lines ?? apiErrors.lines}
          </p>
        )}
        {request && (
          <p className="notice" data-testid="dispatch-for-request">
            {t("dispatch.forRequest", { number: request.number, reason: request.reason })}
          </p>
        )}
        <label style={{ display: "block", margin: "8px 0" }}>
          <input
            type="checkbox"
            checked={replacement}
            onChange={(e) => setReplacement(e.target.checked)}
            data-testid="dispatch-replacement"
          />{" "}
          {t("dispatch.replacement")}
        </label>
        {replacement ? (
          <Field
            label={t("dispatch.reason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={local.reason ?? apiErrors["replacement.reason"]}
            hint={t("dispatch.replacementHint")}
            data-testid="dispatch-reason"
          />
        ) : (
          <div className="form-row">
            <NumberField
              label={t("dispatch.sets")}
              value={sets}
              onChange={(v) => {
                setSets(v);
                const n = parseWhole(v);
                if (n !== undefined) setQty(fromSets(n));
              }}
              error={apiErrors.sets}
              hint={t("dispatch.setsHint", { max: maxSets })}
              data-testid="dispatch-sets"
            />
            <div className="actions" style={{ alignSelf: "center" }}>
              <Button
                onClick={() =>
                  setQty(Object.fromEntries(Object.entries(remaining).map(([code, n]) => [code, String(n)])))
                }
                data-testid="dispatch-fill-remaining"
              >
                {t("dispatch.fillRemaining")}
              </Button>
            </div>
          </div>
        )}
        {!replacement &&
          (count.whole ? (
            count.sets > 0 && (
              <p className="field-hint" data-testid="dispatch-whole">
                {t("dispatch.wholeSets", { sets: count.sets })}
              </p>
            )
          ) : (
            <p className="notice notice-warn" role="status" data-testid="dispatch-not-whole">
              {t("dispatch.notWhole", { sets: count.sets, over: overText })}
            </p>
          ))}
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
            { key: "per", header: t("kit.qtyPerUnit"), numeric: true, cell: (k) => k.qtyPerUnit },
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
          data-testid="dispatch-trip"
        >
          <option value="">{t("dispatch.noTrip")}</option>
          {openTrips.map((x) => (
            <option key={x.id} value={x.id}>
              {x.number} · {x.plannedDate} · {t(`common:tripStatus.${x.status}`)}
              {x.vehiclePlate ? ` · ${x.vehiclePlate}` : ""}
              {x.driverName ? ` · ${x.driverName}` : ""}
            </option>
          ))}
          <option value={NEW_TRIP}>{t("dispatch.newTrip")}</option>
        </Select>
        {tripId === NEW_TRIP && (
          <div className="form-row" data-testid="dispatch-new-trip">
            <DateField
              label={t("trip.plannedDate")}
              value={trip.plannedDate}
              onChange={(e) => setTrip((x) => ({ ...x, plannedDate: e.target.value }))}
              error={tripErrors.plannedDate}
              disabled={createdTripId !== null}
              required
            />
            <Field
              label={t("trip.vehiclePlate")}
              value={trip.vehiclePlate}
              onChange={(e) => setTrip((x) => ({ ...x, vehiclePlate: e.target.value }))}
              error={tripErrors.vehiclePlate}
              disabled={createdTripId !== null}
              data-testid="dispatch-trip-plate"
            />
            <Field
              label={t("trip.driverName")}
              value={trip.driverName}
              onChange={(e) => setTrip((x) => ({ ...x, driverName: e.target.value }))}
              error={tripErrors.driverName}
              disabled={createdTripId !== null}
              data-testid="dispatch-trip-driver"
            />
          </div>
        )}
        <div className="actions">
          <Button type="submit" variant="primary" busy={dispatch.isPending || createTrip.isPending}>
            {t(replacement ? "dispatch.submitReplacement" : "dispatch.submit")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
