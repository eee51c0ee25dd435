import { parseArgs } from "node:util";
import type { Db } from "../db/client";
import { removeLanguage, renameLanguageTag } from "../documents/languages";
import { AppError } from "../errors";
import { ensureSystemUser } from "../users";
import { refuseExtraArguments } from "./revisions";

type Print = (line: string) => void;

const USAGE = "wb language remove SLUG CODE [--json] | wb language rename SLUG CODE NEWCODE [--json]";

/**
 * wb language remove SLUG CODE [--json]: removes a language (a soft delete,
 * undone from the document's change log); wb language rename SLUG CODE
 * NEWCODE [--json]: gives it another tag. The system user is the author, as
 * of the CLI's other changes. --json prints the change id and the language.
 */
export async function languageCommand(db: Db, args: string[], print: Print) {
  const { values, positionals } = parseArgs({ args, options: { json: { type: "boolean" } }, allowPositionals: true });
  const [action, slug, code, newCode] = positionals;
  refuseExtraArguments(positionals, action === "rename" ? 4 : 3, USAGE);
  if ((action !== "remove" && action !== "rename") || !slug || !code || (action === "rename" && !newCode)) {
    throw new AppError("invalid_input", `Usage: ${USAGE}`, { status: 400 });
  }
  const author = await ensureSystemUser(db);
  const result =
    action === "remove"
      ? await removeLanguage(db, slug, code, { authorId: author.id })
      : await renameLanguageTag(db, slug, code, newCode!, { authorId: author.id });
  if (values.json)
    return print(JSON.stringify({ changeId: result.changeId, language: { code: result.language.code, label: result.language.label } }));
  print(
    action === "remove"
      ? `Removed ${result.language.label} (${code}) from ${slug}; undo change #${result.changeId} from the document's change log to bring it back`
      : `${result.language.label} of ${slug} is now ${result.language.code} (was ${code}); change #${result.changeId} of the change log`,
  );
}
