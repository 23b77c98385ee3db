import type { RouterOutputs } from "@kitflow/api";
import { linkPartnersInput } from "@kitflow/domain";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";
import { FormError } from "../ui/FormError";
import { Select } from "../ui/Select";
import { checkContract, withUnpicked } from "./contract";
import type { CreateDialogProps } from "./OrganisationDialog";
import { useRefreshOrganisations } from "./useRefreshOrganisations";

type Organisation = RouterOutputs["admin"]["listOrganisations"][number];
const SHOWN = ["factoryId", "workshopId"];

interface PartnershipDialogProps extends CreateDialogProps {
  organisations: readonly Organisation[];
}

export function PartnershipDialog(props: PartnershipDialogProps) {
  const { t } = useTranslation("admin");
  return (
    <Dialog open={props.open} title={t("partnership.title")} onClose={props.onClose} data-testid="partnership-dialog">
      <PartnershipForm {...props} />
    </Dialog>
  );
}

function PartnershipForm({ organisations, onClose, onCreated }: PartnershipDialogProps) {
  const { t } = useTranslation("admin");
  const trpc = useTRPC();
  const refresh = useRefreshOrganisations();
  const [key] = useIdempotencyKey();
  const [form, setForm] = useState({ factoryId: "", workshopId: "" });
  const [localErrors, setLocalErrors] = useState<Record<string, string> | null>(null);
  const factories = organisations.filter((o) => o.kind === "factory");
  const factory = factories.find((o) => o.id === form.factoryId);
  // Workshops already linked to the chosen factory are left out: linking twice changes nothing.
  const linked = new Set(factory?.partnerWorkshops.map((w) => w.id) ?? []);
  const workshops = organisations.filter((o) => o.kind === "workshop" && !linked.has(o.id));
  const nameOf = (id: string) => organisations.find((o) => o.id === id)?.shortName ?? id;
  const link = useMutation(
    trpc.admin.linkPartners.mutationOptions({
      onSuccess: async (pair) => {
        await refresh();
        onCreated(t("partnership.created", { factory: nameOf(pair.factoryId), workshop: nameOf(pair.workshopId) }));
        onClose();
      },
    }),
  );
  const errors = localErrors ?? fieldErrors(link.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = checkContract(linkPartnersInput, { ...form, idempotencyKey: key });
    if (!checked.ok) {
      setLocalErrors(withUnpicked(checked.errors, form, ["factoryId", "workshopId"], t("unpicked")));
      return;
    }
    setLocalErrors(null);
    link.mutate(checked.value);
  }

  return (
    <form onSubmit={submit} className="admin-form" noValidate>
      <p className="field-hint">{t("partnership.hint")}</p>
      <Select
        label={t("partnership.factory")}
        value={form.factoryId}
        required
        error={errors.factoryId}
        onChange={(e) => setForm({ factoryId: e.target.value, workshopId: "" })}
        data-testid="partnership-factory"
      >
        <option value="">{t("pick")}</option>
        {factories.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
      <Select
        label={t("partnership.workshop")}
        value={form.workshopId}
        required
        error={errors.workshopId}
        onChange={(e) => setForm({ ...form, workshopId: e.target.value })}
        data-testid="partnership-workshop"
      >
        <option value="">{t("pick")}</option>
        {workshops.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
      <FormError error={link.error} problems={errors} shown={SHOWN.map((path) => errors[path])} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={link.isPending} data-testid="partnership-submit">
          {t("common:action.save")}
        </Button>
        <Button onClick={onClose}>{t("common:action.cancel")}</Button>
      </div>
    </form>
  );
}
