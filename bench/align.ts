/**
 * Paragraph alignment: quality on the evaluation sets, the speech and the
 * second corpus (Gale & Church against ours, link F1 per case), on cases
 * drawn with other seeds that the weights were not tuned on, and speed on a long synthetic document, the speech
 * repeated to 10,000 paragraphs a side and perturbed like the evaluation set.
 *
 * The harder evaluation of issue 16 (headings removed, target paragraphs omitted, heavy merges, pairs
 * across scripts and families) prints its tuning draw case by case and its held-out draw as a summary
 * (case by case only with --held-out-cases, once tuning is over).
 *
 *   npx tsx bench/align.ts [paragraphs] [--part sets|hard|speed|cli] [--held-out-cases] [--write-long DIR] [--cli-runs N]
 *
 * --write-long DIR writes the long synthetic pair to DIR/source.txt and DIR/target.txt, for timing the
 * whole CLI process (`npm run --silent wb -- align DIR/source.txt DIR/target.txt --json`); --part cli
 * does that timing itself, N times (3 unless told), through /usr/bin/time, with the load average
 * before each run: on a shared machine the wall time means little without it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { alignParagraphs } from "../lib/align";
import { flagging, linkAgreement, type Flagging } from "../lib/align/evaluation";
import { galeChurchAlign } from "../lib/align/gale-church";
import {
  corpusCases,
  corpusValidationCases,
  evaluationCases,
  hardCases,
  parallelTexts,
  perturb,
  speechExcerpt,
  type AlignmentCase,
} from "../tests/fixtures/alignment/cases";
import { LOW_CONFIDENCE } from "../lib/schemas";
import { prng } from "../tests/helpers/prng";

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    part: { type: "string" },
    "held-out-cases": { type: "boolean" },
    "write-long": { type: "string" },
    "cli-runs": { type: "string" },
  },
});
const paragraphs = Number(positionals[0] ?? 10_000);
const runs = (part: string) => flags.part === undefined || flags.part === part;

for (const cases of runs("sets") ? [evaluationCases(), corpusCases()] : []) {
  console.log("\n| case | paragraphs | Gale-Church F1 | ours F1 |");
  console.log("| --- | --- | --- | --- |");
  for (const testCase of cases) {
    const baseline = linkAgreement(galeChurchAlign(testCase.source, testCase.target), testCase.gold).f1;
    const ours = linkAgreement(alignParagraphs(testCase.source, testCase.target), testCase.gold).f1;
    console.log(
      `| ${testCase.name} | ${testCase.source.length} × ${testCase.target.length} | ${baseline.toFixed(3)} | ${ours.toFixed(3)} |`,
    );
  }
}

function summary(label: string, cases: Array<Omit<AlignmentCase, "name">>) {
  const scores = cases.map((testCase) => linkAgreement(alignParagraphs(testCase.source, testCase.target), testCase.gold).f1);
  const baseline = cases.map((testCase) => linkAgreement(galeChurchAlign(testCase.source, testCase.target), testCase.gold).f1);
  const mean = (values: number[]) => values.reduce((sum, score) => sum + score, 0) / values.length;
  console.log(
    `\n${label}: ${scores.length} cases, mean F1 ${mean(scores).toFixed(4)}, lowest ${Math.min(...scores).toFixed(3)}, ` +
      `${scores.filter((score) => score < 0.97).length} below 0.97; Gale-Church mean ${mean(baseline).toFixed(3)}, lowest ${Math.min(...baseline).toFixed(3)}`,
  );
}

const texts = parallelTexts();
const percent = (part: number, whole: number) => `${part} of ${whole} (${whole ? ((100 * part) / whole).toFixed(1) : "–"}%)`;

function hardDraw(draw: "tuning" | "held-out", caseByCase: boolean) {
  const cases = hardCases(draw);
  const total: Flagging = { wrong: 0, wrongFlagged: 0, right: 0, rightFlagged: 0 };
  const results = cases.map((testCase) => {
    const beads = alignParagraphs(testCase.source, testCase.target);
    const flags = flagging(beads, testCase.gold, LOW_CONFIDENCE);
    for (const key of Object.keys(total) as Array<keyof Flagging>) total[key] += flags[key];
    return {
      testCase,
      ours: linkAgreement(beads, testCase.gold).f1,
      baseline: linkAgreement(galeChurchAlign(testCase.source, testCase.target), testCase.gold).f1,
      flags,
    };
  });
  if (caseByCase) {
    console.log(`\n${draw} draw:\n\n| case | paragraphs | Gale-Church F1 | ours F1 | wrong beads flagged | right beads flagged |`);
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const { testCase, ours, baseline, flags } of results)
      console.log(
        `| ${testCase.name} | ${testCase.source.length} × ${testCase.target.length} | ${baseline.toFixed(3)} | ${ours.toFixed(3)} | ` +
          `${flags.wrongFlagged}/${flags.wrong} | ${flags.rightFlagged}/${flags.right} |`,
      );
  }
  const mean = (values: number[]) => values.reduce((sum, score) => sum + score, 0) / values.length;
  for (const kind of ["hard", "mild"] as const) {
    const some = results.filter((result) => result.testCase.kind === kind);
    const ours = some.map((result) => result.ours);
    const baseline = some.map((result) => result.baseline);
    console.log(
      `${draw}, ${kind}: ${some.length} cases, mean F1 ${mean(ours).toFixed(4)}, lowest ${Math.min(...ours).toFixed(3)}, ` +
        `${ours.filter((score) => score < 0.95).length} below 0.95; Gale-Church mean ${mean(baseline).toFixed(4)}, lowest ${Math.min(...baseline).toFixed(3)}, ` +
        `${baseline.filter((score) => score < 0.95).length} below 0.95`,
    );
  }
  console.log(
    `${draw}: wrong beads below ${LOW_CONFIDENCE}: ${percent(total.wrongFlagged, total.wrong)}; right beads below it: ${percent(total.rightFlagged, total.right)}`,
  );
}
if (runs("hard")) {
  console.log();
  hardDraw("tuning", true);
  hardDraw("held-out", flags["held-out-cases"] ?? false);
}

// A check against fitting the weights to the cases above: every ordered pair of the five languages, other seeds.
const languages = ["en", "ru", "fr", "es", "uk"] as const;
const excerptOf = (language: (typeof languages)[number]) =>
  language === "en" || language === "ru" ? speechExcerpt(texts[language]) : texts[language];
for (const firstSeed of runs("sets") ? [100, 500] : []) {
  const cases: Array<Omit<AlignmentCase, "name">> = [];
  for (const from of languages) {
    for (const to of languages) {
      if (from === to) continue;
      for (let repetition = 0; repetition < 3; repetition++) {
        cases.push(
          perturb(excerptOf(from), excerptOf(to), firstSeed + cases.length, { omit: 0.04, omitRun: 0.01, merge: 0.04, split: 0.02 }),
        );
      }
    }
  }
  summary(`speech, seeds ${firstSeed}–${firstSeed + cases.length - 1}`, cases);
}
if (runs("sets")) summary("second corpus, seeds 1000–1119", corpusValidationCases(1000, 2));

const { ru, en } = texts;
// Omissions and merges remove about 2.5% of each side; start with that much more.
const units = Math.ceil(paragraphs * 1.03);
const repeat = (texts: string[]) => Array.from({ length: units }, (_, k) => texts[k % texts.length]!);
const long = perturb(repeat(ru), repeat(en), 2026, { omit: 0.02, omitRun: 0.005, merge: 0.02, split: 0.01 });

/** The case with a share of the target's paragraphs left out, so the texts' length ratio misleads and a second pass runs. */
function withoutTargetParagraphs(testCase: Omit<AlignmentCase, "name">, share: number): Omit<AlignmentCase, "name"> {
  const random = prng(7);
  const kept = testCase.target.map(() => !random.chance(share));
  const renumbered: number[] = [];
  let next = 0;
  for (const keep of kept) renumbered.push(keep ? next++ : -1);
  return {
    source: testCase.source,
    target: testCase.target.filter((_, index) => kept[index]),
    gold: testCase.gold.map((bead) => ({ ...bead, target: bead.target.filter((index) => kept[index]).map((index) => renumbered[index]!) })),
  };
}

