// ESLint: Next.js and React hooks rules, promise safety, no import cycles,
// and the layer boundaries of docs/architecture.md, enforced.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

/**
 * The lib/ modules the browser may load (besides types from anywhere in
 * lib/). They import nothing that reaches the database, the file system or
 * Node's built-ins (checked below). Keep this list short.
 */
const browserSafeLib = [
  "errors",
  "limits",
  "schemas",
  "i18n",
  "diff",
  "db/generated/enums",
  "documents/row-filters",
  "documents/compare-score",
  "documents/export-options",
  "formats/file-name",
  "transliteration",
  "auth/roles",
  "checks",
];

/**
 * lib/'s modules in layers: a module may import its own layer's modules and
 * the layers below, never one above, so no two modules depend on each other.
 */
const libLayers = [
  ["errors", "limits", "paths", "schemas", "validation", "i18n", "transliteration"],
  ["db", "diff", "align"],
  ["formats", "users", "cells", "checks"],
  ["segments", "glossary"],
  ["revisions"],
  ["documents"],
  ["auth"],
  ["cli"],
];

/** Import specifiers that reach lib/MODULE, by alias or relative path. */
const reaching = (module) => [`@/lib/${module}`, `@/lib/${module}/**`, `**/lib/${module}`, `**/lib/${module}/**`];
const reachingFromInsideLib = (module) => [...reaching(module), `../${module}`, `../${module}/**`, `../../${module}`, `../../${module}/**`];

const frameworkImports = {
  group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*", "@/app/**", "@/components/**", "**/app/**", "**/components/**"],
  message: "lib/ holds the domain as plain TypeScript: no Next.js, no React, no screens or routes.",
};

const layerRules = libLayers.flatMap((layer, index) => {
  const above = libLayers.slice(index + 1).flat();
  return layer.map((module) => ({
    name: `lib/${module}: layer ${index}`,
    files: [`lib/${module}.ts`, `lib/${module}/**/*.ts`],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            frameworkImports,
            ...(above.length
              ? [
                  {
                    group: above.flatMap(reachingFromInsideLib),
                    message: `lib/${module} is below ${above.join(", ")} (lib layers in eslint.config.mjs): move what both need down a layer, e.g. to lib/schemas.ts.`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  }));
});

const browserSafeFiles = browserSafeLib.flatMap((module) => [`lib/${module}.ts`, `lib/${module}/**/*.ts`]);
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const httpMethods = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS";
const useRouteWrapper =
  "Export the handler as `export const METHOD = route(...)` (app/api/_lib/route.ts) so errors are mapped in one place.";

export default defineConfig([
  globalIgnores([".next/**", ".next-*/**", ".data/**", "test-results/**", "lib/db/generated/**", "next-env.d.ts"]),
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["**/*.{ts,tsx,mts}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" } },
      // Cycle detection parses what our files import; bundled packages are not ours (and some overflow the parser).
      "import/ignore": ["node_modules"],
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "import/no-duplicates": ["error", { "prefer-inline": true }],
    },
  },
  ...layerRules,
  {
    name: "browser-safe lib/ modules stay browser-safe",
    files: browserSafeFiles,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            frameworkImports,
            {
              group: ["node:*", "pg", "@prisma/*", "**/db/client", "**/db/app-db", "**/db/connection"],
              message: "This module is loaded by the browser.",
            },
          ],
        },
      ],
    },
  },
  {
    name: "components/ run in the browser: lib/ types only, plus the browser-safe modules",
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^(@/|(\\.\\./)+)lib/(?!(${browserSafeLib.map(escapeRegex).join("|")})$)`,
              allowTypeImports: true,
              message: `components/ import from lib/ only types and the browser-safe modules (${browserSafeLib.join(", ")}; eslint.config.mjs).`,
            },
          ],
        },
      ],
    },
  },
  {
    name: "every API handler goes through the route wrapper of app/api/_lib",
    files: ["app/api/**/route.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: `ExportNamedDeclaration > FunctionDeclaration[id.name=/^(${httpMethods})$/]`, message: useRouteWrapper },
        {
          selector: `ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[id.name=/^(${httpMethods})$/]:not([init.type="CallExpression"][init.callee.name="route"])`,
          message: useRouteWrapper,
        },
      ],
    },
  },
]);
