import { Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Outlet, useLocation, useNavigation } from "react-router";
import { LANGUAGES, setLanguage } from "../i18n";
import { Button } from "../ui/Button";
import { Loading } from "../ui/Loading";
import { NavIcon } from "./NavIcon";
import { navOf } from "./nav";
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
  const nav = navOf(user);
  // Phone-first roles get a bottom tab bar (icons and labels) so the header stays one short row.
  const tabs = nav.length > 0 && nav.every((entry) => entry.icon);
  const otherLanguage = LANGUAGES.find((lang) => lang !== i18n.language) ?? LANGUAGES[0];
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="topbar" data-testid="topbar">
        <div className="brand">
          <span className="brand-name">kitflow</span>
          <span className="brand-org" data-testid="org-name" title={`${orgName} · ${user.name}`}>
            <span className="brand-org-name">{user.organisation?.shortName ?? orgName}</span>
            <span className="brand-org-full">{orgName}</span> · {user.name}
          </span>
        </div>
        <div className="topbar-tools">
          <fieldset className="lang-group" aria-label={t("language")}>
            {LANGUAGES.map((lang) => (
              <Button
                key={lang}
                className={`lang-switch${lang === otherLanguage ? " lang-other" : ""}`}
                lang={lang}
                aria-pressed={i18n.language === lang}
                onClick={() => void setLanguage(lang)}
              >
                {LANGUAGE_LABEL[lang]}
              </Button>
            ))}
          </fieldset>
          <Button className="sign-out" onClick={() => void signOut()} aria-label={t("signOut")} title={t("signOut")}>
            <NavIcon name="signOut" />
            <span className="sign-out-label">{t("signOut")}</span>
          </Button>
        </div>
      </header>
      {nav.length > 0 && (
        <nav className={tabs ? "mainnav mainnav-tabs" : "mainnav"} aria-label={t("mainNav")} data-testid="mainnav">
          <ul>
            {nav.map((entry) => (
              <li key={entry.to}>
                <NavLink to={entry.to} end={entry.to.split("/").length <= 2}>
                  {entry.icon && <NavIcon name={entry.icon} />}
                  <span className="nav-label">{t(entry.labelKey)}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main
        id="main"
        tabIndex={-1}
        className={tabs ? "with-tabs" : undefined}
        aria-busy={navigation.state === "loading" || undefined}
      >
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
