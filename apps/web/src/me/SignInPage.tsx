import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useSearchParams } from "react-router";
import { HOME_BY_ROLE } from "../app/nav";
import { useSession } from "../app/session";
import { errorCode, errorMessage, fieldErrors } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { Field } from "../ui/Field";
import { Loading } from "../ui/Loading";
import "./me.css";

/**
 * A worker signs in on its own phone with its number and the code from its lead. The QR on the
 * printed slip opens this page with ?phone= filled in, so only the code is typed.
 */
export function Component() {
  const { t } = useTranslation("me");
  const trpc = useTRPC();
  const { user, loading, refresh } = useSession();
  const [params] = useSearchParams();
  const [phone, setPhone] = useState(params.get("phone") ?? "");
  const [code, setCode] = useState("");
  const signIn = useMutation(trpc.auth.workerSignIn.mutationOptions({ onSuccess: () => refresh() }));

  if (loading) return <Loading />;
  if (user) return <Navigate to={HOME_BY_ROLE[user.role]} replace />;

  const errors = fieldErrors(signIn.error);
  // A villager reads these in Chinese whatever the server's wording: known refusals by their code.
  const refusal =
    errorCode(signIn.error) === "UNAUTHORIZED"
      ? t("signIn.wrong")
      : errorCode(signIn.error) === "TOO_MANY_REQUESTS"
        ? t("signIn.tooMany")
        : errorMessage(signIn.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ phone, code });
  };

  return (
    <main id="main" className="signin me-page">
      <Card>
        <h1>{t("signIn.title")}</h1>
        <p className="page-subtitle">{t("signIn.subtitle")}</p>
        <form onSubmit={submit} noValidate>
          {signIn.error && !errors.phone && !errors.code && (
            <p className="form-error" role="alert">
              {refusal}
            </p>
          )}
          <Field
            label={t("signIn.phone")}
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            required
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            error={errors.phone}
          />
          <Field
            label={t("signIn.code")}
            name="code"
            className="me-code-field"
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            required
            hint={t("signIn.codeHint")}
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            error={errors.code}
          />
          <Button type="submit" variant="primary" busy={signIn.isPending} className="btn-big" style={{ width: "100%" }}>
            {t("signIn.submit")}
          </Button>
        </form>
        <p className="muted me-help">{t("signIn.help")}</p>
      </Card>
    </main>
  );
}
