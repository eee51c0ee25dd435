// Reads Vitest JSON reports and fails unless every test ran and passed.
// Prints the totals as "N passed, N failed" for whoever reads the CI log,
// and the slowest test files, so the suite's time stays in view.
import { readFileSync } from "node:fs";
import path from "node:path";

const files = process.argv.slice(2).filter((arg) => arg.endsWith(".json"));
const label = process.argv.slice(2).find((arg) => !arg.endsWith(".json")) ?? "total";
let passed = 0;
let failed = 0;
let skipped = 0;
let unsuccessful = false;
const durations = [];
for (const file of files) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  unsuccessful ||= !report.success;
  for (const result of report.testResults) {
    durations.push({ name: path.relative(process.cwd(), result.name), ms: result.endTime - result.startTime });
  }
}
if (files.length === 1) {
  console.log(`${label}: slowest test files`);
  for (const { name, ms } of durations.sort((a, b) => b.ms - a.ms).slice(0, 10))
    console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
}
console.log(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (unsuccessful || failed > 0 || skipped > 0 || passed === 0) {
  const why = skipped ? "tests were skipped; every test is required" : passed === 0 ? "no test ran" : "the test run failed";
  console.error(`ci: ${why}`);
  process.exit(1);
}
