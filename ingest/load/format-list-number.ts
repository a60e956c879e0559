/**
 * The number formats lists use in Word (`w:numFmt`) and HTML (`<ol type>`). Formats we do not
 * know fall back to decimal: a slightly wrong marker beats a missing one for section parsing.
 */
export type ListNumberFormat =
  | "decimal"
  | "decimalZero"
  | "lowerLetter"
  | "upperLetter"
  | "lowerRoman"
  | "upperRoman"
  | "none"
  | (string & {});

/** Format a list counter: 3 -> "3", "c", "C", "iii", "III", "03". */
export function formatListNumber(value: number, format: ListNumberFormat): string {
  switch (format) {
    case "none":
      return "";
    case "decimalZero":
      return value < 10 && value >= 0 ? `0${value}` : String(value);
    case "lowerLetter":
      return toLetters(value).toLowerCase();
    case "upperLetter":
      return toLetters(value);
    case "lowerRoman":
      return toRoman(value).toLowerCase();
    case "upperRoman":
      return toRoman(value);
    default:
      return String(value);
  }
}

/** Word's letter lists repeat the letter after z (aa, bb, ...); HTML goes on like spreadsheet columns. Word wins here. */
function toLetters(value: number): string {
  if (value < 1) return String(value);
  const letter = String.fromCharCode(65 + ((value - 1) % 26));
  return letter.repeat(Math.floor((value - 1) / 26) + 1);
}

const romanDigits: ReadonlyArray<readonly [number, string]> = [
  [1000, "M"],
  [900, "CM"],
  [500, "D"],
  [400, "CD"],
  [100, "C"],
  [90, "XC"],
  [50, "L"],
  [40, "XL"],
  [10, "X"],
  [9, "IX"],
  [5, "V"],
  [4, "IV"],
  [1, "I"],
];

function toRoman(value: number): string {
  if (value < 1 || value >= 4000) return String(value);
  let rest = value;
  let roman = "";
  for (const [amount, digits] of romanDigits) {
    while (rest >= amount) {
      roman += digits;
      rest -= amount;
    }
  }
  return roman;
}
