import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { keepFailureArtifacts, startTest } from "../helpers/browser";

// Set up for every browser test file (vitest.config.ts): a failing test keeps
// a screenshot and the console of each page it opened, in
// test-results/browser/FILE--TEST/.

beforeEach(() => startTest());

afterEach(async ({ task }) => {
  if (task.result?.state !== "fail") return;
  const names: string[] = [];
  for (let suite = task.suite; suite && suite !== task.file; suite = suite.suite) names.unshift(suite.name);
  const file = path.basename(task.file.name).replace(/\.test\.ts$/, "");
  const name = [file, ...names, task.name]
    .join("--")
    .toLowerCase()
    .replace(/[^a-z0-9а-яё-]+/gi, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
  const dir = await keepFailureArtifacts(name);
  if (dir) console.error(`Screenshots and console of the failed test: ${path.relative(process.cwd(), dir)}`);
});
