import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { apiAs } from "./support/api";
import { describeInBrowser, launchBrowser, newContext, screenshot, type ViewportName } from "./support/browser";
import { translationKeys, zh } from "./support/locale";
import { keepOffTheInternet, type PageWatch, pageProblems, settle, watchPage } from "./support/page-checks";
import { type E2EServer, startE2EServer } from "./support/server";
import { signInUI } from "./support/ui";

/**
 * Every page of every role at 1440 px and 390 px, found the way a user finds them: from the
 * navigation and the links on each page. Each is screenshotted (tests/e2e/screenshots) for people
 * to look at, and fails on script errors, API failures, sideways scrolling, untranslated text,
 * failed or empty states.
 */

const ROLES = ["factory.jhb", "lead.xianghu", "official.ruijin", "admin"] as const;
/** One example of each route is enough; a role with more routes than this is cut off (and says so). */
const MAX_PAGES_PER_ROLE = 30;
const KEYS = new Set(translationKeys());

/** "/factory/batches/1f0e…" → "/factory/batches/:id": pages of one route look alike. */
function routeOf(pathname: string): string {
  return pathname
    .split("/")
    .map((part) => (/^[0-9a-f]{8}-[0-9a-f-]{27,}$/i.test(part) || /\d{3,}/.test(part) ? ":id" : part))
    .join("/");
}

function screenshotName(role: string, route: string): string {
  const slug = route.replace(/^\//, "").replace(/[/:]+/g, "-").replace(/-+$/, "") || "home";
  return `${role.split(".")[0]}-${slug}`;
}

/** Same-site page links on the current page (no files, no sign-in, no in-page anchors). */
async function linksOn(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page
    .locator("a[href]:not([download])")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  return hrefs
    .filter((href): href is string => Boolean(href?.startsWith("/") && !href.startsWith("//")))
    .map((href) => new URL(href, origin))
    .filter((url) => !/\.\w{2,5}$/.test(url.pathname) && !url.pathname.startsWith("/signin"))
    .map((url) => url.pathname);
}

interface Visit {
  path: string;
  route: string;
  problems: string[];
}

async function visit(page: Page, watch: PageWatch, path: string, role: string, viewport: ViewportName): Promise<Visit> {
  const route = routeOf(path);
  await page.goto(path);
  const settled = await settle(page, watch);
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, screenshotName(role, route), viewport);
  const problems = [...watch.take(), ...(await pageProblems(page, KEYS))];
  if (!settled) problems.push("still loading after 10 s");
  return { path, route, problems };
}

describeInBrowser("every page at both widths", () => {
  let server: E2EServer;
  let browser: Browser;
  /** Pages found per role at desktop width, visited again on the phone. */
  const found = new Map<string, string[]>();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2EServer(), launchBrowser()]);
    // A delivery on its way to 象湖, so the lead's confirm page is among the pages found.
    const factory = await apiAs(server.url, "factory.jhb");
    const xianghu = (await factory.partners.list.query()).find((p) => p.shortName === "象湖");
    const product = (await factory.catalog.listProducts.query())[0];
    if (!xianghu || !product) throw new Error("demo data lacks 象湖 or a product");
    const batch = await factory.batches.create.mutate({
      workshopId: xianghu.id,
      productId: product.id,
      quantity: 20,
      idempotencyKey: "e2e-screens-batch",
    });
    await factory.shipments.dispatch.mutate({
      batchId: batch.id,
      lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
      idempotencyKey: "e2e-screens-dispatch",
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openAs(username: string | null, viewport: ViewportName) {
    const context = await newContext(browser, viewport, server.url);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await keepOffTheInternet(page, server.url);
    const watch = watchPage(page, server.url);
    if (username) await signInUI(page, username);
    return { context, page, watch };
  }

  function report(visits: Visit[]): string[] {
    return visits.flatMap((v) => v.problems.map((p) => `${v.path} (${v.route}): ${p}`));
  }

  it("the sign-in page", async () => {
    const problems: string[] = [];
    for (const viewport of ["desktop", "phone"] as const) {
      const { context, page, watch } = await openAs(null, viewport);
      const signIn = await visit(page, watch, "/signin", "anyone", viewport);
      problems.push(...report([signIn]));
      // A refusal is worded in Chinese, as are the app's own required-field messages.
      await page.getByRole("button", { name: zh("signIn.submit"), exact: true }).click();
      problems.push(...(await pageProblems(page, KEYS)).map((p) => `/signin, nothing filled in: ${p}`));
      await page.getByLabel(zh("signIn.username")).fill("lead.xianghu");
      await page.getByLabel(zh("signIn.password")).fill("not-the-password");
      await page.getByRole("button", { name: zh("signIn.submit"), exact: true }).click();
      await page.getByRole("alert").first().waitFor();
      await settle(page, watch);
      watch.take(); // the refused sign-in is the point here
      problems.push(...(await pageProblems(page, KEYS)).map((p) => `/signin, wrong password: ${p}`));
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  for (const role of ROLES) {
    it(`${role}: every page at 1440 px`, async () => {
      const { context, page, watch } = await openAs(role, "desktop");
      const home = new URL(page.url()).pathname;
      const queue = [
        home,
        ...(await page
          .getByRole("navigation")
          .locator("a[href]")
          .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))),
      ];
      const seen = new Set<string>();
      const visits: Visit[] = [];
      while (queue.length > 0 && visits.length < MAX_PAGES_PER_ROLE) {
        const path = queue.shift() ?? "";
        if (!path.startsWith("/") || seen.has(routeOf(path))) continue;
        seen.add(routeOf(path));
        visits.push(await visit(page, watch, path, role, "desktop"));
        queue.push(...(await linksOn(page, server.url)));
      }
      const left = queue.filter((p) => !seen.has(routeOf(p)));
      if (left.length > 0)
        console.warn(`${role}: stopped after ${MAX_PAGES_PER_ROLE} pages; not visited: ${left.join(", ")}`);
      found.set(
        role,
        visits.map((v) => v.path),
      );
      console.info(`${role} pages: ${visits.map((v) => v.route).join("  ")}`);
      await context.close();
      expect(report(visits)).toEqual([]);
    }, 180_000);

    it(`${role}: every page at 390 px`, async () => {
      const paths = found.get(role);
      if (!paths) throw new Error(`the desktop pass of ${role} found no pages`);
      const { context, page, watch } = await openAs(role, "phone");
      const visits: Visit[] = [];
      for (const path of paths) visits.push(await visit(page, watch, path, role, "phone"));
      await context.close();
      expect(report(visits)).toEqual([]);
    }, 180_000);
  }
});
