import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

// The slow fault scenarios (kill -9 mid-write, minutes per database): a project of their own,
// which CI runs as a step of its own (.ci/run).
const faults = ["tests/integration/crash-*.test.ts"];

// Four projects, all run by `npm test`; each runs alone with `npx vitest run --project NAME`.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        // Pure code, no globals or mocks: a worker keeps its modules from one file to the next.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], maxWorkers: 2, isolate: false },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...faults],
          // One migrated database per run, which each file's database copies.
          globalSetup: ["tests/helpers/database-template.ts"],
          // Two files at a time, each on a database of its own. A worker keeps its modules
          // (PGlite's compiled WebAssembly among them) from one file to the next: the files'
          // fixtures drop their databases and put back what they change on globalThis.
          maxWorkers: 2,
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "faults",
          include: faults,
          // Databases as for integration; the production build too (some scenarios kill `wb start`).
          globalSetup: ["tests/helpers/database-template.ts", "tests/setup/app-build.ts"],
          // Each file kills processes that write thousands of rows: two at once keep the step to minutes.
          maxWorkers: 2,
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["tests/e2e/**/*.test.ts"],
          // `next build` once per run (or E2E_BUILD_DIR, a build to reuse); each file starts `wb start` on it.
          globalSetup: ["tests/setup/app-build.ts"],
          // Fresh browser contexts per test; a failing one keeps screenshots and console logs in test-results/browser/.
          setupFiles: ["tests/setup/browser-tests.ts"],
          // Each file starts the app and a browser; two at once starve the machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
