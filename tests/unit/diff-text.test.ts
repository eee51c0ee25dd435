import { describe, expect, it } from "vitest";
import { diffStats, diffText, type DiffOp, type DiffOptions } from "@/lib/diff";

const textBefore = (ops: DiffOp[]) =>
  ops
    .filter((op) => op.op !== "insert")
    .map((op) => op.text)
    .join("");
const textAfter = (ops: DiffOp[]) =>
  ops
    .filter((op) => op.op !== "delete")
    .map((op) => op.text)
    .join("");
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The promises every diff keeps: both texts come back exactly, in well-formed, merged ops. */
function expectFaithful(before: string, after: string, options?: DiffOptions): DiffOp[] {
  const ops = diffText(before, after, options);
  expect(textBefore(ops)).toBe(before);
  expect(textAfter(ops)).toBe(after);
  for (const [index, op] of ops.entries()) {
    expect(op.text).not.toBe("");
    expect(op.text).not.toMatch(LONE_SURROGATE);
    expect(op.op).not.toBe(ops[index + 1]?.op);
  }
  return ops;
}

describe("word diff", () => {
  it("shows changed words between unchanged text", () => {
    expect(expectFaithful("The quick brown fox jumps", "The slow brown fox leaps")).toEqual([
      { op: "equal", text: "The " },
      { op: "delete", text: "quick" },
      { op: "insert", text: "slow" },
      { op: "equal", text: " brown fox " },
      { op: "delete", text: "jumps" },
      { op: "insert", text: "leaps" },
    ]);
    expect(expectFaithful("Мама мыла раму.", "Мама мыла окно.")).toEqual([
      { op: "equal", text: "Мама мыла " },
      { op: "delete", text: "раму" },
      { op: "insert", text: "окно" },
      { op: "equal", text: "." },
    ]);
  });

  it("keeps apostrophes, hyphens, digits and accents inside their word", () => {
    expect(expectFaithful("I don't know", "I won't know")).toContainEqual({ op: "delete", text: "don't" });
    expect(expectFaithful("на северо-запад", "на северо-восток")).toEqual([
      { op: "equal", text: "на " },
      { op: "delete", text: "северо-запад" },
      { op: "insert", text: "северо-восток" },
    ]);
    expect(expectFaithful("в 2020 году", "в 2021 году")).toContainEqual({ op: "insert", text: "2021" });
    expect(expectFaithful("все\u0301 пришли", "все пришли")).toEqual([
      { op: "delete", text: "все\u0301" },
      { op: "insert", text: "все" },
      { op: "equal", text: " пришли" },
    ]);
  });

  it("treats an emoji with its modifiers as one sign", () => {
    expect(expectFaithful("Отлично 👍🏽", "Отлично 👍🏿")).toEqual([
      { op: "equal", text: "Отлично " },
      { op: "delete", text: "👍🏽" },
      { op: "insert", text: "👍🏿" },
    ]);
  });

  it("handles empty texts", () => {
    expect(diffText("", "")).toEqual([]);
    expect(expectFaithful("", "новый текст")).toEqual([{ op: "insert", text: "новый текст" }]);
    expect(expectFaithful("old text", "")).toEqual([{ op: "delete", text: "old text" }]);
  });

  it("stays exact past 65,535 distinct words", () => {
    // Nearly all 70,000 words are on both sides, more than there are code units outside the
    // surrogate block. Some carry emoji and accents, so a wrapped or surrogate code unit would show.
    const words = Array.from({ length: 70_000 }, (_, index) => `w${index.toString(36)}${index % 1000 === 0 ? "👍🏽ё\u0301" : ""}`);
    const changed = [...words];
    changed[0] = "первое";
    changed[35_000] = "середина";
    changed.splice(69_000, 1);
    changed.push("конец");
    const before = words.join(" ");
    // A generous timeout: on a busy machine the default second could run out and give one coarse block.
    const ops = expectFaithful(before, changed.join(" "), { timeoutSeconds: 30 });
    // The start is still diffed word by word, not as one block.
    expect(ops.slice(0, 3)).toEqual([
      { op: "delete", text: words[0] },
      { op: "insert", text: "первое" },
      { op: "equal", text: expect.stringMatching(/^ w1 w2 /) },
    ]);
  });

  it("stays exact when no word is shared by 70,000 distinct words on each side", () => {
    const side = (prefix: string) => Array.from({ length: 70_000 }, (_, index) => `${prefix}${index}`).join(" ");
    expectFaithful(side("a"), side("b"));
  });
});

