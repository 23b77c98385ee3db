import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { precompress } from "./build/precompress";
import { webManifest } from "./build/web-manifest";

const api = "http://localhost:3000";

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      // A new version waits until the page says it is a safe moment (see src/app/UpdateBanner.tsx),
      // so a running page never loses the chunks it still has to load.
      registerType: "prompt",
      injectRegister: false,
      manifest: webManifest,
      includeAssets: ["icons/*.png"],
      workbox: {
        // The whole app shell and every hashed chunk: opened with no signal, every page still starts.
        globPatterns: ["**/*.{js,css,html,png,svg,woff2}"],
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
        navigateFallback: "/index.html",
        // The API, the health check and future server routes are never answered with the app shell.
        navigateFallbackDenylist: [/^\/trpc/, /^\/healthz/, /^\/api/],
        cleanupOutdatedCaches: true,
        // Only the very first install takes the open page; later versions wait for the banner.
        clientsClaim: true,
        skipWaiting: false,
        // Hashed names already differ per version; no ?__WB_REVISION__ needed for them.
        dontCacheBustURLsMatching: /^assets\//,
      },
    }),
    precompress(),
  ],
  server: {
    proxy: {
      "/trpc": { target: api, changeOrigin: false },
      "/healthz": { target: api, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // dist/.vite/manifest.json: the server reads it to preload the lead's page chunks with /lead.
    manifest: true,
    // Pages are lazy route modules, so each role's pages land in their own chunks; the shared
    // vendor code is split once so a workshop lead's phone never downloads the factory pages.
    rolldownOptions: {
      output: {
        advancedChunks: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: "data", test: /node_modules[\\/](@tanstack|@trpc)[\\/]/ },
            { name: "i18n", test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
          ],
        },
      },
    },
  },
});
