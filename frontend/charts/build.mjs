// Bundle entry.mjs into ../static/vendor/echarts.js (minified, no CDN at run time).
import { mkdirSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const out = new URL("../static/vendor/", import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL(".gitignore", out), "# built by frontend/charts (npm run build)\n*\n");
await build({
  entryPoints: [new URL("entry.mjs", import.meta.url).pathname],
  outfile: new URL("echarts.js", out).pathname,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2019"],
  legalComments: "eof",
  logLevel: "warning",
});
