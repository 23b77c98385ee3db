/**
 * Draws the home-screen icons (public/icons/*.png) from one SVG with the machine's Chromium. Run by hand
 * after changing the design (`npx tsx apps/web/build/render-icons.ts`); the PNGs are committed, so the
 * build itself needs no browser.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const OUT = join(import.meta.dirname, "..", "public", "icons");
const THEME = "#1f5f8b";

/** A kit box with "车间" under it. `inset` shrinks the drawing into the maskable safe zone (a centred 80 % circle). */
function svg(size: number, { rounded, inset }: { rounded: boolean; inset: number }): string {
  const s = size;
  const c = s * (1 - inset * 2);
  const o = s * inset;
  const u = c / 100;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
  <rect width="${s}" height="${s}" rx="${rounded ? s * 0.18 : 0}" fill="${THEME}"/>
  <g transform="translate(${o} ${o}) scale(${u})" fill="none" stroke="#fff" stroke-width="5" stroke-linejoin="round">
    <path d="M50 12 L80 26 L80 52 L50 66 L20 52 L20 26 Z"/>
    <path d="M20 26 L50 40 L80 26 M50 40 L50 66"/>
    <path d="M35 19 L65 33" stroke-width="4"/>
  </g>
  <text x="${s / 2}" y="${o + u * 90}" text-anchor="middle" font-family="WenQuanYi Micro Hei, sans-serif"
    font-size="${u * 22}" font-weight="700" fill="#fff">车间</text>
</svg>`;
}

const ICONS = [
  { file: "icon-192.png", size: 192, rounded: true, inset: 0.06 },
  { file: "icon-512.png", size: 512, rounded: true, inset: 0.06 },
  { file: "maskable-192.png", size: 192, rounded: false, inset: 0.16 },
  { file: "maskable-512.png", size: 512, rounded: false, inset: 0.16 },
];

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox"] });
try {
  const page = await browser.newPage();
  for (const icon of ICONS) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    await page.setContent(`<body style="margin:0;background:transparent">${svg(icon.size, icon)}</body>`);
    const png = await page.locator("svg").screenshot({ omitBackground: true });
    writeFileSync(join(OUT, icon.file), png);
  }
} finally {
  await browser.close();
}
