import { Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Outlet, useLocation, useNavigation } from "react-router";
import { LANGUAGES, setLanguage } from "../i18n";
import { Button } from "../ui/Button";
import { Loading } from "../ui/Loading";
import { NAV } from "./nav";
import { useSession } from "./session";

const LANGUAGE_LABEL: Record<(typeof LANGUAGES)[number], string> = { "zh-CN": "中文", en: "English" };

/** The signed-in frame: top bar (organisation, language, sign out), the role's navigation, the page. */
export function Layout() {
  const { user, loading, signOut } = useSession();
  const { t, i18n } = useTranslation("common");
  const location = useLocation();
  const navigation = useNavigation();

  useEffect(() => {
    document.title = user?.organisation?.shortName ? `kitflow · ${user.organisation.shortName}` : "kitflow";
  }, [user]);

  if (loading) return <Loading />;
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}`} replace />;
  }

  const orgName = user.organisation?.name ?? t(`role.${user.role}`);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">kitflow</span>
          <span className="brand-org" data-testid="org-name" title={orgName}>
            {orgName} · {user.name}
          </span>
        </div>
        <div className="topbar-tools">
          <fieldset
            className="lang-group"
            aria-label={t("language")}
            style={{ border: 0, padding: 0, margin: 0, display: "flex", gap: 4 }}
          >
            {LANGUAGES.map((lang) => (
              <Button
                key={lang}
                className="lang-switch"
                lang={lang}
                aria-pressed={i18n.language === lang}
                onClick={() => void setLanguage(lang)}
              >
                {LANGUAGE_LABEL[lang]}
              </Button>
            ))}
          </fieldset>
          <Button onClick={() => void signOut()}>{t("signOut")}</Button>
        </div>
      </header>
      {NAV[user.role].length > 0 && (
        <nav className="mainnav" aria-label={t("mainNav")}>
          <ul>
            {NAV[user.role].map((entry) => (
              <li key={entry.to}>
                <NavLink to={entry.to} end={entry.to.split("/").length <= 2}>
                  {t(entry.labelKey)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1} aria-busy={navigation.state === "loading" || undefined}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
