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
/**
 * Pages loading at once in one signed-in browser context: while one waits on the server, another renders or is
 * screenshotted, so a crawl does not take the sum of every page's round trips.
 */
const TABS = 3;
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

/** One page of a context, with what it saw while loading. */
interface Tab {
  page: Page;
  watch: PageWatch;
}

async function visit(tab: Tab, path: string, role: string, viewport: ViewportName): Promise<Visit> {
  const { page, watch } = tab;
  const route = routeOf(path);
  await page.goto(path);
  const settled = await settle(page);
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, screenshotName(role, route), viewport);
  const problems = [...watch.take(), ...(await pageProblems(page, KEYS))];
  if (!settled) problems.push("still loading after 10 s");
  return { path, route, problems };
}

/** Visits every path, each tab taking the next one as it finishes the last. */
async function visitAll<T>(
  tabs: Tab[],
  paths: string[],
  visitOn: (tab: Tab, path: string) => Promise<T>,
): Promise<T[]> {
  const visits: T[] = new Array(paths.length);
  let next = 0;
  await Promise.all(
    tabs.map(async (tab) => {
      for (let i = next++; i < paths.length; i = next++) visits[i] = await visitOn(tab, paths[i] ?? "");
    }),
  );
  return visits;
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

  /** `TABS` pages of one new context, signed in as `username` (cookies are the context's, so every tab is). */
  async function openAs(username: string | null, viewport: ViewportName, tabCount = TABS) {
    const context = await newContext(browser, viewport, server.url);
    context.setDefaultTimeout(15_000);
    const tabs: Tab[] = [];
    for (let i = 0; i < tabCount; i++) {
      const page = await context.newPage();
      await keepOffTheInternet(page, server.url);
      tabs.push({ page, watch: watchPage(page, server.url) });
    }
    const first = tabs[0] as Tab;
    if (username) await signInUI(first.page, username);
    return { context, tabs, first };
  }

  function report(visits: Visit[]): string[] {
    return visits.flatMap((v) => v.problems.map((p) => `${v.path} (${v.route}): ${p}`));
  }

  it("the sign-in page", async () => {
    const atWidth = async (viewport: ViewportName) => {
      const problems: string[] = [];
      const { context, first } = await openAs(null, viewport, 1);
      const { page, watch } = first;
      const signIn = await visit(first, "/signin", "anyone", viewport);
      problems.push(...report([signIn]));
      // A refusal is worded in Chinese, as are the app's own required-field messages.
      await page.getByRole("button", { name: zh("signIn.submit"), exact: true }).click();
      problems.push(...(await pageProblems(page, KEYS)).map((p) => `/signin, nothing filled in: ${p}`));
      await page.getByLabel(zh("signIn.username")).fill("lead.xianghu");
      await page.getByLabel(zh("signIn.password")).fill("not-the-password");
      await page.getByRole("button", { name: zh("signIn.submit"), exact: true }).click();
      await page.getByRole("alert").first().waitFor();
      await settle(page);
      watch.take(); // the refused sign-in is the point here
      problems.push(...(await pageProblems(page, KEYS)).map((p) => `/signin, wrong password: ${p}`));
      await context.close();
      return problems;
    };
    const problems = await Promise.all([atWidth("desktop"), atWidth("phone")]);
    expect(problems.flat()).toEqual([]);
  });

  for (const role of ROLES) {
    it(`${role}: every page at 1440 px`, async () => {
      const { context, tabs, first } = await openAs(role, "desktop");
      const home = new URL(first.page.url()).pathname;
      const queue = [
        home,
        ...(await first.page
          .getByRole("navigation")
          .locator("a[href]")
          .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))),
      ];
      const seen = new Set<string>();
      const visits: Visit[] = [];
      let visiting = 0;
      let visited = () => {};
      /** The next path of a route not seen yet, as long as the page budget lasts. */
      const take = () => {
        while (queue.length > 0 && visits.length + visiting < MAX_PAGES_PER_ROLE) {
          const path = queue.shift() ?? "";
          if (!path.startsWith("/") || seen.has(routeOf(path))) continue;
          seen.add(routeOf(path));
          return path;
        }
        return undefined;
      };
      // Each tab takes the next unseen route; an idle tab waits for a visit under way to queue more links.
      await Promise.all(
        tabs.map(async (tab) => {
          for (;;) {
            const path = take();
            if (path === undefined) {
              if (visiting === 0) return;
              await new Promise<void>((resolve) => {
                const before = visited;
                visited = () => {
                  before();
                  resolve();
                };
              });
              continue;
            }
            visiting += 1;
            try {
              visits.push(await visit(tab, path, role, "desktop"));
              queue.push(...(await linksOn(tab.page, server.url)));
            } finally {
              visiting -= 1;
              const wake = visited;
              visited = () => {};
              wake();
            }
          }
        }),
      );
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
      const { context, tabs } = await openAs(role, "phone");
      const visits = await visitAll(tabs, paths, (tab, path) => visit(tab, path, role, "phone"));
      await context.close();
      expect(report(visits)).toEqual([]);
    }, 180_000);
  }
});
