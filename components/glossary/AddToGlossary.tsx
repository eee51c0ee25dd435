"use client";

import { type RefObject, useState } from "react";
import { useTranslation } from "react-i18next";
import { addTerm, type TermFields } from "./api";
import { useGlossary } from "./GlossaryContext";
import { TermForm } from "./TermForm";

/**
 * "Add to glossary" in the cell editor: the words selected in the text
 * become a new term of the document's glossary in the cell's language; the
 * user types its translation. Keys typed in the form stay there (Esc closes
 * it, not the editor).
 */
export function AddToGlossary({ textarea, lang }: { textarea: RefObject<HTMLTextAreaElement | null>; lang: string }) {
  const { t } = useTranslation();
  const glossary = useGlossary();
  const [term, setTerm] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  if (!glossary?.canAdd) return null;
  const { slug, languages, added } = glossary;
  // The cell's language first, where the term is; then the others, where the user types its translation.
  const ordered = [...languages.filter((language) => language.code === lang), ...languages.filter((language) => language.code !== lang)];

  function open() {
    const area = textarea.current;
    const selected = area ? area.value.slice(area.selectionStart, area.selectionEnd).trim() : "";
    setMessage(selected ? null : { text: t("glossary.selectFirst"), error: true });
    setTerm(selected || null);
  }

  async function submit(fields: TermFields) {
    setBusy(true);
    setMessage(null);
    try {
      const { term: stored } = await addTerm(slug, fields);
      added(stored);
      setMessage({ text: t("glossary.addedTerm", { term: fields.translations[lang]?.[0] ?? term }), error: false });
      setTerm(null);
      textarea.current?.focus();
    } catch (caught) {
      setMessage({ text: caught instanceof Error ? caught.message : String(caught), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" onMouseDown={(event) => event.preventDefault()} onClick={open} title={t("glossary.addFromSelectionHint")}>
        {t("glossary.addFromSelection")}
      </button>
      {message && (
        <p role={message.error ? "alert" : "status"} className={message.error ? "editor-error" : "notice"}>
          {message.text}
        </p>
      )}
      {term !== null && (
        <div
          className="glossary-add"
          onKeyDown={(event) => {
            event.stopPropagation();
            if (event.key === "Escape") {
              setTerm(null);
              textarea.current?.focus();
            }
          }}
        >
          <TermForm
            languages={ordered}
            initial={{ translations: { [lang]: [term] } }}
            title={t("glossary.addTitle")}
            busy={busy}
            autoFocus={ordered[1]?.code}
            onSubmit={(fields) => void submit(fields)}
            onCancel={() => setTerm(null)}
          />
        </div>
      )}
    </>
  );
}
