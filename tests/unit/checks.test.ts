import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { checkDocument, checkPair, checkText, describeCheck, presentCheck, rowLocalChecks, type Check } from "@/lib/checks";
import { projectRoot } from "@/lib/paths";

const pair = (original: string, translation: string, language = "ru", originalLanguage = "en") =>
  checkPair({ original, originalLanguage, translation, language });
const kinds = (checks: Check[]) => checks.map((check) => check.kind);
const english = (checks: Check[]) => checks.map((check) => describeCheck(check, "en"));

describe("numbers", () => {
  it("accept the same figures written in either convention", () => {
    expect(pair("It grew by 1.5 percent to 2,000 cases.", "Рост на 1,5 процента, до 2\u00A0000 случаев.")).toEqual([]);
    expect(pair("2.5 million people on March 3, 2021.", "2,5 млн человек 3 марта 2021 года.")).toEqual([]);
    expect(pair("On 03.03.2021 we met.", "We met on March 3, 2021.", "en", "en-GB")).toEqual([]);
  });

  it("name the figure that differs", () => {
    const checks = pair("It grew by 1.5 percent.", "Рост на 15 процентов.");
    expect(kinds(checks)).toEqual(["numbers"]);
    expect(checks[0]!.severity).toBe("error");
    expect(english(checks)).toEqual(["The original has 1.5, the translation has 15"]);
    expect(describeCheck(checks[0]!, "ru")).toBe("В оригинале 1.5, в переводе 15");
    expect(english(pair("In 2021 and 2022.", "В 2021 году."))).toEqual(["The original has 2022, the translation does not"]);
    expect(english(pair("In 2021.", "В 2021 и 2023 годах."))).toEqual(["The translation has 2023, the original does not"]);
  });
});

describe("untranslated and empty", () => {
  it("flag a translation equal to the original or in the original's script", () => {
    expect(kinds(pair("The state will fulfil its duty.", "The state will fulfil its duty."))).toEqual(["untranslated"]);
    expect(kinds(pair("Государство выполнит свой долг.", "Государство выполнит долг.", "en", "ru"))).toEqual(["untranslated"]);
    expect(pair("Государство выполнит свой долг.", "The state will fulfil its duty.", "en", "ru")).toEqual([]);
    expect(pair("* * *", "* * *")).toEqual([]);
  });

  it("flag an empty translation of a text, not of an empty original", () => {
    expect(kinds(pair("Thank you.", "  "))).toEqual(["empty"]);
    expect(pair("", "")).toEqual([]);
  });
});

describe("punctuation, brackets and quotes", () => {
  it("compare the end marks", () => {
    expect(kinds(pair("Is it so?", "Это так."))).toEqual(["punctuation"]);
    expect(kinds(pair("It is so.", "Это так"))).toEqual(["punctuation"]);
    expect(kinds(pair("It is so!", "Это так."))).toEqual(["punctuation"]);
    // An address: "colleagues," in English is «коллеги!» in Russian.
    expect(pair("Mr Kolokoltsev, colleagues,", "Уважаемый Владимир Александрович! Уважаемые коллеги!")).toEqual([]);
    expect(pair("He said “yes.”", "Он сказал «да».")).toEqual([]);
  });

  it("take « » and “ ” as the same quotes, and find what is left open", () => {
    expect(pair("The “Safe City” project.", "Проект «Безопасный город».")).toEqual([]);
    expect(pair("The “Safe City” project.", "Проект „Безопасный город“.")).toEqual([]);
    expect(kinds(pair("The “Safe City” project.", "Проект «Безопасный город."))).toEqual(["quotes"]);
    expect(kinds(pair("The plan (for 2021) works.", "План (на 2021 год работает."))).toEqual(["brackets"]);
  });
});

