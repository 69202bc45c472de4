// Construit le paquet des formulaires (src/piu/core/book/runner/static/piu-widgets.{js,css}) :
//   cd scripts/widgets && npm ci && npm run build
// L'en-tête porte l'empreinte sha256 du package-lock.json : un test vérifie qu'elle correspond.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as esbuild from "esbuild";

const lock = createHash("sha256").update(readFileSync("package-lock.json")).digest("hex");
const banner = `/* piu-widgets : @jupyter-widgets/base, base-manager, controls, output de html-manager (licences BSD-3-Clause).\n` +
  ` * Construit par « cd scripts/widgets && npm ci && npm run build » ; package-lock.json sha256 ${lock} */`;
await esbuild.build({
  entryPoints: ["entree.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2019"],
  outfile: "../../src/piu/core/book/runner/static/piu-widgets.js",
  loader: { ".svg": "dataurl", ".woff": "empty", ".woff2": "empty", ".ttf": "empty", ".eot": "empty" },
  define: { "process.env.NODE_ENV": '"production"' },
  banner: { js: banner, css: banner },
  legalComments: "eof",
  logLevel: "info",
});
