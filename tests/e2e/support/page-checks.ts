import type { Page } from "playwright-core";
import { zh } from "./locale";

/**
 * What makes a page look broken to its user, gathered while it loads and checked once it settled:
 * script errors, API failures, sideways scrolling, raw translation keys, failed loads, empty boxes,
 * English messages (the server's own words) in the Chinese UI.
 */
export interface PageWatch {
  /** Problems seen since the last call, emptied by it. */
  take(): string[];
}

/** Requests leaving the server (map tiles, fonts) are refused: the suite must not depend on the internet. */
export async function keepOffTheInternet(page: Page, origin: string): Promise<void> {
  await page.route(
    (url) => url.origin !== origin && url.protocol.startsWith("http"),
    (route) => route.abort("blockedbyclient"),
  );
}

/**
 * Counts the page's own fetches still under way, in the page, where `settle` reads it without a round trip.
 * Installed before each navigation's first script runs (the app captures no fetch before that).
 */
function countFetches(): void {
  const counted = window as unknown as { kitflowFetches?: number };
  if (counted.kitflowFetches !== undefined) return;
  counted.kitflowFetches = 0;
  const original = window.fetch;
  window.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
    counted.kitflowFetches = (counted.kitflowFetches ?? 0) + 1;
    return original.apply(this, args).finally(() => {
      counted.kitflowFetches = (counted.kitflowFetches ?? 1) - 1;
    });
  } as typeof fetch;
}

/** Watches a page from its next navigation on (call it before `goto`). */
export function watchPage(page: Page, origin: string): PageWatch {
  let problems: string[] = [];
  page
    .addInitScript(countFetches)
    .catch((error: Error) => problems.push(`fetch counter not installed: ${error.message}`));
  const isApi = (url: string) => url.startsWith(`${origin}/trpc`);
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location().url;
    // Blocked outside resources (map tiles) are the test's doing, not the page's.
    if (where && !where.startsWith(origin) && !where.startsWith("data:")) return;
    if (/ERR_BLOCKED_BY_CLIENT/.test(message.text())) return;
    // Signed out, "who am I" is answered 401 by design; Chromium logs every 4xx fetch as an error.
    if (where.includes("/trpc/auth.me") && message.text().includes("401")) return;
    problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    const failure = request.failure()?.errorText ?? "";
    if (request.url().startsWith(origin) && !/ERR_ABORTED/.test(failure)) {
      problems.push(`request failed: ${request.url()} ${failure}`);
    }
  });
  page.on("response", (response) => {
    // Merely viewing a page must not make the API refuse or fail (≥ 500 is a crash; 4xx a page asking wrongly).
    if (isApi(response.url()) && response.status() >= 400 && !response.url().includes("auth.me")) {
      problems.push(`API ${response.status()}: ${new URL(response.url()).pathname}`);
    }
  });
  return {
    take() {
      const out = problems;
      problems = [];
      return out;
    },
  };
}

/** Animation frames in a row with no fetch under way and no loading indicator: time for a next call to start. */
const CALM_FRAMES = 6;

/**
 * Waits until the page (watched by `watchPage`) has no fetch under way and shows no loading indicator, for
 * several frames in a row; checked in the page on every frame, so a page that is ready is seen at once.
 */
