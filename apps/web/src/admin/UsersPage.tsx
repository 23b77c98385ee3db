import type { RouterOutputs } from "@kitflow/api";
import { resetPasswordInput } from "@kitflow/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../app/session";
import { errorMessage, fieldErrors } from "../lib/errors";
import { formatDate } from "../lib/format";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { Dialog } from "../ui/Dialog";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { Loading } from "../ui/Loading";
import { PageHeader } from "../ui/PageHeader";
import { type Column, Table } from "../ui/Table";
import { checkContract } from "./contract";
import "./admin.css";

type Account = RouterOutputs["admin"]["listUsers"][number];

/** Every account with a password: who it is, whether it may sign in, and the two ways to stop it. */
export function Component() {
  const { t } = useTranslation("admin");
  const trpc = useTRPC();
  const me = useSession().user;
  const users = useQuery(trpc.admin.listUsers.queryOptions());
  const [switching, setSwitching] = useState<Account | null>(null);
  const [resetting, setResetting] = useState<Account | null>(null);

  const columns: Column<Account>[] = [
    {
      key: "account",
      header: t("users.account"),
      cell: (u) => (
        <>
          <strong>{u.name}</strong>
          <span className="admin-sub mono">{u.username}</span>
        </>
      ),
    },
    { key: "role", header: t("account.role"), cell: (u) => t(`common:role.${u.role}`) },
    { key: "organisation", header: t("account.organisation"), cell: (u) => u.organisationName ?? "—" },
    {
      key: "status",
      header: t("users.status"),
      cell: (u) =>
        u.disabledAt ? (
          <span className="badge badge-bad" data-testid={`status-${u.username}`}>
            {t("users.disabledSince", { date: formatDate(u.disabledAt) })}
          </span>
        ) : (
          <span className="badge badge-ok" data-testid={`status-${u.username}`}>
            {t("users.active")}
          </span>
        ),
    },
    { key: "sessions", header: t("users.sessions"), numeric: true, cell: (u) => u.sessions },
    {
      key: "actions",
      header: t("users.actions"),
      cell: (u) =>
        u.id === me?.userId ? (
          <span className="admin-none">{t("users.yourself")}</span>
        ) : (
          <div className="admin-row-actions">
            <Button onClick={() => setSwitching(u)} data-testid={`toggle-${u.username}`}>
              {u.disabledAt ? t("users.enable") : t("users.disable")}
            </Button>
            <Button onClick={() => setResetting(u)} data-testid={`reset-${u.username}`}>
              {t("users.resetPassword")}
            </Button>
          </div>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t("users.title")} subtitle={t("users.subtitle")} />
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Card>
          {users.data.length === 0 ? (
            <EmptyState title={t("common:empty")} />
          ) : (
            <Table
              rows={users.data}
              rowKey={(u) => u.id}
              columns={columns}
              className="admin-table"
              data-testid="users-table"
            />
          )}
        </Card>
      )}
      {switching && <DisableDialog account={switching} onClose={() => setSwitching(null)} />}
      {resetting && <ResetPasswordDialog account={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}

function useRefreshUsers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.admin.listUsers.queryKey() });
}

/** Disabling signs the account out everywhere at once; enabling lets it sign in again. */
function DisableDialog({ account, onClose }: { account: Account; onClose(): void }) {
  const { t } = useTranslation("admin");
  const trpc = useTRPC();
  const refresh = useRefreshUsers();
  const [key] = useIdempotencyKey();
  const disable = !account.disabledAt;
  const change = useMutation(trpc.admin.setUserDisabled.mutationOptions({ onSuccess: () => void refresh() }));
  const title = t(disable ? "users.disableTitle" : "users.enableTitle", { name: account.name });
  return (
    <Dialog open title={title} onClose={onClose} data-testid="disable-dialog">
      <p>{t(disable ? "users.disableHelp" : "users.enableHelp", { username: account.username })}</p>
      {change.data && (
        <p role="status" className="notice notice-ok">
          {disable ? t("users.disabled", { count: change.data.sessionsEnded }) : t("users.enabled")}
        </p>
      )}
      {change.error && (
        <p className="form-error" role="alert">
          {errorMessage(change.error)}
        </p>
      )}
      <div className="actions">
        {!change.data && (
          <Button
            variant={disable ? "danger" : "primary"}
            busy={change.isPending}
            onClick={() => change.mutate({ userId: account.id, disabled: disable, idempotencyKey: key })}
            data-testid="confirm-disable"
          >
            {disable ? t("users.disable") : t("users.enable")}
          </Button>
        )}
        <Button onClick={onClose}>{t("common:action.close")}</Button>
      </div>
    </Dialog>
  );
}

/** A new password, handed to the person directly; every session of the account ends. */
function ResetPasswordDialog({ account, onClose }: { account: Account; onClose(): void }) {
  const { t } = useTranslation("admin");
  const trpc = useTRPC();
  const refresh = useRefreshUsers();
  const [key] = useIdempotencyKey();
  const [password, setPassword] = useState("");
  const [localErrors, setLocalErrors] = useState<Record<string, string> | null>(null);
  const reset = useMutation(trpc.admin.resetPassword.mutationOptions({ onSuccess: () => void refresh() }));
  const errors = localErrors ?? fieldErrors(reset.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = checkContract(resetPasswordInput, { userId: account.id, password, idempotencyKey: key });
    if (!checked.ok) {
      setLocalErrors(checked.errors);
      return;
    }
    setLocalErrors(null);
    reset.mutate(checked.value);
  }

  return (
    <Dialog open title={t("users.resetTitle", { name: account.name })} onClose={onClose} data-testid="reset-dialog">
      {reset.data ? (
        <>
          <p role="status" className="notice notice-ok">
            {t("users.resetDone", { username: account.username, count: reset.data.sessionsEnded })}
          </p>
          <div className="actions">
            <Button onClick={onClose}>{t("common:action.close")}</Button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} className="admin-form" noValidate autoComplete="off">
          <p>{t("users.resetHelp")}</p>
          <Field
            label={t("users.newPassword")}
            type="password"
            autoComplete="new-password"
            value={password}
            required
            hint={t("account.passwordHint")}
            error={errors.password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="reset-password"
          />
          <FormError error={reset.error} problems={errors} shown={[errors.password]} />
          <div className="actions">
            <Button type="submit" variant="danger" busy={reset.isPending} data-testid="confirm-reset">
              {t("users.resetPassword")}
            </Button>
            <Button onClick={onClose}>{t("common:action.cancel")}</Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
