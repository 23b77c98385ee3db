import { shanghaiMonth as monthAt } from "@kitflow/domain";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD } from "./api";
import { zh } from "./locale";

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
