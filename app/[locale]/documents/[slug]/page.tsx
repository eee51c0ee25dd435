import Link from "next/link";
import { z } from "zod";
import { DocumentNav } from "@/components/DocumentNav";
import { CheckCounts } from "@/components/review/CheckCounts";
import type { EditRights } from "@/components/workbench/rights";
import { Workbench } from "@/components/workbench/Workbench";
import { GlossaryProvider } from "@/components/glossary/GlossaryContext";
import { getUser } from "@/lib/auth/accounts";
import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";
import { getAppDb } from "@/lib/db/app-db";
import { checkCounts } from "@/lib/documents/checks";
import { ROW_FILTERS, ROW_ORDERS, SEARCH_MODES, SNAPSHOT_SINCE } from "@/lib/documents/row-filters";
import { getRows } from "@/lib/documents/rows";
import { termsForDocument } from "@/lib/glossary";
import { getTranslator } from "@/lib/i18n";
import { signInHref } from "@/components/auth/paths";
import { currentActor } from "../../session";
import { documentTitle, firstValue, openDocumentPage, parseSearch, readFromUrl } from "./document-page";

export const dynamic = "force-dynamic";

export const generateMetadata = documentTitle("review.nav.workbench");

const PAGE_SIZE = 200;

/**
 * What this person may change here: nothing without an account or as a
 * viewer; a translator limited to some languages of this document edits
 * their cells only; admins also manage the languages.
 */
async function editRights(actor: Actor | null, slug: string, codes: string[]): Promise<EditRights> {
  if (!actor || !hasRole(actor.role, "translator")) return { cells: [], rows: false, languages: false };
  const limits = actor.role === "admin" ? [] : ((await getUser(getAppDb(), actor.user.handle)).languageLimits[slug] ?? []);
  if (limits.length) return { cells: codes.filter((code) => limits.includes(code)), rows: false, languages: false };
  return { cells: codes, rows: true, languages: actor.role === "admin" };
}

// What the URL may say; anything unreadable falls back to the default view.
const ViewParams = z.object({
  langs: z.string().optional(),
  filter: z.enum(ROW_FILTERS).catch("all").default("all"),
  since: z
    .union([z.iso.datetime(), z.string().regex(SNAPSHOT_SINCE)])
    .optional()
    .catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  mode: z.enum(SEARCH_MODES).catch("words").default("words"),
  row: z.coerce.number().int().positive().optional().catch(undefined),
  diffAgainst: z.string().optional().catch(undefined),
  differsBy: z.coerce.number().min(0).max(100).catch(0).default(0),
  order: z.enum(ROW_ORDERS).catch("position").default("position"),
});

export default async function DocumentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ locale, slug, overview }, search] = await Promise.all([openDocumentPage(params), searchParams]);
  const t = getTranslator(locale);
  const view = parseSearch(ViewParams, search);
  const db = getAppDb();
  const codes = overview.languages.map((language) => language.code);
  const requested = [...new Set((view.langs ?? "").split(",").filter(Boolean))];
  const known = requested.filter((code) => codes.includes(code));
  const unknown = requested.filter((code) => !codes.includes(code));
  const shown = known.length ? known : codes;
  // Comparing needs its reference among the shown columns; without one, so do its filter and order.
  const diffAgainst = view.diffAgainst && shown.includes(view.diffAgainst) ? view.diffAgainst : undefined;
  const query = {
    filter: view.filter === "differs" && !diffAgainst ? ("all" as const) : view.filter,
    since: view.filter === "changed" ? view.since : undefined,
    q: view.q || undefined,
    mode: view.mode,
    diffAgainst,
    differsBy: view.differsBy,
    order: diffAgainst ? view.order : ("position" as const),
  };
  const changedWithoutDate = query.filter === "changed" && !query.since;
  const asked = changedWithoutDate ? { ...query, filter: "all" as const } : query;
  // The header's counts wait for current checks (a document just imported is checked whole here), so the first page
  // read after them shows current checks too.
  const counts = await checkCounts(db, overview.document.id);
  // A filter the URL got wrong (an unknown snapshot, say) shows every row and says why.
  const filtered = await readFromUrl(() => getRows(db, slug, { languages: shown, limit: PAGE_SIZE, ...asked }));
  const effective = filtered.problem === null ? asked : { ...asked, filter: "all" as const, since: undefined };
  const initialPage = filtered.value ?? (await getRows(db, slug, { languages: shown, limit: PAGE_SIZE, ...effective }));
  const actor = await currentActor();
  const rights = await editRights(actor, slug, codes);
  // The document's and the shared glossary's terms: marked in the original, and checked with after a save.
  const glossary = (await termsForDocument(db, overview.document.id)).map(({ id, translations, forbidden, note }) => ({
    id,
    translations,
    forbidden,
    note,
  }));
  const viewParams = new URLSearchParams(Object.entries(search).map(([key, value]) => [key, firstValue(value) ?? ""]));
  const here = `/${locale}/documents/${slug}${viewParams.size ? `?${viewParams}` : ""}`;

  return (
    <>
      <div className="parallel-toolbar">
        <Link href={`/${locale}`}>← {t("document.back")}</Link>
        <h1>{overview.document.title}</h1>
        <CheckCounts counts={counts} slug={slug} />
      </div>
      <DocumentNav locale={locale} slug={slug} />
      {!actor && (
        <p className="hint">
          {t("document.readOnly")} <Link href={signInHref(locale, here)}>{t("document.signInToEdit")}</Link>
        </p>
      )}
      {actor && !rights.cells.length && <p className="hint">{t("document.viewerOnly", { role: t(`auth.roles.${actor.role}`) })}</p>}
      {actor && rights.cells.length > 0 && rights.cells.length < codes.length && (
        <p className="hint">{t("document.limitedTo", { languages: labelsOf(overview.languages, rights.cells) })}</p>
      )}
      {filtered.problem !== null && (
        <p role="status" className="notice">
          {filtered.problem}
        </p>
      )}
      {unknown.length > 0 && (
        <p role="status" className="notice">
          {t("document.unknownLanguages", { codes: unknown.join(", ") })}
        </p>
      )}
      <GlossaryProvider
        slug={slug}
        languages={overview.languages}
        terms={glossary}
        canAdd={actor !== null && hasRole(actor.role, "translator")}
      >
        <Workbench
          key={JSON.stringify([shown, effective])}
          document={overview.document}
          languages={overview.languages}
          rowCount={overview.rowCount}
          shown={shown}
          query={effective}
          initialPage={initialPage}
          pageSize={PAGE_SIZE}
          initialRow={view.row}
          rights={rights}
        />
      </GlossaryProvider>
    </>
  );
}

const labelsOf = (languages: { code: string; label: string }[], codes: string[]) =>
  languages
    .filter((language) => codes.includes(language.code))
    .map((language) => language.label)
    .join(", ");
