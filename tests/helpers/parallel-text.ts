import { prng } from "./prng";

/** Words that look nothing alike in English and Russian, so that no name, cognate or number links them. */
export const vocabulary: Array<[string, string]> = [
  ["river", "река"],
  ["bread", "хлеб"],
  ["winter", "зима"],
  ["father", "отец"],
  ["window", "окно"],
  ["garden", "сад"],
  ["bridge", "мост"],
  ["forest", "лес"],
  ["kitchen", "кухня"],
  ["teacher", "учитель"],
  ["morning", "утро"],
  ["letter", "письмо"],
  ["horse", "лошадь"],
  ["village", "деревня"],
  ["money", "деньги"],
  ["church", "храм"],
  ["doctor", "врач"],
  ["station", "вокзал"],
  ["sister", "сестра"],
  ["weather", "погода"],
  ["apple", "яблоко"],
  ["bottle", "бутылка"],
  ["market", "рынок"],
  ["mountain", "гора"],
];

/**
 * A text of one-sentence paragraphs, each naming two to seven things of the vocabulary, so that their
 * lengths vary; `twins` paragraphs name as many things as the next one, so that nothing but the words
 * tells them apart.
 */
export function parallelText(count: number, seed: number, twins: number[] = []): { en: string[]; ru: string[] } {
  const random = prng(seed);
  const sizes = Array.from({ length: count }, () => 2 + random.below(6));
  for (const twin of twins) sizes[twin + 1] = sizes[twin]!;
  const en: string[] = [];
  const ru: string[] = [];
  for (const size of sizes) {
    const picked = new Set<number>();
    while (picked.size < size) picked.add(random.below(vocabulary.length));
    const things = [...picked].map((index) => vocabulary[index]!);
    en.push(`We spoke about ${things.map(([word]) => `the ${word}`).join(" and ")} today.`);
    ru.push(`Мы говорили про ${things.map(([, word]) => word).join(" и ")} сегодня.`);
  }
  return { en, ru };
}

/**
 * Twelve paragraphs naming two things each, every thing of the vocabulary once: the text teaches
 * itself no words (a pair must travel together twice), and all paragraphs are of similar length.
 */
export function textWithoutRepeats(): { en: string[]; ru: string[] } {
  const en: string[] = [];
  const ru: string[] = [];
  for (let k = 0; k < vocabulary.length / 2; k++) {
    const things = [vocabulary[2 * k]!, vocabulary[2 * k + 1]!];
    en.push(`We spoke about ${things.map(([word]) => `the ${word}`).join(" and ")} today.`);
    ru.push(`Мы говорили про ${things.map(([, word]) => word).join(" и ")} сегодня.`);
  }
  return { en, ru };
}