export async function settle(page: Page, timeoutMs = 10_000): Promise<boolean> {
  const call = Math.random();
  try {
    await page.waitForFunction(
      ({ call, frames }) => {
        const state = window as unknown as { kitflowFetches?: number; kitflowCalm?: { call: number; frames: number } };
        if (state.kitflowFetches === undefined)
          throw new Error("settle: watchPage was not called before this page loaded");
        if (state.kitflowCalm?.call !== call) state.kitflowCalm = { call, frames: 0 };
        const calm = state.kitflowFetches === 0 && !document.querySelector(".loading, [aria-busy='true']");
        state.kitflowCalm.frames = calm ? state.kitflowCalm.frames + 1 : 0;
        return state.kitflowCalm.frames >= frames;
      },
      { call, frames: CALM_FRAMES },
      { polling: "raf", timeout: timeoutMs },
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") return false;
    throw error;
  }
}

/** Three English words in a row: a sentence of the server's (codes such as PART-A or WF-0001 are single words). */
const ENGLISH_SENTENCE = /\b[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}\b/;

const NAMESPACED_KEY = /\b[a-z]+:[a-z]+\.[a-zA-Z.]+\b/;
const DOTTED = /[a-zA-Z][\w]*(?::\w+)?(?:\.\w+)+/g;

/**
 * Checks a settled page. `keys` are the app's translation keys: shown as text, one is an
 * untranslated string.
 */
export async function pageProblems(page: Page, keys: ReadonlySet<string>): Promise<string[]> {
  const problems: string[] = [];
  const facts = await page.evaluate(() => {
    const visible = (el: Element) => {
      const box = (el as HTMLElement).getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none";
    };
    const texts = (selector: string) =>
      [...document.querySelectorAll(selector)].filter(visible).map((el) => (el as HTMLElement).innerText.trim());
    const attributes = [...document.querySelectorAll("[aria-label], [placeholder], [title], img[alt]")].flatMap((el) =>
      ["aria-label", "placeholder", "title", "alt"].map((a) => el.getAttribute(a) ?? ""),
    );
    return {
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      innerWidth: window.innerWidth,
      text: document.body.innerText,
      attributes,
      errorStates: texts(".error-state"),
      alerts: texts("[role='alert']"),
      lang: document.documentElement.lang,
      messages: texts("[role='alert'], [role='status'], .form-error, .field-error, .error-state, .notice"),
      emptyStates: texts(".empty-state"),
      brokenImages: [...document.images]
        .filter((img) => img.complete && img.naturalWidth === 0 && visible(img))
        .map((img) => img.src)
        .filter((src) => src.startsWith(location.origin) || src.startsWith("data:")),
      h1: document.querySelectorAll("h1").length,
    };
  });
  if (facts.scrollWidth > facts.innerWidth + 1) {
    problems.push(`horizontal overflow: page is ${facts.scrollWidth}px wide in a ${facts.innerWidth}px viewport`);
  }
  const shown = [facts.text, ...facts.attributes].join("\n");
  const namespaced = NAMESPACED_KEY.exec(shown);
  if (namespaced) problems.push(`untranslated key on screen: ${namespaced[0]}`);
  for (const token of new Set(shown.match(DOTTED) ?? [])) {
    if (keys.has(token)) problems.push(`untranslated key on screen: ${token}`);
  }
  const placeholder = /\{\{\s*\w+\s*\}\}/.exec(shown);
  if (placeholder) problems.push(`unfilled placeholder on screen: ${placeholder[0]}`);
  for (const text of facts.errorStates) problems.push(`error state shown: ${text.replace(/\s+/g, " ") || "(empty)"}`);
  if (facts.alerts.some((text) => text === "")) problems.push("an empty alert box is shown");
  if (facts.lang === "zh-CN") {
    for (const text of facts.messages) {
      const english = ENGLISH_SENTENCE.exec(text);
      if (english)
        problems.push(`English message in the Chinese UI: "${english[0]}" in "${text.replace(/\s+/g, " ")}"`);
    }
  }
  for (const text of facts.emptyStates) {
    if (text === "") problems.push("an empty 'no data' box without any text is shown");
    if (text.startsWith(zh("error.pageNotFound"))) problems.push("the page is 'not found'");
    if (text.startsWith(zh("error.forbidden"))) problems.push("the page says the account may not see it");
  }
  for (const src of facts.brokenImages) problems.push(`broken image: ${src.slice(0, 80)}`);
  if (facts.h1 === 0) problems.push("no h1 heading");
  return problems;
}
