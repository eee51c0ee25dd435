/**
 * Numbers as they survive translation: "26.9" and "26,9", "1,000", "1 000"
 * and "1 000", "21.3 billion" and "21,3 млрд" all become the same key
 * ("26.9", "1000", "21.3"). Scale words and units are left out on purpose:
 * they are words of one language, while the figure is shared.
 */

const groupSeparators = new Set([" ", "\u00A0", "\u202F", "\u2009", "'", "’"]);
const decimalMarks = new Set([".", ","]);

/** Digit groups joined by single separators, e.g. "1 234,5" or "03.03.2021". */
const numberRun = /\d+(?:[.,\u00A0\u202F\u2009 '’]\d+)*/g;
const numericDate = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

function canonical(integer: string, fraction = ""): string {
  const whole = integer.replace(/^0+(?=\d)/, "");
  const decimals = fraction.replace(/0+$/, "");
  return decimals ? `${whole}.${decimals}` : whole;
}

/** Reads one run of digit groups, which may hold several numbers ("2020 150" is two). */
function readRun(run: string): string[] {
  const date = numericDate.exec(run);
  if (date) return [canonical(date[1]!), canonical(date[2]!), canonical(date[3]!)];
  const groups = run.split(/[^\d]/);
  const separators = run.replace(/\d+/g, "").split("");
  const numbers: string[] = [];
  let integer = groups[0]!;
  let fraction: string | undefined;
  let groupedBy: string | undefined;
  for (let index = 0; index < separators.length; index++) {
    const separator = separators[index]!;
    const group = groups[index + 1]!;
    const followsThousands =
      group.length === 3 && fraction === undefined && (groupedBy === undefined ? integer.length <= 3 : groupedBy === separator);
    if (groupSeparators.has(separator) && followsThousands) {
      groupedBy = separator;
      integer += group;
    } else if (decimalMarks.has(separator) && followsThousands) {
      // "1,000" and "1.000.000": a mark before exactly three digits groups thousands
      groupedBy = separator;
      integer += group;
    } else if (decimalMarks.has(separator) && fraction === undefined) {
      fraction = group;
    } else {
      numbers.push(canonical(integer, fraction));
      integer = group;
      fraction = undefined;
      groupedBy = undefined;
    }
  }
  numbers.push(canonical(integer, fraction));
  return numbers;
}

/** Every number of a text in canonical form, in order of appearance. */
export function extractNumbers(text: string): string[] {
  return (text.match(numberRun) ?? []).flatMap(readRun);
}
