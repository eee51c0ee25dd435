#!/usr/bin/env node
// The installed `wb` command: runs the TypeScript CLI from its bundle (lib/cli/bundle.mjs: made
// when the sources change, as it starts sooner), or through tsx when no bundle can be made.
import { bundledCli } from "../lib/cli/bundle.mjs";

// The stack traces WB_DEBUG prints name lines of the sources, not of the bundle.
if (process.env.WB_DEBUG) process.setSourceMapsEnabled(true);
let cli = await bundledCli();
if (!cli) {
  const { register } = await import("tsx/esm/api");
  register();
  cli = new URL("../lib/cli/main.ts", import.meta.url).href;
}
const { runCli, exitWhenWritten } = await import(cli);
await exitWhenWritten(await runCli(process.argv.slice(2)));