const longDirectory = flags["write-long"] ?? (runs("cli") ? mkdtempSync(path.join(os.tmpdir(), "align-long-")) : undefined);
if (longDirectory) {
  mkdirSync(longDirectory, { recursive: true });
  writeFileSync(path.join(longDirectory, "source.txt"), long.source.join("\n\n") + "\n");
  writeFileSync(path.join(longDirectory, "target.txt"), long.target.join("\n\n") + "\n");
}

// The whole CLI process, as a user runs it: wall, CPU and peak memory from /usr/bin/time.
if (runs("cli") && longDirectory) {
  const files = ["source.txt", "target.txt"].map((name) => path.join(longDirectory, name));
  console.log(`\nwb align --json, ${long.source.length} × ${long.target.length} paragraphs:`);
  for (let run = 0; run < Number(flags["cli-runs"] ?? 3); run++) {
    const load = os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(", ");
    const timed = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "npm", "run", "--silent", "wb", "--", "align", ...files, "--json"], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    const [wall, user, system, kilobytes] = timed.stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
    console.log(
      `  ${wall!.toFixed(2)} s wall, CPU ${(user! + system!).toFixed(2)} s, peak RSS ${(kilobytes! / 1024).toFixed(0)} MiB ` +
        `(exit ${timed.status}; load average before: ${load})`,
    );
  }
  if (!flags["write-long"]) rmSync(longDirectory, { recursive: true });
}

let peakHeap = 0;
let peakBuffers = 0;
const sampleMemory = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  peakHeap = Math.max(peakHeap, heapUsed);
  peakBuffers = Math.max(peakBuffers, arrayBuffers);
};
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
for (const [label, testCase] of runs("speed")
  ? ([
      ["perturbed", long],
      ["perturbed, and 15% of the target left out", withoutTargetParagraphs(long, 0.15)],
    ] as const)
  : []) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const beads = alignParagraphs(testCase.source, testCase.target, { onProgress: sampleMemory });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const agreement = linkAgreement(beads, testCase.gold);
  console.log();
  console.log(
    `${label}: ${testCase.source.length} × ${testCase.target.length} paragraphs: ${seconds.toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`,
  );
  console.log(`link F1 ${agreement.f1.toFixed(4)} (precision ${agreement.precision.toFixed(4)}, recall ${agreement.recall.toFixed(4)})`);
}
if (runs("speed"))
  console.log(
    `peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}, peak JS heap used ${mib(peakHeap)}, peak typed arrays ${mib(peakBuffers)}`,
  );
