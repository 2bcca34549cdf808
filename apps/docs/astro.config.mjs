// The semiclassical documentation site: static Astro build, math by KaTeX at build time,
// live demos in a module Web Worker (the numerics packages are pure, so they run in the browser).
import mdx from "@astrojs/mdx";
import { defineConfig, passthroughImageService } from "astro/config";
import rehypeKatex from "rehype-katex";
import remarkMath from "remark-math";

export default defineConfig({
  site: "https://semiclassical.invalid",
  output: "static",
  trailingSlash: "ignore",
  integrations: [mdx()],
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [[rehypeKatex, { strict: "ignore", throwOnError: true }]],
    shikiConfig: { theme: "github-light" },
  },
  image: { service: passthroughImageService() },
  devToolbar: { enabled: false },
  vite: {
    worker: { format: "es" },
    build: { chunkSizeWarningLimit: 2000 },
  },
});
