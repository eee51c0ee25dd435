import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { finishTest, startTest } from "../helpers/browser";

// Set up for every browser test file (vitest.config.ts). Each test's browser
// contexts are its own and are closed when it ends; a failing test first
// keeps a screenshot and the console of each page it opened, in
// test-results/browser/FILE--SUITE--TEST/.

beforeEach(() => startTest());

// Registered first, so it runs after the test file's own afterEach hooks.
afterEach(async ({ task }) => {
  let failedAs: string | null = null;
  if (task.result?.state === "fail") {
    const names: string[] = [];
    for (let suite = task.suite; suite && suite !== task.file; suite = suite.suite) names.unshift(suite.name);
    const file = path.basename(task.file.name).replace(/\.test\.ts$/, "");
    failedAs = [file, ...names, task.name]
      .join("--")
      .toLowerCase()
      .replace(/[^a-z0-9а-яё-]+/gi, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 120);
  }
  const dir = await finishTest(failedAs);
  if (dir) console.error(`Screenshots and console of the failed test: ${path.relative(process.cwd(), dir)}`);
});
