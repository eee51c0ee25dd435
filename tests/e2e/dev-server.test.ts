// `npm run dev` as a newcomer runs it, opened by IP instead of by name: Next's
// development server serves its scripts only to origins it knows
// (allowedDevOrigins in next.config.ts), so without them a page opened at
// 127.0.0.1 never hydrates, and nothing tells the person why.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { launchBrowser, readerContext } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { environment, freePort, startScript, stop, waitForLine } from "../helpers/processes";

let dev: ChildProcess;
let port: number;
let browser: Browser;
let dataDir: string;
let database: TestDatabase | undefined;

beforeAll(async () => {
  port = await freePort();
  dataDir = await mkdtemp(path.join(tmpdir(), "parallel-dev-"));
  database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  // .next-test/dev is where a development server keeps its files next to the tests' build (tsconfig.json knows it).
  const env = environment({ DATABASE_URL: database?.url, PARALLEL_DATA_DIR: dataDir, NEXT_DIST_DIR: ".next-test" });
  dev = startScript("lib/cli/main.ts", ["dev", "--port", String(port)], env);
  await waitForLine(dev, /Ready in/);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (dev) expect(await stop(dev, "SIGINT")).toBe(0);
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the development server", () => {
  it("hydrates the workbench opened at 127.0.0.1 and at localhost, under the Content-Security-Policy", async () => {
    const context = await readerContext(browser);
    const violations: string[] = [];
    for (const host of ["127.0.0.1", "localhost"]) {
      const page = await context.newPage();
      page.on("console", (message) => {
        if (/Content Security Policy|blocked.*origin/i.test(message.text())) violations.push(`${host}: ${message.text()}`);
      });
      const answer = await page.goto(`http://${host}:${port}/en/documents/${SPEECH_SLUG}`, { timeout: 150_000 });
      expect(answer?.status()).toBe(200);
      await page.locator("[data-ready]").waitFor({ timeout: 150_000 });
      await page.close();
    }
    expect(violations).toEqual([]);
  }, 180_000);
});
