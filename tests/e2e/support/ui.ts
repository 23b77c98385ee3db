import { shanghaiMonth as monthAt } from "@kitflow/domain";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_PASSWORD } from "./api";
import { newContext, type ViewportName } from "./browser";
import { zh } from "./locale";
import { keepOffTheInternet, type PageWatch, watchPage } from "./page-checks";

/** Signs in through the sign-in form, as a person would, and waits to leave it. */
export async function signInUI(page: Page, username: string, next?: string): Promise<void> {
  await page.goto(next ? `/signin?next=${encodeURIComponent(next)}` : "/signin");
  await page.getByLabel(zh("signIn.username")).fill(username);
  await page.getByLabel(zh("signIn.password")).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: zh("signIn.submit"), exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

/** The month of a date in Shanghai ("2026-11"), as the settlement pages group by it. */
export function shanghaiMonth(at: Date = new Date()): string {
  return monthAt(at);
}

/** A person in a browser context of their own, signed in through the form, with their page watched. */
export interface SignedIn {
  context: BrowserContext;
  page: Page;
  watch: PageWatch;
  viewport: ViewportName;
}

export async function signedIn(
  browser: Browser,
  baseURL: string,
  username: string,
  viewport: ViewportName,
  timeoutMs = 20_000,
): Promise<SignedIn> {
  const context = await newContext(browser, viewport, baseURL);
  context.setDefaultTimeout(timeoutMs);
  const page = await context.newPage();
  await keepOffTheInternet(page, baseURL);
  const watch = watchPage(page, baseURL);
  await signInUI(page, username);
  return { context, page, watch, viewport };
}
