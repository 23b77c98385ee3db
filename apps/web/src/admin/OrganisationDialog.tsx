import { createOrganisationInput, ORGANISATION_KINDS, type OrganisationKind } from "@kitflow/domain";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { NumberField, parseWhole } from "../ui/NumberField";
import { Select } from "../ui/Select";
import { checkContract, withUnpicked } from "./contract";
import { RegionSelect } from "./RegionSelect";
import type { RegionOption } from "./regions";
import { useRefreshOrganisations } from "./useRefreshOrganisations";

export interface CreateDialogProps {
  open: boolean;
  onClose(): void;
  /** A sentence for the page's notice, e.g. "已新建组织：壬田合作点". */
  onCreated(message: string): void;
}

const SHOWN = [
  "kind",
  "name",
  "shortName",
  "workshopMode",
  "dailyCapacity",
  "regionCode",
  "contactName",
  "contactPhone",
];

export function OrganisationDialog({ regions, ...props }: CreateDialogProps & { regions: readonly RegionOption[] }) {
  const { t } = useTranslation("admin");
  return (
    <Dialog open={props.open} title={t("organisation.title")} onClose={props.onClose} data-testid="organisation-dialog">
      <OrganisationForm regions={regions} {...props} />
    </Dialog>
  );
}

/** Mounted per opening, so every opening starts blank with a fresh idempotency key. */
function OrganisationForm({ regions, onClose, onCreated }: CreateDialogProps & { regions: readonly RegionOption[] }) {
  const { t } = useTranslation("admin");
  const trpc = useTRPC();
  const refresh = useRefreshOrganisations();
  const [key] = useIdempotencyKey();
  const [form, setForm] = useState({
    kind: "workshop" as OrganisationKind,
    name: "",
    shortName: "",
    workshopMode: "",
    dailyCapacity: "",
    regionCode: "",
    contactName: "",
    contactPhone: "",
  });
  const [localErrors, setLocalErrors] = useState<Record<string, string> | null>(null);
  const create = useMutation(
    trpc.admin.createOrganisation.mutationOptions({
      onSuccess: async (org) => {
        await refresh();
        onCreated(t("organisation.created", { name: org.name }));
        onClose();
      },
    }),
  );
  const errors = localErrors ?? fieldErrors(create.error);
  const isWorkshop = form.kind === "workshop";

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = checkContract(createOrganisationInput, {
      kind: form.kind,
      name: form.name,
      shortName: form.shortName,
      workshopMode: isWorkshop && form.workshopMode ? form.workshopMode : undefined,
      dailyCapacity: isWorkshop && form.dailyCapacity ? (parseWhole(form.dailyCapacity) ?? Number.NaN) : undefined,
      regionCode: form.regionCode,
      contactName: form.contactName.trim() || undefined,
      contactPhone: form.contactPhone.trim() || undefined,
      idempotencyKey: key,
    });
    if (!checked.ok) {
      setLocalErrors(withUnpicked(checked.errors, form, ["workshopMode", "regionCode"], t("unpicked")));
      return;
    }
    setLocalErrors(null);
    create.mutate(checked.value);
  }

  return (
    <form onSubmit={submit} className="admin-form" noValidate>
      <Select
        label={t("organisation.kind")}
        value={form.kind}
        error={errors.kind}
        onChange={(e) => setForm({ ...form, kind: e.target.value as OrganisationKind })}
        data-testid="organisation-kind"
      >
        {ORGANISATION_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`kind.${kind}`)}
          </option>
        ))}
      </Select>
      <div className="form-row">
        <Field
          label={t("organisation.name")}
          value={form.name}
          required
          error={errors.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          data-testid="organisation-name"
        />
        <Field
          label={t("organisation.shortName")}
          value={form.shortName}
          required
          hint={t("organisation.shortNameHint")}
          error={errors.shortName}
          onChange={(e) => setForm({ ...form, shortName: e.target.value })}
          data-testid="organisation-short-name"
        />
      </div>
      {isWorkshop && (
        <div className="form-row">
          <Select
            label={t("organisation.workshopMode")}
            value={form.workshopMode}
            required
            error={errors.workshopMode}
            onChange={(e) => setForm({ ...form, workshopMode: e.target.value })}
            data-testid="organisation-mode"
          >
            <option value="">{t("pick")}</option>
            <option value="premises">{t("workshopMode.premises")}</option>
            <option value="home_based">{t("workshopMode.home_based")}</option>
          </Select>
          <NumberField
            label={t("organisation.dailyCapacity")}
            value={form.dailyCapacity}
            min={1}
            error={errors.dailyCapacity}
            onChange={(dailyCapacity) => setForm({ ...form, dailyCapacity })}
            data-testid="organisation-capacity"
          />
        </div>
      )}
      <RegionSelect
        label={t("organisation.region")}
        value={form.regionCode}
        required
        hint={form.kind === "authority" ? t("organisation.regionHint") : undefined}
        options={regions}
        error={errors.regionCode}
        onChange={(regionCode) => setForm({ ...form, regionCode })}
      />
      <div className="form-row">
        <Field
          label={t("organisation.contactName")}
          value={form.contactName}
          error={errors.contactName}
          onChange={(e) => setForm({ ...form, contactName: e.target.value })}
        />
        <Field
          label={t("organisation.contactPhone")}
          value={form.contactPhone}
          inputMode="tel"
          error={errors.contactPhone}
          onChange={(e) => setForm({ ...form, contactPhone: e.target.value })}
        />
      </div>
      <FormError error={create.error} problems={errors} shown={SHOWN.map((path) => errors[path])} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={create.isPending} data-testid="organisation-submit">
          {t("common:action.save")}
        </Button>
        <Button onClick={onClose}>{t("common:action.cancel")}</Button>
      </div>
    </form>
  );
}
