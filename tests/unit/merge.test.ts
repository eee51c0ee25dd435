import DiffMatchPatch from "diff-match-patch";
import { describe, expect, it } from "vitest";
import { mergeThreeWay, type MergeConflict } from "@/lib/diff";

const clean = (text: string) => ({ status: "clean", text });
const conflict = (...conflicts: MergeConflict[]) => ({ status: "conflict", conflicts });

describe("three-way merge, clean", () => {
  it("is trivial when the sides agree or one side kept the base", () => {
    expect(mergeThreeWay("база", "моё", "моё")).toEqual(clean("моё"));
    expect(mergeThreeWay("база", "база", "их")).toEqual(clean("их"));
    expect(mergeThreeWay("база", "моё", "база")).toEqual(clean("моё"));
  });

  it("merges edits in different sentences", () => {
    expect(
      mergeThreeWay(
        "Мама мыла раму. Папа читал газету. Дети спали.",
        "Мама мыла окно. Папа читал газету. Дети спали.",
        "Мама мыла раму. Папа читал газету. Дети играли во дворе.",
      ),
    ).toEqual(clean("Мама мыла окно. Папа читал газету. Дети играли во дворе."));
    expect(
      mergeThreeWay(
        "The board met in March. The minister spoke first. Questions followed.",
        "The board met on 3 March. The minister spoke first. Questions followed.",
        "The board met in March. The minister spoke first. Many questions followed.",
      ),
    ).toEqual(clean("The board met on 3 March. The minister spoke first. Many questions followed."));
  });

  it("applies an edit both sides made once", () => {
    expect(
      mergeThreeWay("Мама мыла раму. Папа читал газету.", "Мама мыла окно. Папа читал газету!", "Мама мыла окно. Папа читал газету."),
    ).toEqual(clean("Мама мыла окно. Папа читал газету!"));
    expect(mergeThreeWay("a big dog. It ran home.", "a very big dog. It ran home!", "a very big dog. It walked home.")).toEqual(
      clean("a very big dog. It walked home!"),
    );
    expect(
      mergeThreeWay(
        "The board met in March. The minister spoke.",
        "The full board met in March. The minister spoke.",
        "The full board met in March. The minister spoke briefly.",
      ),
    ).toEqual(clean("The full board met in March. The minister spoke briefly."));
  });

  it("applies once an insertion both sides made among copies of the same words", () => {
    // Each side's diff may place the new copy at a different spot in the run; both count as the same insertion.
    expect(
      mergeThreeWay(
        "Он написал: конец. конец. Потом ушёл домой.",
        "Она написала: конец. конец. конец. Потом ушёл домой.",
        "Он написал: конец. конец. конец. Потом пошёл домой.",
      ),
    ).toEqual(clean("Она написала: конец. конец. конец. Потом пошёл домой."));
    expect(
      mergeThreeWay(
        "Alice wrote on the wall: the end. the end. Then she went home.",
        "Bob wrote on the wall: the end. the end. the end. Then she went home.",
        "Alice wrote on the wall: the end. the end. the end. Then she walked home.",
      ),
    ).toEqual(clean("Bob wrote on the wall: the end. the end. the end. Then she walked home."));
  });

  it("merges a deletion with an edit elsewhere", () => {
    expect(
      mergeThreeWay(
        "First sentence. Second sentence. Third sentence.",
        "First sentence. Third sentence.",
        "First sentence. Second sentence. Third line.",
      ),
    ).toEqual(clean("First sentence. Third line."));
  });

  it("merges edits at the very start and the very end", () => {
    expect(mergeThreeWay("one two three four", "zero two three four", "one two three five")).toEqual(clean("zero two three five"));
    expect(mergeThreeWay("middle words here", "Start: middle words here", "middle words here, end")).toEqual(
      clean("Start: middle words here, end"),
    );
  });

  it("keeps ё, accents and emoji intact", () => {
    expect(mergeThreeWay("Всё хорошо 👍 и ещё раз", "Всё хорошо 👍🏽 и ещё раз", "Всё хорошо 👍 и ещё ра\u0301з")).toEqual(
      clean("Всё хорошо 👍🏽 и ещё ра\u0301з"),
    );
  });
});

describe("three-way merge, conflicts", () => {
  it("reports both sides changing the same words, with only that region", () => {
    expect(
      mergeThreeWay("The cat sat on the mat. It slept.", "The dog sat on the mat. It slept!", "The cow sat on the mat. It slept."),
    ).toEqual(conflict({ base: "cat", mine: "dog", theirs: "cow" }));
    expect(
      mergeThreeWay("Мама мыла раму. Папа читал газету.", "Мама мыла окно. Папа читал журнал.", "Мама мыла дверь. Папа читал книгу."),
    ).toEqual(conflict({ base: "раму", mine: "окно", theirs: "дверь" }, { base: "газету", mine: "журнал", theirs: "книгу" }));
  });

  it("reports edits that touch with no unchanged word between them", () => {
    expect(mergeThreeWay("one two three", "one 2 three", "one two, three")).toEqual(conflict({ base: "two", mine: "2", theirs: "two," }));
  });

  it("reports different insertions at the same point", () => {
    expect(mergeThreeWay("a c", "a b c", "a x c")).toEqual(conflict({ base: "", mine: "b ", theirs: "x " }));
    expect(mergeThreeWay("", "мой текст", "their text")).toEqual(conflict({ base: "", mine: "мой текст", theirs: "their text" }));
  });

  it("reports a deletion of what the other side edited", () => {
    expect(mergeThreeWay("Keep this. Drop this. Keep that.", "Keep this. Keep that.", "Keep this. Drop it. Keep that.")).toEqual(
      conflict({ base: "Drop this. ", mine: "", theirs: "Drop it. " }),
    );
  });

  it("reports a conflict when their patch no longer applies to my text", () => {
    const base = "He walked to town today.";
    const mine = "He drove to city today.";
    const theirs = "He walked into town today.";
    // The words do not touch, but my edits rewrote the context their patch looks for.
    const dmp = new DiffMatchPatch();
    expect(dmp.patch_apply(dmp.patch_make(base, theirs), mine)[1]).toEqual([false]);

    expect(mergeThreeWay(base, mine, theirs)).toEqual(
      conflict({ base: "walked to town", mine: "drove to city", theirs: "walked into town" }),
    );
  });

  it("does not follow patch_apply onto the wrong copy of a repeated phrase", () => {
    const base = "A. The cat sat on the mat. B. The cat sat on the mat. The end.";
    const mine = "Intro. A. The cat sat on the mat. Third. The cat sat on the mat. The end.";
    const theirs = "A. The cat sat on the mat. B. The dog sat on the mat. The end.";
    // Fuzzy matching alone moves their change to the first cat and reports success.
    const dmp = new DiffMatchPatch();
    const [patched, applied] = dmp.patch_apply(dmp.patch_make(base, theirs), mine);
    expect(applied).toEqual([true]);
    expect(patched).toBe("Intro. A. The dog sat on the mat. Third. The cat sat on the mat. The end.");

    // The word-level merge disagrees, so the span of all edits goes to the person.
    expect(mergeThreeWay(base, mine, theirs)).toEqual(
      conflict({
        base: "A. The cat sat on the mat. B. The cat",
        mine: "Intro. A. The cat sat on the mat. Third. The cat",
        theirs: "A. The cat sat on the mat. B. The dog",
      }),
    );
  });
});
