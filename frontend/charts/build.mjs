// Bundle entry.mjs into ../static/vendor/echarts.js (minified, no CDN at run time), and copy
// Swagger UI's prebuilt assets into ../static/vendor/swagger-ui/ for the offline /docs page.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
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

const swagger = new URL("swagger-ui/", out);
mkdirSync(swagger, { recursive: true });
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"]) {
  copyFileSync(new URL(`node_modules/swagger-ui-dist/${name}`, import.meta.url), new URL(name, swagger));
}
