// wb run in the test's own process (lib/cli/main.ts's runCli), on a test's database.
import { runCli } from "@/lib/cli/main";

/**
 * Runs wb with `argv` on the database at `url`: runCli opens DATABASE_URL's,
 * so it is set for the call (never the embedded one in .data/) and put back.
 * The lines it printed on stdout and stderr, and its exit code.
 */
export async function runCliInProcess(url: string, argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    const code = await runCli(
      argv,
      (line) => void out.push(line),
      (line) => void err.push(line),
    );
    return { code, out, err };
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

/** runCliInProcess on `url` answering as a child process does (tests/helpers/processes.ts's runCli): stdout and stderr as text. */
export const inProcessCli = (url: string) => async (argv: string[]) => {
  const { code, out, err } = await runCliInProcess(url, argv);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
};
