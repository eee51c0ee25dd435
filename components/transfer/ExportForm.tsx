"use client";

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EXPORT_FORMATS, type ExportFormatName, XLIFF_VERSIONS } from "@/lib/documents/export-options";
import type { XliffVersion } from "@/lib/formats/types";

interface Language {
  code: string;
  label: string;
  isOriginal: boolean;
}

/**
 * Chooses what to export (format, version, languages, approved text only)
 * and offers it as a download link and as a print view; the links are plain
 * URLs of the export API and the print page, so they can be shared.
 */
export function ExportForm({
  locale,
  slug,
  languages,
  snapshots,
}: {
  locale: string;
  slug: string;
  languages: Language[];
  snapshots: { id: number; name: string }[];
}) {
  const { t } = useTranslation();
  const original = languages.find((language) => language.isOriginal) ?? languages[0]!;
  const firstOther = languages.find((language) => language.code !== original.code) ?? original;
  const [format, setFormat] = useState<ExportFormatName>("tmx");
  const [at, setAt] = useState("now");
  const [approvedOnly, setApprovedOnly] = useState(false);
  const [chosen, setChosen] = useState(languages.map((language) => language.code));
  const [source, setSource] = useState(original.code);
  const [target, setTarget] = useState(firstOther.code);
  const [xliffVersion, setXliffVersion] = useState<XliffVersion>("2.0");
  const [single, setSingle] = useState(original.code);

  const common = new URLSearchParams();
  if (at !== "now") common.set("at", at);
  if (approvedOnly) common.set("approved", "1");
  const download = new URLSearchParams(common);
  download.set("format", format);
  if (format === "xliff") {
    download.set("source", source);
    download.set("target", target);
    if (xliffVersion !== "2.0") download.set("xliffVersion", xliffVersion);
  } else if (format === "txt") {
    download.set("language", single);
  } else {
    download.set("languages", chosen.join(","));
  }
  const print = new URLSearchParams(common);
  print.set("langs", chosen.join(","));
  const canDownload = format === "xliff" ? source !== target : format === "txt" || chosen.length > 0;

  const toggle = (code: string, on: boolean) =>
    setChosen((current) =>
      languages.map((language) => language.code).filter((candidate) => (candidate === code ? on : current.includes(candidate))),
    );

  return (
    <div className="transfer-form">
      <label>
        {t("transfer.export.format")}
        <select value={format} onChange={(event) => setFormat(event.target.value as ExportFormatName)}>
          {EXPORT_FORMATS.map((name) => (
            <option key={name} value={name}>
              {t(`transfer.export.formats.${name}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("transfer.export.version")}
        <select value={at} onChange={(event) => setAt(event.target.value)}>
          <option value="now">{t("transfer.export.now")}</option>
          {snapshots.map((snapshot) => (
            <option key={snapshot.id} value={`snapshot:${snapshot.id}`}>
              {t("transfer.export.snapshot", { name: snapshot.name })}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={approvedOnly} onChange={(event) => setApprovedOnly(event.target.checked)} />
        {t("transfer.export.approvedOnly")}
      </label>
      {format === "xliff" ? (
        <>
          <LanguageSelect label={t("transfer.export.source")} languages={languages} value={source} onChange={setSource} />
          <LanguageSelect label={t("transfer.export.target")} languages={languages} value={target} onChange={setTarget} />
          <label>
            {t("transfer.export.xliffVersion")}
            <select value={xliffVersion} onChange={(event) => setXliffVersion(event.target.value as XliffVersion)}>
              {XLIFF_VERSIONS.map((version) => (
                <option key={version} value={version}>
                  {t(`transfer.export.xliffVersions.v${version.replace(".", "")}`)}
                </option>
              ))}
            </select>
          </label>
        </>
      ) : format === "txt" ? (
        <LanguageSelect label={t("transfer.export.language")} languages={languages} value={single} onChange={setSingle} />
      ) : null}
      <fieldset>
        <legend>{t("transfer.export.languages")}</legend>
        {languages.map((language) => (
          <label key={language.code} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(language.code)}
              onChange={(event) => toggle(language.code, event.target.checked)}
            />
            {language.label} ({language.code})
          </label>
        ))}
      </fieldset>
      <p className="transfer-actions">
        {canDownload ? (
          <a className="button primary" href={`/api/documents/${slug}/export?${download}`} download>
            {t("transfer.export.download")}
          </a>
        ) : (
          <span className="hint">{t("transfer.export.chooseLanguages")}</span>
        )}{" "}
        {chosen.length > 0 && (
          <a className="button" href={`/${locale}/documents/${slug}/print?${print}`} target="_blank" rel="noopener">
            {t("transfer.export.print")}
          </a>
        )}
      </p>
    </div>
  );
}

function LanguageSelect({
  label,
  languages,
  value,
  onChange,
}: {
  label: string;
  languages: Language[];
  value: string;
  onChange: (code: string) => void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {languages.map((language) => (
          <option key={language.code} value={language.code}>
            {language.label} ({language.code})
          </option>
        ))}
      </select>
    </label>
  );
}
