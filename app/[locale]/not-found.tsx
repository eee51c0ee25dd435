import type { Metadata } from "next";
import { NotFoundMessage } from "@/components/NotFoundMessage";
import { defaultLocale, getTranslator } from "@/lib/i18n";

// Next gives not-found pages no params (and reading the request here would render it as an error shell): the title
// speaks the default locale, the message the layout's (paths no page matches get their title from [...missing]).
export const metadata: Metadata = { title: getTranslator(defaultLocale)("app.titles.notFound") };

export default function NotFound() {
  return <NotFoundMessage />;
}
