#!/usr/bin/env node
// The installed `wb` command: runs the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
const { runCli, exitWhenWritten } = await import("../lib/cli/main.ts");
await exitWhenWritten(await runCli(process.argv.slice(2)));