describe("urls, e-mails and markup", () => {
  it("name what only one side has", () => {
    const checks = pair("See https://kremlin.ru/events.", "См. https://kremlin.ru/event.");
    expect(kinds(checks)).toEqual(["urls"]);
    expect(english(checks)[0]).toBe("Only the original has https://kremlin.ru/events; only the translation has https://kremlin.ru/event");
    expect(kinds(pair("Write to press@kremlin.ru.", "Пишите на press@kremlin.com."))).toEqual(["emails"]);
    expect(kinds(pair("A <b>bold</b> {name}.", "<b>Смелый</b> {name}."))).toEqual([]);
    expect(kinds(pair("A <b>bold</b> {name}.", "<i>Смелый</i> {name}."))).toEqual(["markup"]);
  });
});

describe("text checks", () => {
  it("find doubled and stray spaces and a word said twice", () => {
    expect(kinds(checkText("Two  spaces.", "en"))).toEqual(["spaces"]);
    expect(kinds(checkText("A space , here.", "en"))).toEqual(["spaces"]);
    expect(checkText("Une question ?", "fr")).toEqual([]);
    expect(english(checkText("We must must act.", "en"))).toEqual(["“must” twice in a row"]);
    expect(checkText("We must act now.", "en")).toEqual([]);
    expect(checkText("We must, must act.", "en")).toEqual([]);
    expect(english(checkText("Мы Мы должны.", "ru"))).toEqual(["“Мы” twice in a row"]);
  });

  it("ask Russian for non-breaking spaces after numbers and one-letter words", () => {
    expect(english(checkText("Выделено 21,3 млрд рублей.", "ru"))).toEqual([
      "“21,3 млрд”: a number and its unit are joined by a non-breaking space",
    ]);
    expect(kinds(checkText("Работа в регионах.", "ru"))).toEqual(["typography"]);
    expect(checkText("Работа в\u00A0регионах: 21,3\u00A0млрд рублей, 5\u00A0%.", "ru")).toEqual([]);
    expect(checkText("Work in 21 regions.", "en")).toEqual([]);
  });
});

describe("document checks", () => {
  const original = "We need to step up the prevention of crime among young people across the country.";
  it("find a length far from the document's usual ratio", () => {
    const rows = Array.from({ length: 5 }, (_, index) => ({
      en: `${original} ${index}`,
      ru: `Нужно усилить профилактику преступлений среди молодёжи по всей стране. ${index}`,
    }));
    rows.push({ en: `${original} 5`, ru: "Нужно. 5" });
    const found = checkDocument({ originalLanguage: "en", languages: ["en", "ru"], rows });
    expect(found.map(({ row, language, checks }) => [row, language, kinds(checks)])).toEqual([[5, "ru", ["length"]]]);
  });

  it("find one original translated two ways, and two originals with one translation", () => {
    const rows = [
      { en: "Thank you very much.", ru: "Большое спасибо." },
      { en: "Thank you very much.", ru: "Благодарю вас." },
      { en: "Thank you.", ru: "Большое спасибо." },
    ];
    const found = checkDocument({ originalLanguage: "en", languages: ["en", "ru"], rows });
    expect(found.map(({ row, checks }) => [row, english(checks)])).toEqual([
      [0, ["The same original is translated differently in row 2", "A different original has this same translation in row 3"]],
      [1, ["The same original is translated differently in row 1"]],
      [2, ["A different original has this same translation in row 1"]],
    ]);
    expect(presentCheck(found[1]!.checks[0]!).message.ru).toBe("Тот же оригинал переведён иначе в строке 1");
  });
});

