import { describe, expect, it } from "vitest";
import { buildAnchorModel, doubleCountedGain, pairGain } from "@/lib/align/anchors";
import { matchNames, nameKey, trigramDice, trigrams, wordAnchors } from "@/lib/align/names";
import { extractNumbers } from "@/lib/align/numbers";
import { sentenceProfile } from "@/lib/align/sentences";

describe("extractNumbers", () => {
  it("gives decimals the same key whatever the decimal mark", () => {
    expect(extractNumbers("26.9 et 26,9")).toEqual(["26.9", "26.9"]);
    expect(extractNumbers("21.3 billion / 21,3 млрд")).toEqual(["21.3", "21.3"]);
    expect(extractNumbers("0.50 и 0,5")).toEqual(["0.5", "0.5"]);
  });

  it("reads thousands separated by commas, points, spaces, no-break and thin spaces", () => {
    expect(extractNumbers("1,000 / 1 000 / 1\u00A0000 / 1\u202F000 / 1.000 / 1000")).toEqual(Array(6).fill("1000"));
    expect(extractNumbers("2,500,000 and 2 500 000")).toEqual(["2500000", "2500000"]);
    expect(extractNumbers("1.234,5 and 1,234.5")).toEqual(["1234.5", "1234.5"]);
  });

  it("keeps the figure of percentages and dates and separates numbers that only touch", () => {
    expect(extractNumbers("15% и 15 %")).toEqual(["15", "15"]);
    expect(extractNumbers("March 3, 2021 / 03.03.2021")).toEqual(["3", "2021", "3", "3", "2021"]);
    expect(extractNumbers("in 2020 15000 people")).toEqual(["2020", "15000"]);
  });
});

describe("names across scripts", () => {
  const similarity = (left: string, right: string) => trigramDice(trigrams(nameKey(left)), trigrams(nameKey(right)));

  it("transliterates Cyrillic and folds Latin spelling habits to one key", () => {
    expect(nameKey("Колокольцев")).toBe(nameKey("Kolokoltsev"));
    expect(nameKey("Kolokóltsev")).toBe(nameKey("Kolokoltsev"));
    expect(nameKey("Путин")).toBe(nameKey("Poutine"));
    expect(nameKey("Зеленський")).toBe(nameKey("Zelensky"));
    expect(nameKey("ФСБ")).toBe(nameKey("FSB"));
  });

  it("tells similar names from different ones", () => {
    expect(similarity("Шостакович", "Chostakovitch")).toBeGreaterThan(0.7);
    expect(similarity("Колокольцев", "Kremlin")).toBeLessThan(0.2);
  });

  it("maps each source name to the closest target name, or keeps it when none is close", () => {
    const matches = matchNames([nameKey("Колокольцев"), nameKey("Москва")], [nameKey("Kolokóltsev"), nameKey("Paris")]);
    expect(matches.get(nameKey("Колокольцев"))).toBe(nameKey("Kolokóltsev"));
    expect(matches.get(nameKey("Москва"))).toBe(nameKey("Москва"));
  });

  it("takes capitalised words as names and long words as cognates", () => {
    const { names, cognates } = wordAnchors("Президент Путин говорил о коронавирусе");
    expect(names).toEqual([nameKey("Президент"), nameKey("Путин")]);
    expect(cognates).toContain(nameKey("coronavirus").slice(0, 5));
  });
});

describe("anchor model", () => {
  it("values the pair that shares numbers, names and marks above unrelated pairs", () => {
    const source = ["В 2020 году число IT-преступлений выросло в 10 раз?", "Спасибо.", "Колокольцев: «Мы справились»"];
    const target = ["Kolokoltsev: “We managed”", "In 2020, IT crimes grew 10 times?", "Thank you."];
    const model = buildAnchorModel(source, target);
    expect(pairGain(model, 0, 1)).toBeGreaterThan(pairGain(model, 0, 0) + 3);
    expect(pairGain(model, 2, 0)).toBeGreaterThan(pairGain(model, 2, 1) + 1);
  });

  it("tells list items apart by their clause numbers", () => {
    const source = ["2.1. Мастерская работает со вторника.", "2) подключите пилу;", "3) включите вытяжку;"];
    const target = ["3) switch on the extractor;", "2.1. The workshop is open from Tuesday.", "2) plug in the saw;"];
    const model = buildAnchorModel(source, target);
    expect(pairGain(model, 0, 1)).toBeGreaterThan(pairGain(model, 0, 2) + 1);
    expect(pairGain(model, 1, 2)).toBeGreaterThan(pairGain(model, 1, 0) + 1);
    expect(pairGain(model, 2, 0)).toBeGreaterThan(pairGain(model, 2, 2) + 1);
  });

  it("matches lines of dialogue whether they open with a dash or a quote, and tells them from list items", () => {
    const source = ["— Вы к кому? — спросил матрос.", "– надеть защитные очки;", "Матрос выпрямился."];
    const target = ["The deckhand straightened up.", '"Who are you here to see?" the deckhand asked.', "• put on safety glasses;"];
    const model = buildAnchorModel(source, target);
    expect(pairGain(model, 0, 1)).toBeGreaterThan(pairGain(model, 0, 2) + 1);
    expect(pairGain(model, 1, 2)).toBeGreaterThan(pairGain(model, 1, 1) + 0.5);
    expect(pairGain(buildAnchorModel(["—¿Y tú?", "Él calló."], ["— А ты?", "Он промолчал."]), 0, 0)).toBeGreaterThan(1);
  });

  it("counts an anchor held by both paragraphs of a merged side once", () => {
    const source = ["– надеть очки;", "– снять украшения;", "Спасибо."];
    const target = ["• put on glasses;", "• remove jewellery;", "Thank you."];
    const model = buildAnchorModel(source, target);
    const pairs = pairGain(model, 0, 0) + pairGain(model, 0, 1) + pairGain(model, 1, 0) + pairGain(model, 1, 1);
    // Matched once each, the two items are worth what the two diagonal pairs are worth.
    expect(pairs - doubleCountedGain(model, 0, 2, 0, 2)).toBeCloseTo(pairGain(model, 0, 0) + pairGain(model, 1, 1));
    expect(doubleCountedGain(model, 0, 2, 0, 1)).toBeCloseTo(pairGain(model, 1, 0));
    expect(doubleCountedGain(model, 1, 2, 1, 1)).toBe(0);
  });

  it("counts sentences, the long ones apart, with the first and last sentence lengths", () => {
    expect(sentenceProfile("Желаю вам в этом успехов. Спасибо.")).toEqual({ all: 2, long: 1, firstLength: 25, lastLength: 8 });
    expect(sentenceProfile("Up 4.3 percent, says В.Путин.").all).toBe(1);
  });
});
