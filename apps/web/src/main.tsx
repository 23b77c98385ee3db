import "./i18n";
import "./styles/global.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { applySeed, readSeed, seedUserId } from "./app/seed";
import { startServiceWorker } from "./app/service-worker";
import { queryClient } from "./lib/trpc";
import { startPhoneCache } from "./offline/phone-cache";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// The lead's pages are fetched at once, alongside the data, instead of after the first render found the route.
if (/^\/(lead|receive)(\/|$)/.test(location.pathname)) {
  void import("./lead/LeadLayout").catch(() => undefined);
  if (/^\/lead\/?$/.test(location.pathname)) void import("./lead/TodayPage").catch(() => undefined);
}

function render(): void {
  createRoot(root as HTMLElement).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  startServiceWorker();
}

// What the server put in the page (the signed-in lead's Today) is the freshest there is: render with it at
// once and bring the phone's copy in behind it (restoring never overwrites newer answers). Without it, the
// phone's copy goes into the cache before the first render, so a reload without signal starts signed in.
const seed = readSeed(document);
if (seed) {
  applySeed(queryClient, seed);
  render();
  void startPhoneCache(queryClient, { signedIn: seedUserId(seed) ?? undefined });
} else {
  void startPhoneCache(queryClient).then(render);
}
