/**
 * A deliberately small English stemmer: enough to let a glossary entry
 * "administrative unit" match "administrative units", "merge" match
 * "merged"/"merging" and "boundary" match "boundaries". The same function is
 * applied to glossary phrases and to questions, so only consistency matters,
 * not linguistic accuracy.
 */
export function stemEnglishWord(word: string): string {
  let stem = word.toLowerCase();
  if (stem.length <= 3) return stem;
  if (stem.endsWith("ies") && stem.length > 4) stem = `${stem.slice(0, -3)}y`;
  else if (stem.endsWith("s") && !/(?:ss|us|is)$/u.test(stem)) stem = stem.slice(0, -1);
  // The final e goes too ("create" -> "creat"), but not when -ed/-ing took it already ("agreed" -> "agre", like "agree").
  if (stem.endsWith("ing") && stem.length > 5) return undouble(stem.slice(0, -3));
  if (stem.endsWith("ied") && stem.length > 4) return `${stem.slice(0, -3)}y`;
  if (stem.endsWith("ed") && stem.length > 4) return undouble(stem.slice(0, -2));
  if (stem.endsWith("e") && stem.length > 3) return stem.slice(0, -1);
  return stem;
}

// "submitted" -> "submitt" -> "submit"; "planning" -> "plann" -> "plan".
function undouble(stem: string): string {
  return /([bdgmnprt])\1$/u.test(stem) ? stem.slice(0, -1) : stem;
}
