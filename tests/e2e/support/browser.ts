import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { describe } from "vitest";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = join(import.meta.dirname, "..", "screenshots");

/** Desktop for the factory manager, phone for the workshop lead (issue: 1440 px and 390 px). */
export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/**
 * Browser suites need Debian's Chromium. Locally its absence is announced and the suite skipped;
 * in CI (CI=true) it is a failure, so a missing install step can never pass unnoticed.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install chromium (see .ci/run)`);
  console.warn(
    `\n${"!".repeat(72)}\n!! SKIPPING browser suite "${name}": ${CHROMIUM} not found.\n!! Install it with: apt-get install -y chromium fonts-wqy-microhei\n${"!".repeat(72)}\n`,
  );
  describe.skip(name, body);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-quic",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

export async function newContext(browser: Browser, viewport: ViewportName, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: VIEWPORTS[viewport],
    deviceScaleFactor: 1,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    isMobile: viewport === "phone",
    hasTouch: viewport === "phone",
  });
}

/** Saves tests/e2e/screenshots/<name>-<viewport>.png (gitignored) for people to look at. */
export async function screenshot(page: Page, name: string, viewport: ViewportName): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}-${viewport}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
