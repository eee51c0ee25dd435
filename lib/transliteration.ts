/**
 * Cyrillic letters (Russian, Ukrainian, Belarusian) in Latin ones, close to
 * passports' transliteration (ICAO 9303): "Колокольцев" → "kolokoltsev", "Речь" → "rech".
 * Names in two scripts meet through it (align/names.ts), and a file named in
 * Cyrillic still suggests a document address (formats/file-name.ts).
 */
const cyrillicToLatin: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  ґ: "g",
  д: "d",
  е: "e",
  ё: "e",
  є: "ie",
  ж: "zh",
  з: "z",
  и: "i",
  і: "i",
  ї: "i",
  й: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "iu",
  я: "ia",
  ў: "u",
};

/** The text in lower case, its Cyrillic letters written in Latin ones; every other character is kept. */
export function transliterate(text: string): string {
  let latin = "";
  for (const character of text.toLowerCase()) latin += cyrillicToLatin[character] ?? character;
  return latin;
}
