import { describe, expect, it } from "vitest";
import { getTranslator, locales, pickLocale, resources } from "@/lib/i18n";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`),
  );
}

/** Plural keys (`rows_one`, `rows_few`…) count as their base key (`rows`). */
const baseKeys = (tree: Tree) => new Set(flatten(tree).map((key) => key.replace(/_(zero|one|two|few|many|other)$/, "")));

describe("interface translations", () => {
  it("have every key in every locale", () => {
    const [first, ...others] = locales.map((locale) => [...baseKeys(resources[locale].translation as Tree)].sort());
    for (const keys of others) expect(keys).toEqual(first);
  });

  it("have every plural form each language needs", () => {
    for (const locale of locales) {
      const keys = new Set(flatten(resources[locale].translation as Tree));
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const key of keys) {
        if (!key.endsWith("_other")) continue;
        const base = key.slice(0, -"_other".length);
        for (const category of categories) expect(keys, `${locale}: ${base}_${category}`).toContain(`${base}_${category}`);
      }
    }
  });

  it("call a row a row in Russian too: «строка», never «сегмент» (one concept, one name)", () => {
    const russian = JSON.stringify(resources.ru.translation);
    expect(russian).toContain("строк");
    expect(russian.match(/[^"]*сегмент[^"]*/gi) ?? []).toEqual([]);
  });

  it("use Russian plural forms", () => {
    const t = getTranslator("ru");
    expect(t("documents.rows", { count: 1 })).toBe("1 строка");
    expect(t("documents.rows", { count: 2 })).toBe("2 строки");
    expect(t("documents.rows", { count: 5 })).toBe("5 строк");
    expect(t("documents.rows", { count: 21 })).toBe("21 строка");
    expect(getTranslator("en")("documents.rows", { count: 1 })).toBe("1 row");
  });

  it("write counts as each language writes numbers", () => {
    expect(getTranslator("en")("documents.rows", { count: 2760 })).toBe("2,760 rows");
    expect(getTranslator("ru")("documents.rows", { count: 2760 })).toBe("2\u00a0760 строк");
    expect(getTranslator("en")("toolbar.filtered", { shown: 1200, total: 10000 })).toBe("1,200 of 10,000 rows");
    expect(getTranslator("en")("transfer.update.done", { changed: 1200, added: 3, removed: 10000 })).toBe(
      "Updated: 1,200 changed, 3 new rows, 10,000 missing from the file.",
    );
    expect(
      getTranslator("ru")("compare.summary", {
        count: 2760,
        differing: 1200,
        rows: 2760,
        reference: "English",
        versions: "Русский",
        share: "5 %",
      }),
    ).toBe("Относительно «English»: отличаются 1\u00a0200 из 2\u00a0760 строк (Русский); изменено 5 % слов");
    // A count is formatted wherever it appears, so no string may interpolate one bare (row numbers are labels, and stay bare).
    for (const locale of locales) {
      const strings = JSON.stringify(resources[locale]);
      expect(
        strings.match(/\{\{(count|changed|unchanged|added|removed|updated|resolved|left|low|differing|filled|total|shown)\}\}/g),
        locale,
      ).toBeNull();
    }
  });
});

describe("pickLocale", () => {
  it("follows Accept-Language by preference", () => {
    expect(pickLocale("ru-RU,ru;q=0.9,en;q=0.8")).toBe("ru");
    expect(pickLocale("de-DE,de;q=0.9,ru;q=0.5,en;q=0.7")).toBe("en");
    expect(pickLocale("en;q=0.2, ru")).toBe("ru");
  });

  it("falls back to English", () => {
    expect(pickLocale(null)).toBe("en");
    expect(pickLocale("fr, de")).toBe("en");
    expect(pickLocale("ru;q=0")).toBe("en");
  });
});
