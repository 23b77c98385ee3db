import type { RouterOutputs } from "@kitflow/api";
import { ACCOUNT_ROLES, type AccountRole, createUserInput, ROLE_ORGANISATION_KIND } from "@kitflow/domain";
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
import { Select } from "../ui/Select";
import { checkContract, withUnpicked } from "./contract";
import type { CreateDialogProps } from "./OrganisationDialog";
import { useRefreshOrganisations } from "./useRefreshOrganisations";

type Organisation = RouterOutputs["admin"]["listOrganisations"][number];
const SHOWN = ["username", "name", "role", "organisationId", "password"];

interface AccountDialogProps extends CreateDialogProps {
  organisations: readonly Organisation[];
}

export function AccountDialog(props: AccountDialogProps) {
  const { t } = useTranslation("admin");
  return (
    <Dialog open={props.open} title={t("account.title")} onClose={props.onClose} data-testid="account-dialog">
      <AccountForm {...props} />
    </Dialog>
  );
}

function AccountForm({ organisations, onClose, onCreated }: AccountDialogProps) {
  const { t } = useTranslation("admin");
  const trpc = useTRPC();
  const refresh = useRefreshOrganisations();
  const [key] = useIdempotencyKey();
  const [form, setForm] = useState({
    username: "",
    name: "",
    role: "workshop_lead" as AccountRole,
    organisationId: "",
    password: "",
  });
  const [localErrors, setLocalErrors] = useState<Record<string, string> | null>(null);
  // The API refuses a role in the wrong kind of organisation; offer only the fitting ones.
  const kind = ROLE_ORGANISATION_KIND[form.role];
  const fitting = kind === null ? [] : organisations.filter((o) => o.kind === kind);
  const create = useMutation(
    trpc.admin.createUser.mutationOptions({
      onSuccess: async (user) => {
        await refresh();
        onCreated(t("account.created", { username: user.username }));
        onClose();
      },
    }),
  );
  const errors = localErrors ?? fieldErrors(create.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = checkContract(createUserInput, {
      username: form.username,
      name: form.name,
      role: form.role,
      organisationId: kind === null ? undefined : form.organisationId,
      password: form.password,
      idempotencyKey: key,
    });
    if (!checked.ok) {
      setLocalErrors(withUnpicked(checked.errors, form, ["organisationId"], t("unpicked")));
      return;
    }
    setLocalErrors(null);
    create.mutate(checked.value);
  }

  return (
    <form onSubmit={submit} className="admin-form" noValidate autoComplete="off">
      <div className="form-row">
        <Field
          label={t("account.username")}
          value={form.username}
          required
          autoCapitalize="none"
          spellCheck={false}
          hint={t("account.usernameHint")}
          error={errors.username}
          onChange={(e) => setForm({ ...form, username: e.target.value })}
          data-testid="account-username"
        />
        <Field
          label={t("account.name")}
          value={form.name}
          required
          error={errors.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          data-testid="account-name"
        />
      </div>
      <div className="form-row">
        <Select
          label={t("account.role")}
          value={form.role}
          error={errors.role}
          onChange={(e) => setForm({ ...form, role: e.target.value as AccountRole, organisationId: "" })}
          data-testid="account-role"
        >
          {ACCOUNT_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`common:role.${role}`)}
            </option>
          ))}
        </Select>
        {kind === null ? (
          <p className="field-hint admin-no-org">{t("account.noOrganisation")}</p>
        ) : (
          <Select
            label={t("account.organisation")}
            value={form.organisationId}
            required
            error={errors.organisationId}
            onChange={(e) => setForm({ ...form, organisationId: e.target.value })}
            data-testid="account-organisation"
          >
            <option value="">{t("pick")}</option>
            {fitting.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        )}
      </div>
      <Field
        label={t("account.password")}
        type="password"
        autoComplete="new-password"
        value={form.password}
        required
        hint={t("account.passwordHint")}
        error={errors.password}
        onChange={(e) => setForm({ ...form, password: e.target.value })}
        data-testid="account-password"
      />
      <FormError error={create.error} problems={errors} shown={SHOWN.map((path) => errors[path])} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={create.isPending} data-testid="account-submit">
          {t("common:action.save")}
        </Button>
        <Button onClick={onClose}>{t("common:action.cancel")}</Button>
      </div>
    </form>
  );
}
