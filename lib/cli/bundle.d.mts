// Types of lib/cli/bundle.mjs, which stays plain JavaScript so that bin/wb.mjs runs it before anything can load TypeScript.
export function bundledCli(): Promise<string | undefined>;
export function bundledServer(): Promise<string | undefined>;
