/** Glossaries: a document's and the shared one, their terms, and CSV and TBX files of them (issue #15). */
export {
  addGlossaryTerm,
  GlossaryTermChange,
  GlossaryTermInput,
  glossaryLanguages,
  listGlossary,
  MAX_GLOSSARY_TERMS,
  MAX_NOTE_LENGTH,
  MAX_WORDING_LENGTH,
  removeGlossaryTerm,
  termsForDocument,
  updateGlossaryTerm,
  type GlossaryName,
  type StoredGlossaryTerm,
} from "./terms";
export {
  exportGlossary,
  GLOSSARY_FORMATS,
  importGlossary,
  readGlossaryFile,
  type ExportedGlossary,
  type GlossaryFormat,
  type GlossaryImportInput,
  type GlossaryImportResult,
} from "./file";
export { parseGlossaryCsv, writeGlossaryCsv } from "./csv";
export { parseTbx, writeTbx } from "./tbx";
