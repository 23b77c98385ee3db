/**
 * The service worker that keeps the app on the phone (built by vite-plugin-pwa, see vite.config.ts).
 * A new version installs in the background and waits; the page offers "新版本可用 · 刷新" and only
 * switches when the person taps it, so a running page never loses the chunks it still needs.
 */

type Listener = () => void;
let updateWaiting = false;
let applyUpdate: ((reload?: boolean) => Promise<void>) | null = null;
const listeners = new Set<Listener>();

function setUpdateWaiting(value: boolean): void {
  updateWaiting = value;
  for (const listener of listeners) listener();
}

export function subscribeUpdate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isUpdateWaiting(): boolean {
  return updateWaiting;
}

/** Activates the waiting version and reloads the page onto it. */
export function reloadToUpdate(): void {
  void applyUpdate?.(true);
}

/** Seconds after the page loaded before the precache starts: the first visit's own requests go first. */
const REGISTER_DELAY_MS = 2_000;
const UPDATE_CHECK_MS = 60 * 60_000;

export function startServiceWorker(): void {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
  const register = async () => {
    // Loaded only now: the registration code is not needed before the page is usable.
    const { registerSW } = await import("virtual:pwa-register");
    applyUpdate = registerSW({
      immediate: true,
      onNeedRefresh: () => setUpdateWaiting(true),
      onRegisteredSW: (_url, registration) => {
        // Phones keep the app open for days: look for a new version now and then, when online.
        if (registration) {
          setInterval(() => {
            if (navigator.onLine) void registration.update().catch(() => undefined);
          }, UPDATE_CHECK_MS);
        }
      },
    });
  };
  const later = () => window.setTimeout(() => void register().catch(() => undefined), REGISTER_DELAY_MS);
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, { once: true });
}