describe("character diff", () => {
  const char = { granularity: "char" } as const;

  it("compares letters, keeping ё and е apart", () => {
    expect(expectFaithful("ёлка", "елка", char)).toEqual([
      { op: "delete", text: "ё" },
      { op: "insert", text: "е" },
      { op: "equal", text: "лка" },
    ]);
  });

  it("never separates a combining accent from its letter", () => {
    expect(expectFaithful("заме\u0301тка", "заметка", char)).toEqual([
      { op: "equal", text: "зам" },
      { op: "delete", text: "е\u0301" },
      { op: "insert", text: "е" },
      { op: "equal", text: "тка" },
    ]);
  });

  it("shows typographic quotes replaced by straight ones", () => {
    expect(expectFaithful("«Привет», “hi”", '"Привет", "hi"', char)).toEqual([
      { op: "delete", text: "«" },
      { op: "insert", text: '"' },
      { op: "equal", text: "Привет" },
      { op: "delete", text: "»" },
      { op: "insert", text: '"' },
      { op: "equal", text: ", " },
      { op: "delete", text: "“" },
      { op: "insert", text: '"' },
      { op: "equal", text: "hi" },
      { op: "delete", text: "”" },
      { op: "insert", text: '"' },
    ]);
  });

  it("replaces whole emoji: skin tones and family sequences", () => {
    expect(expectFaithful("ok 👍 ok", "ok 👍🏽 ok", char)).toEqual([
      { op: "equal", text: "ok " },
      { op: "delete", text: "👍" },
      { op: "insert", text: "👍🏽" },
      { op: "equal", text: " ok" },
    ]);
    expect(expectFaithful("👨‍👩‍👧", "👨‍👩‍👦", char)).toEqual([
      { op: "delete", text: "👨‍👩‍👧" },
      { op: "insert", text: "👨‍👩‍👦" },
    ]);
  });

  it("keeps every op well-formed UTF-16 in both modes", () => {
    const pairs: [string, string][] = [
      ["🇷🇺🇺🇸 флаги", "🇺🇸🇷🇺 флаги"],
      ["😀😁😂", "😀😂😁"],
      ["𝐀𝐁𝐂 math", "𝐀𝐂 math"],
      ["a\u0301b\u0302c", "a\u0302b\u0301c"],
      ["👩🏽‍💻 работает", "👩🏿‍💻 работает"],
    ];
    for (const [before, after] of pairs) {
      expectFaithful(before, after);
      expectFaithful(before, after, char);
    }
  });
});

describe("hiding trivial changes", () => {
  it("shows changes of only punctuation and spaces as the after text", () => {
    expect(diffText("Hello, world", "Hello world!", { hideTrivial: true })).toEqual([{ op: "equal", text: "Hello world!" }]);
    expect(diffText("«Привет»,  мир", '"Привет" мир', { hideTrivial: true })).toEqual([{ op: "equal", text: '"Привет" мир' }]);
  });

  it("still shows a changed word", () => {
    const ops = diffText("Hello, world", "Hello planet!", { hideTrivial: true });
    expect(ops.find((op) => op.op === "delete")?.text).toContain("world");
    expect(ops.find((op) => op.op === "insert")?.text).toContain("planet");
    expect(textAfter(ops)).toBe("Hello planet!");
    expect(diffText("Он сказал: «да».", "Она сказала: «да».", { hideTrivial: true })).toEqual([
      { op: "delete", text: "Он сказал" },
      { op: "insert", text: "Она сказала" },
      { op: "equal", text: ": «да»." },
    ]);
  });

  it("shows punctuation changes unless asked to hide them", () => {
    expect(diffText("Hello, world", "Hello world!")).toEqual([
      { op: "equal", text: "Hello" },
      { op: "delete", text: "," },
      { op: "equal", text: " world" },
      { op: "insert", text: "!" },
    ]);
  });
});

describe("limits", () => {
  it("settles for a coarser diff of a pathological pair within the timeout, still exact", () => {
    let seed = 1;
    const random = (length: number) =>
      Array.from({ length }, () => {
        seed = (seed * 48271) % 2147483647;
        return "abc "[seed % 4];
      }).join("");
    const [before, after] = [random(200_000), random(200_000)];
    const started = performance.now();
    expectFaithful(before, after, { granularity: "char" });
    expectFaithful(before, after, { granularity: "char", timeoutSeconds: 0.2 });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("refuses a timeout that would mean no limit", () => {
    expect(() => diffText("a", "b", { timeoutSeconds: 0 })).toThrow(/positive number of seconds/);
    expect(() => diffText("a", "b", { timeoutSeconds: Number.NaN })).toThrow(/positive number of seconds/);
  });
});

it("returns markup as literal text, leaving escaping to the renderer", () => {
  expect(diffText("", "<script>alert(1)</script>")).toEqual([{ op: "insert", text: "<script>alert(1)</script>" }]);
  const ops = expectFaithful("<b>hi</b> & bye", "<script>alert('hi')</script> & bye");
  expect(ops.some((op) => /&(lt|gt|amp);/.test(op.text))).toBe(false);
});

it("counts inserted and deleted characters as people see them", () => {
  expect(diffStats(diffText("кот спит 👍🏽", "кит спит 👍"))).toEqual({ inserted: 4, deleted: 4 });
  expect(diffStats(diffText("a", "a"))).toEqual({ inserted: 0, deleted: 0 });
});
