#!/usr/bin/env node
// The installed `wb` command: runs the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
await import("../lib/cli/main.ts");
