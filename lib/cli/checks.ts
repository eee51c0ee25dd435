import { parseArgs } from "node:util";
import { describeCheck } from "../checks";
import type { Db } from "../db/client";
import { documentChecks } from "../documents/checks";
import { AppError } from "../errors";
import { refuseExtraArguments } from "./revisions";

type Print = (line: string) => void;

/** wb check SLUG [--language CODE] [--json]: a document's failing checks, with English messages. */
export async function checkCommand(db: Db, args: string[], print: Print) {
  const { values, positionals } = parseArgs({
    args,
    options: { language: { type: "string" }, json: { type: "boolean" } },
    allowPositionals: true,
  });
  refuseExtraArguments(positionals, 1, "wb check SLUG [--language CODE] [--json]");
  const [slug] = positionals;
  if (!slug) throw new AppError("invalid_input", "Name the document to check: wb check SLUG [--language CODE] [--json]", { status: 400 });
  const found = await documentChecks(db, slug, values.language);
  const checks = found.map((check) => ({
    row: check.row,
    language: check.language,
    kind: check.kind,
    severity: check.severity,
    message: describeCheck(check, "en"),
  }));
  if (values.json) {
    print(JSON.stringify({ checks }));
    return;
  }
  if (!checks.length) print(`No failing checks in ${slug}`);
  for (const check of checks) print(`row ${check.row} ${check.language} ${check.severity} ${check.kind}: ${check.message}`);
  if (checks.length) print(`${checks.length} failing check${checks.length === 1 ? "" : "s"}`);
}
