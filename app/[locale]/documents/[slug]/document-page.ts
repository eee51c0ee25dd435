import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { z } from "zod";
import { getAppDb } from "@/lib/db/app-db";
import { type DocumentOverview, getDocument } from "@/lib/documents/queries";
import { isAppError } from "@/lib/errors";
import { getTranslator, isLocale, type Locale } from "@/lib/i18n";
import { signInHref } from "@/components/auth/paths";
import { currentActor } from "../../session";

/** A document read once per request, however many parts of the page (its title, its body) ask for it. */
const readDocument = cache((slug: string) => getDocument(getAppDb(), slug));

/**
 * What every screen of a document starts with: a known locale and document,
 * else the not-found page; a private document sends a reader who is not
 * signed in to sign in first.
 */
export async function openDocumentPage(
  params: Promise<{ locale: string; slug: string }>,
): Promise<{ locale: Locale; slug: string; overview: DocumentOverview }> {
  const { locale, slug } = await params;
  if (!isLocale(locale)) notFound();
  let overview: DocumentOverview;
  try {
    overview = await readDocument(slug);
  } catch (error) {
    if (isAppError(error) && error.code === "document_not_found") notFound();
    throw error;
  }
  if (!overview.document.publicRead && !(await currentActor())) redirect(signInHref(locale, `/${locale}/documents/${slug}`));
  return { locale, slug, overview };
}

/**
 * A document screen's title, "Screen — Document" (the layout adds the app's
 * name): `screen` is a locale key, or names the screen from the document.
 */
export function documentTitle(screen: string | ((t: ReturnType<typeof getTranslator>, overview: DocumentOverview) => string)) {
  return async function generateMetadata({ params }: { params: Promise<{ locale: string; slug: string }> }): Promise<Metadata> {
    const { locale, overview } = await openDocumentPage(params);
    const t = getTranslator(locale);
    const name = typeof screen === "string" ? t(screen) : screen(t, overview);
    return { title: t("app.titles.screen", { screen: name, document: overview.document.title }) };
  };
}

/** The first value of a query parameter. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return [value].flat()[0];
}

/** A page's query parameters read by its schema, each taken at its first value. */
export function parseSearch<T extends z.ZodType>(schema: T, search: Record<string, string | string[] | undefined>): z.output<T> {
  return schema.parse(Object.fromEntries(Object.entries(search).map(([key, value]) => [key, firstValue(value)])));
}

/**
 * Runs a read whose input came from the URL; a bad or unknown value there
 * (400 or 404 from the domain) becomes a message on the page instead of a crash.
 */
export async function readFromUrl<T>(read: () => Promise<T>): Promise<{ value: T; problem: null } | { value: null; problem: string }> {
  try {
    return { value: await read(), problem: null };
  } catch (error) {
    if (isAppError(error) && (error.status === 400 || error.status === 404)) return { value: null, problem: error.message };
    throw error;
  }
}
