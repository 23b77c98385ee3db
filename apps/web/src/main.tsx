import "./i18n";
import "./styles/global.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { startServiceWorker } from "./app/service-worker";
import { queryClient } from "./lib/trpc";
import { startPhoneCache } from "./offline/phone-cache";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// The phone's copy goes into the cache before the first render, so a reload without signal starts signed in.
void startPhoneCache(queryClient).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  startServiceWorker();
});
