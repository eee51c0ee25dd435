import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { recentAppErrors } from "../helpers/app";
import { finishTest, startTest } from "../helpers/browser";

// Set up for every browser test file (vitest.config.ts). Each test's browser
// contexts are its own and are closed when it ends; a failing test first
// keeps a screenshot and the console of each page it opened, in
// test-results/browser/FILE--SUITE--TEST/, and prints each page's console
// too, and the app's latest lines on stderr: CI's log is often all there is
// to read of a failure.

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
  if (!dir) return;
  console.error(`Screenshots and console of the failed test: ${path.relative(process.cwd(), dir)}`);
  for (const name of (await readdir(dir)).filter((file) => file.endsWith(".console.txt")).sort()) {
    console.error(`--- ${name}\n${await readFile(path.join(dir, name), "utf8")}`);
  }
  const errors = recentAppErrors();
  if (errors.length) console.error(`--- the app's latest lines on stderr\n${errors.join("\n")}`);
});
