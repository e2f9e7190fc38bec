#!/usr/bin/env node
// Copies Swagger UI from the installed swagger-ui-dist package into
// public/docs-assets/ and writes the page's init script and styles, so /docs
// needs no CDN and no inline script (the CSP is script-src 'self').
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve("swagger-ui-dist/package.json"));
const out = path.join(root, "public", "docs-assets");
mkdirSync(out, { recursive: true });

// Drop the source-map comment: the map is not shipped, so browsers would 404 on it.
const withoutSourceMap = (text) => text.replace(/\n?\/[*/]# sourceMappingURL=[^\n]*\s*$/, "\n");

for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
  writeFileSync(path.join(out, file), withoutSourceMap(readFileSync(path.join(dist, file), "utf8")));
}
writeFileSync(path.join(out, "LICENSE.txt"), readFileSync(path.join(dist, "LICENSE"), "utf8"));

const init = `// Starts Swagger UI on /docs with the document named by the page.
(function () {
  var el = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: el.getAttribute("data-spec-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    filter: true,
    displayRequestDuration: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
  });
})();
`;
writeFileSync(path.join(out, "init.js"), init);

const css = `body { margin: 0; background: #fff; }
#swagger-ui { max-width: 1200px; margin: 0 auto; }
`;
writeFileSync(path.join(out, "docs.css"), css);

console.log(`• docs assets → ${path.relative(root, out)}/`);
