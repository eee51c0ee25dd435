// Reads Vitest JSON reports and fails unless every test ran and passed.
// Prints the totals as "N passed, N failed" for whoever reads the CI log.
import { readFileSync } from "node:fs";

const files = process.argv.slice(2).filter((arg) => arg.endsWith(".json"));
const label = process.argv.slice(2).find((arg) => !arg.endsWith(".json")) ?? "total";
let passed = 0;
let failed = 0;
let skipped = 0;
let unsuccessful = false;
for (const file of files) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  unsuccessful ||= !report.success;
}
console.log(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (unsuccessful || failed > 0 || skipped > 0 || passed === 0) {
  const why = skipped ? "tests were skipped; every test is required" : passed === 0 ? "no test ran" : "the test run failed";
  console.error(`ci: ${why}`);
  process.exit(1);
}
