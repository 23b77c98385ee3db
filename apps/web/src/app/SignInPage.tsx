import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useSearchParams } from "react-router";
import { LANGUAGES, setLanguage } from "../i18n";
import { fieldErrors } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { Loading } from "../ui/Loading";
import { homeOf } from "./nav";
import { useSession } from "./session";

/** Only same-site paths are followed after sign-in, so a crafted link cannot send the user elsewhere. */
function safeNext(next: string | null): string | undefined {
  return next?.startsWith("/") && !next.startsWith("//") ? next : undefined;
}

export function SignInPage() {
  const { t, i18n } = useTranslation("common");
  const trpc = useTRPC();
  const { user, loading, refresh } = useSession();
  const [params] = useSearchParams();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess: () => refresh() }));

  if (loading) return <Loading />;
  if (user) return <Navigate to={safeNext(params.get("next")) ?? homeOf(user)} replace />;

  const errors = fieldErrors(signIn.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ username, password });
  };

  return (
    <main id="main" className="signin">
      <div className="actions" style={{ justifyContent: "flex-end", marginBottom: 8 }}>
        {LANGUAGES.map((lang) => (
          <Button
            key={lang}
            variant="ghost"
            lang={lang}
            aria-pressed={i18n.language === lang}
            onClick={() => void setLanguage(lang)}
          >
            {lang === "zh-CN" ? "中文" : "English"}
          </Button>
        ))}
      </div>
      <Card>
        <h1>{t("signIn.title")}</h1>
        <p className="page-subtitle">{t("signIn.subtitle")}</p>
        <form onSubmit={submit} noValidate>
          <FormError error={signIn.error} shown={[errors.username, errors.password]} />
          <Field
            label={t("signIn.username")}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={errors.username}
          />
          <Field
            label={t("signIn.password")}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
          />
          <Button type="submit" variant="primary" busy={signIn.isPending} style={{ width: "100%" }}>
            {t("signIn.submit")}
          </Button>
        </form>
      </Card>
    </main>
  );
}
