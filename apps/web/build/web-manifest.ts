import type { ManifestOptions } from "vite-plugin-pwa";

/** What a phone needs to install kitflow on its home screen; it opens on the lead's Today. */
export const webManifest: Partial<ManifestOptions> = {
  name: "kitflow 车间",
  short_name: "kitflow",
  description: "外发加工：收货、回货、计件与工钱",
  lang: "zh-CN",
  start_url: "/lead",
  scope: "/",
  display: "standalone",
  orientation: "portrait",
  theme_color: "#1f5f8b",
  background_color: "#ffffff",
  icons: [
    { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
    { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
    { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
    { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
  ],
};
