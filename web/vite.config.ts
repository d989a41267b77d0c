import { defineConfig } from "vite";

// The server embeds dist/ by fixed file names (see src/server/reader.rs), so
// the build emits exactly index.html, assets/app.js and assets/app.css,
// without content hashes: the same sources always build the same bytes.
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      output: {
        entryFileNames: "assets/app.js",
        assetFileNames: "assets/app[extname]",
        inlineDynamicImports: true,
      },
    },
  },
});
