import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { fieldErrors } from "../../lib/errors";
import { dayOf } from "../../lib/format";
import { useIdempotencyKey } from "../../lib/idempotency";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { DateField } from "../../ui/DateField";
import { Field } from "../../ui/Field";
import { FormError } from "../../ui/FormError";

/** Plans one truck run; shipments join it when they are dispatched or returned. */
export function NewTripForm() {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [plannedDate, setPlannedDate] = useState(() => dayOf());
  const [vehiclePlate, setVehiclePlate] = useState("");
  const [driverName, setDriverName] = useState("");
  const [note, setNote] = useState("");
  const [idempotencyKey] = useIdempotencyKey();
  const create = useMutation(
    trpc.trips.create.mutationOptions({
      onSuccess: async (trip) => {
        await queryClient.invalidateQueries({ queryKey: trpc.trips.pathKey() });
        navigate(`/factory/trips/${trip.id}`);
      },
    }),
  );
  const errors = fieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      plannedDate,
      vehiclePlate: vehiclePlate.trim() || undefined,
      driverName: driverName.trim() || undefined,
      note: note.trim() || undefined,
      idempotencyKey,
    });
  };
  return (
    <form onSubmit={submit} noValidate data-testid="new-trip-form">
      <FormError error={create.error} shown={Object.values(errors)} />
      <div className="form-row">
        <DateField
          label={t("trip.plannedDate")}
          value={plannedDate}
          onChange={(e) => setPlannedDate(e.target.value)}
          error={errors.plannedDate}
          required
        />
        <Field
          label={t("trip.vehiclePlate")}
          value={vehiclePlate}
          onChange={(e) => setVehiclePlate(e.target.value)}
          error={errors.vehiclePlate}
        />
        <Field
          label={t("trip.driverName")}
          value={driverName}
          onChange={(e) => setDriverName(e.target.value)}
          error={errors.driverName}
        />
        <Field label={t("trip.note")} value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} />
      </div>
      <Button type="submit" variant="primary" busy={create.isPending}>
        {t("trips.create")}
      </Button>
    </form>
  );
}
