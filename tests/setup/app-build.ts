import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { projectRoot } from "@/lib/paths";
import { failureDir } from "../helpers/browser";

declare module "vitest" {
  export interface ProvidedContext {
    /** The `next build` output the browser tests start with `wb start`, relative to the project root. */
    appBuildDir: string;
  }
}

/** Where the browser tests build the app when no build is named: apart from a developer's `.next`. */
export const TEST_BUILD_DIR = ".next-test";

/** A build directory named relative to the project root, the way next.config.ts's distDir takes it. */
function fromRoot(dir: string): string {
  return path.relative(projectRoot, path.resolve(projectRoot, dir)) || ".";
}

/**
 * Global setup of the `browser` and `faults` projects: the tests run against a production
 * build, made here once per run with `next build` into .next-test/, unless
 * E2E_BUILD_DIR names a finished build to reuse (CI sets E2E_BUILD_DIR=.next
 * after its own `next build`). Each test file then starts `wb start` on it.
 * What failed tests of an earlier run left in test-results/browser/ goes first.
 */
export default async function setup(project: TestProject) {
  await rm(failureDir, { recursive: true, force: true });
  const reuse = process.env.E2E_BUILD_DIR;
  if (reuse) {
    const dir = fromRoot(reuse);
    if (!existsSync(path.join(projectRoot, dir, "BUILD_ID"))) {
      throw new Error(`E2E_BUILD_DIR=${reuse}: no finished \`next build\` there (no BUILD_ID); build it first or unset E2E_BUILD_DIR`);
    }
    project.provide("appBuildDir", dir);
    return;
  }
  // The browser and faults projects both ask for the build; their setups share this process, so one run builds once.
  const shared = globalThis as { appBuild?: Promise<void> };
  await (shared.appBuild ??= nextBuild(TEST_BUILD_DIR));
  project.provide("appBuildDir", TEST_BUILD_DIR);
}

function nextBuild(dir: string): Promise<void> {
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const started = Date.now();
  console.log(`Building the app for the browser tests (next build into ${dir}/; E2E_BUILD_DIR=DIR reuses a build)…`);
  // The build needs no database: every page that reads one renders on request.
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_DIST_DIR: dir, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [nextBin, "build"], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) {
        console.log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        resolve();
      } else reject(new Error(`next build exited with ${code}:\n${output}`));
    });
  });
}
