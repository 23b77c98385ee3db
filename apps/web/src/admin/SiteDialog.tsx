import type { RouterOutputs } from "@kitflow/api";
import { createSiteInput } from "@kitflow/domain";
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
import { NumberField } from "../ui/NumberField";
import { Select } from "../ui/Select";
import { checkContract, withUnpicked } from "./contract";
import type { CreateDialogProps } from "./OrganisationDialog";
import { RegionSelect } from "./RegionSelect";
import type { RegionOption } from "./regions";
import { useRefreshOrganisations } from "./useRefreshOrganisations";

type Organisation = RouterOutputs["admin"]["listOrganisations"][number];
const SITE_KINDS = ["factory", "workshop", "service_point"] as const;
type SiteKind = (typeof SITE_KINDS)[number];
/** An authority's sites are the service points it runs. */
const SITE_KIND_OF: Record<Organisation["kind"], SiteKind> = {
  factory: "factory",
  workshop: "workshop",
  authority: "service_point",
};
const SHOWN = ["organisationId", "kind", "name", "address", "regionCode", "lat", "lng"];

interface SiteDialogProps extends CreateDialogProps {
  organisations: readonly Organisation[];
  regions: readonly RegionOption[];
}

export function SiteDialog(props: SiteDialogProps) {
  const { t } = useTranslation("admin");
  return (
    <Dialog open={props.open} title={t("site.title")} onClose={props.onClose} data-testid="site-dialog">
      <SiteForm {...props} />
    </Dialog>
  );
}

/** Decimal degrees as typed; NaN for text that is not one, which the contract then names beside the field. */
function parseDegrees(text: string): number {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

function SiteForm({ organisations, regions, onClose, onCreated }: SiteDialogProps) {
  const { t } = useTranslation("admin");
  const trpc = useTRPC();
  const refresh = useRefreshOrganisations();
  const [key] = useIdempotencyKey();
  const [form, setForm] = useState({
    organisationId: "",
    kind: "workshop" as SiteKind,
    name: "",
    address: "",
    regionCode: "",
    lat: "",
    lng: "",
  });
  const [localErrors, setLocalErrors] = useState<Record<string, string> | null>(null);
  const create = useMutation(
    trpc.admin.createSite.mutationOptions({
      onSuccess: async (site) => {
        await refresh();
        onCreated(t("site.created", { name: site.name }));
        onClose();
      },
    }),
  );
  const errors = localErrors ?? fieldErrors(create.error);

  function pickOrganisation(organisationId: string) {
    const org = organisations.find((o) => o.id === organisationId);
    setForm({
      ...form,
      organisationId,
      kind: org ? SITE_KIND_OF[org.kind] : form.kind,
      // A new site usually sits where its organisation is registered.
      regionCode: form.regionCode || (org?.regionCode ?? ""),
      name: form.name || (org?.name ?? ""),
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const lat = parseDegrees(form.lat);
    const lng = parseDegrees(form.lng);
    const checked = checkContract(createSiteInput, {
      organisationId: form.organisationId,
      kind: form.kind,
      name: form.name,
      address: form.address.trim() || undefined,
      regionCode: form.regionCode || undefined,
      lat,
      lng,
      idempotencyKey: key,
    });
    // "expected number, received NaN" is zod's wording for text that is no number; say it plainly.
    const typed = {
      ...(Number.isNaN(lat) ? { lat: t("site.notANumber") } : {}),
      ...(Number.isNaN(lng) ? { lng: t("site.notANumber") } : {}),
    };
    if (!checked.ok) {
      setLocalErrors({ ...withUnpicked(checked.errors, form, ["organisationId"], t("unpicked")), ...typed });
      return;
    }
    setLocalErrors(null);
    create.mutate(checked.value);
  }

  return (
    <form onSubmit={submit} className="admin-form" noValidate>
      <Select
        label={t("site.organisation")}
        value={form.organisationId}
        required
        error={errors.organisationId}
        onChange={(e) => pickOrganisation(e.target.value)}
        data-testid="site-organisation"
      >
        <option value="">{t("pick")}</option>
        {organisations.map((o) => (
          <option key={o.id} value={o.id}>
            {t(`kind.${o.kind}`)} · {o.name}
          </option>
        ))}
      </Select>
      <div className="form-row">
        <Select
          label={t("site.kind")}
          value={form.kind}
          error={errors.kind}
          onChange={(e) => setForm({ ...form, kind: e.target.value as SiteKind })}
        >
          {SITE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`siteKind.${kind}`)}
            </option>
          ))}
        </Select>
        <Field
          label={t("site.name")}
          value={form.name}
          required
          error={errors.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          data-testid="site-name"
        />
      </div>
      <Field
        label={t("site.address")}
        value={form.address}
        error={errors.address}
        onChange={(e) => setForm({ ...form, address: e.target.value })}
      />
      <RegionSelect
        label={t("site.region")}
        value={form.regionCode}
        options={regions}
        error={errors.regionCode}
        onChange={(regionCode) => setForm({ ...form, regionCode })}
      />
      <div className="form-row">
        <NumberField
          label={t("site.lat")}
          mode="decimal"
          value={form.lat}
          required
          hint={t("site.coordsHint")}
          error={errors.lat}
          onChange={(lat) => setForm({ ...form, lat })}
          data-testid="site-lat"
        />
        <NumberField
          label={t("site.lng")}
          mode="decimal"
          value={form.lng}
          required
          error={errors.lng}
          onChange={(lng) => setForm({ ...form, lng })}
          data-testid="site-lng"
        />
      </div>
      <FormError error={create.error} problems={errors} shown={SHOWN.map((path) => errors[path])} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={create.isPending} data-testid="site-submit">
          {t("common:action.save")}
        </Button>
        <Button onClick={onClose}>{t("common:action.cancel")}</Button>
      </div>
    </form>
  );
}
