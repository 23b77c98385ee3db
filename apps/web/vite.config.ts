import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { precompress } from "./build/precompress";

const api = "http://localhost:3000";

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    proxy: {
      "/trpc": { target: api, changeOrigin: false },
      "/healthz": { target: api, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
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
