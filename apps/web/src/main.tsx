import "./i18n";
import "./styles/global.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { applySeed, readSeed, seedUserId } from "./app/seed";
import { startServiceWorker } from "./app/service-worker";
import { queryClient } from "./lib/trpc";
import { phoneCacheUser, startPhoneCache } from "./offline/phone-cache";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// The lead's pages are fetched at once, alongside the data, instead of after the first render found the route.
if (/^\/(lead|receive)(\/|$)/.test(location.pathname)) {
  void import("./lead/LeadLayout").catch(() => undefined);
  if (/^\/lead\/?$/.test(location.pathname)) void import("./lead/TodayPage").catch(() => undefined);
}

async function start(): Promise<void> {
  // The phone's copy goes into the cache before the first render, so a reload without signal starts signed in;
  // what the server put in the page is newer and wins (and another user's copy is not kept beside it).
  await startPhoneCache(queryClient);
  const seed = readSeed(document);
  if (seed) {
    const copyOf = await phoneCacheUser();
    if (copyOf && copyOf !== seedUserId(seed)) queryClient.clear();
    applySeed(queryClient, seed);
  }
}

void start().then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  startServiceWorker();
});