describe("a row's own checks, as the workbench recomputes them after a save", () => {
  it("check a cell against its row's original, or its own text when the original is not shown", () => {
    const kindsOf = (checks: ReturnType<typeof rowLocalChecks>) => checks.map((check) => check.kind);
    expect(kindsOf(rowLocalChecks({ ru: "Рост на 1,5 процента.", en: "Growth of 15 percent." }, "ru", "en"))).toEqual(["numbers"]);
    expect(rowLocalChecks({ ru: "Рост на 1,5 процента.", en: "Growth of 1.5 percent." }, "ru", "en")).toEqual([]);
    expect(kindsOf(rowLocalChecks({ en: "Growth of of 15 percent." }, "ru", "en"))).toEqual(["repeated-word"]);
    expect(kindsOf(rowLocalChecks({ ru: "Рост в регионах." }, "ru", "ru"))).toEqual(["typography"]);
  });
});

describe("speaker labels", () => {
  const labels = (texts: string[], language = "ru") =>
    checkDocument({ originalLanguage: language, languages: [language], rows: texts.map((text) => ({ [language]: text })) }).map(
      ({ row, checks }) => [row, english(checks)],
    );

  it("find one speaker named two ways in one language", () => {
    expect(labels(["Президент России Владимир Путин: Товарищи!", "Текст.", "В.Путин: Коллеги!"])).toEqual([
      [0, ["The speaker label “Президент России Владимир Путин” writes the name otherwise than “В.Путин” in row 3"]],
      [2, ["The speaker label “В.Путин” writes the name otherwise than “Президент России Владимир Путин” in row 1"]],
    ]);
    expect(labels(["В. Колокольцев: Спасибо.", "Владимир Колокольцев: Спасибо."])).toHaveLength(2);
  });

  it("accept a title before the same form of the name, and other speakers", () => {
    expect(labels(["President of Russia Vladimir Putin: Comrades,", "Vladimir Putin: Colleagues,"], "en")).toEqual([]);
    expect(labels(["В.Путин: Коллеги!", "В.Колокольцев: Спасибо.", "В.Путин: Спасибо."])).toEqual([]);
    expect(labels(["Кстати: это важно.", "Итак, мы начали: всё идёт по плану."])).toEqual([]);
  });
});

describe("the speech", () => {
  const read = (file: string) => splitParagraphs(readFileSync(path.join(projectRoot, "data", "speech", file), "utf8"));
  const [ru, en] = [read("ru.txt"), read("en.txt")];
  const found = checkDocument({
    originalLanguage: "ru",
    languages: ["ru", "en"],
    rows: ru.map((text, index) => ({ ru: text, en: en[index] })),
  });

  it("raises no alarm on the English transcript against our Russian text", () => {
    expect(found.filter((cell) => cell.language === "en")).toEqual([]);
  });

  it("keeps the editor's fixes of our Russian text (paragraphs as data/speech/ru.txt splits them)", () => {
    const paragraph = (number: number) => ru[number - 1]!;
    expect(paragraph(13)).toContain("в\u00A0том числе особо тяжких");
    expect(paragraph(13)).not.toContain("особенно");
    expect(paragraph(57)).toContain("во многом связан с\u00A0противоправной");
    expect(paragraph(57)).not.toContain("обусловлен");
    expect(paragraph(8)).not.toContain("Знаю, мы уже обсуждали это с");
    expect(paragraph(46)).toContain("Государство, безусловно, выполнит");
    // One form of the speaker's name in the labels, as the English transcript has it.
    expect(paragraph(6)).toMatch(/^Президент России Владимир Путин: /);
    expect(paragraph(50)).toMatch(/^Владимир Путин: /);
    expect(ru.join("\n")).not.toContain("В.Путин");
    // Russian typography: no plain space after a one-letter preposition or conjunction, nor between a number and its unit.
    expect(ru.join("\n")).not.toMatch(/(?<![\p{L}\p{N}])[вксуоиаяВКСУОИАЯ] /u);
    expect(ru.join("\n")).not.toMatch(/\d (?:%|[а-яё])/u);
    expect(ru.join("\n")).toContain("21,3\u00A0млрд рублей");
  });

  it("finds nothing in our Russian text, typography included", () => {
    expect(found.map((cell) => [cell.row + 1, english(cell.checks)])).toEqual([]);
  });
});
