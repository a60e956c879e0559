import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { VanbanError } from "../../../core/errors.js";
import { canonicalizeTone, foldDiacritics } from "../../../core/vietnamese.js";
import { DOCUMENT_TYPES } from "../../../core/vocabulary/document-types.js";
import { createPhraseTable, phraseEntry, phraseKeys, splitQueryWords, type PhraseTable } from "./query-words.js";

/**
 * The word lists behind query understanding, kept as plain JSON in
 * data/glossary/ so they can be extended without touching code:
 * - abbreviations.json: ĐVHC <-> đơn vị hành chính, document type codes;
 * - en-vi.json: English -> Vietnamese glossary, Vietnamese synonyms, English question words;
 * - stopwords-vi.json: Vietnamese function words and question words.
 * `loadLexicon` reads them with fs when called (never at import time) and
 * compiles them into lookup tables once.
 */

export type AnswerKind = "date" | "period" | "who" | "number" | "list" | "fact";

const ANSWER_KINDS = ["date", "period", "who", "number", "list", "fact"] as const;

const phraseList = z.array(z.string().min(1));
const cueSet = z.object({
  strong: z.partialRecord(z.enum(ANSWER_KINDS), phraseList),
  weak: z.partialRecord(z.enum(ANSWER_KINDS), phraseList),
});
const headNouns = z.partialRecord(z.enum(ANSWER_KINDS), phraseList);

/** Header fields a question can ask about (who signed, the number, the date of issue, the issuer). */
export type MetadataField = "signer" | "number" | "date" | "issuer";
const METADATA_FIELDS = ["signer", "number", "date", "issuer"] as const;
const metadataCues = z.partialRecord(z.enum(METADATA_FIELDS), phraseList);

const abbreviationsSchema = z.object({
  entries: z.array(z.object({ short: phraseList.min(1), long: phraseList.min(1), twoWay: z.boolean().optional() })),
  documentCodes: phraseList,
});
const glossarySchema = z.object({
  phrases: z.array(z.object({ en: phraseList.min(1), vi: phraseList.min(1) })),
  vietnameseSynonyms: z.array(phraseList.min(2)),
  englishFunctionWords: phraseList,
  answerCues: cueSet,
  headNouns,
  metadataCues: metadataCues.optional(),
});
const stopwordsSchema = z.object({
  functionWords: phraseList,
  questionWords: phraseList,
  answerCues: cueSet,
  headNouns,
  listMarkers: phraseList,
  foldedKeep: phraseList,
  metadataCues: metadataCues.optional(),
});

/** The three data files as parsed JSON. */
export type LexiconSources = {
  abbreviations: z.infer<typeof abbreviationsSchema>;
  glossary: z.infer<typeof glossarySchema>;
  stopwords: z.infer<typeof stopwordsSchema>;
};

export type AbbreviationEntry = { short: readonly string[]; long: readonly string[]; twoWay: boolean };
export type GlossaryEntry = { en: readonly string[]; vi: readonly string[] };
export type CueTables = { strong: PhraseTable<AnswerKind>; weak: PhraseTable<AnswerKind> };

/** Compiled lexicon: every phrase list turned into a table keyed for the match mode it is used with. */
export type Lexicon = {
  /** Short forms, folded keys ("dvhc", "gd dt"); `capitalsOnly` for one-word forms of at most two letters (KH, TB, TW). */
  abbreviationShorts: PhraseTable<{ entry: AbbreviationEntry; capitalsOnly: boolean }>;
  abbreviationLongs: { canonical: PhraseTable<AbbreviationEntry>; folded: PhraseTable<AbbreviationEntry> };
  documentTypes: ReadonlyArray<{ code: string; words: readonly string[] }>;
  /** Folded upper-case code -> code with Đ ("QD" -> "QĐ", "HDND" -> "HĐND"). */
  documentCodes: ReadonlyMap<string, string>;
  glossary: PhraseTable<GlossaryEntry>;
  /** Words that occur in English glossary phrases (lower case); evidence of English for the language detector. */
  englishVocabulary: ReadonlySet<string>;
  englishFunctionWords: ReadonlySet<string>;
  synonyms: { canonical: PhraseTable<readonly string[]>; folded: PhraseTable<readonly string[]> };
  /** Folded multi-syllable Vietnamese phrases -> their spelling with diacritics ("so noi vu" -> "Sở Nội vụ"). */
  restorations: PhraseTable<string>;
  stopwords: { canonical: ReadonlySet<string>; folded: ReadonlySet<string> };
  questionWords: { canonical: PhraseTable<true>; folded: PhraseTable<true> };
  cues: { vietnamese: CueTables; folded: CueTables; english: CueTables };
  headNouns: { vietnamese: PhraseTable<AnswerKind>; folded: PhraseTable<AnswerKind>; english: ReadonlyMap<string, AnswerKind> };
  listMarkers: { canonical: ReadonlySet<string>; folded: ReadonlySet<string> };
  /** Phrases that ask for a header field ("người ký", "số hiệu", "who signed"). */
  metadataCues: { vietnamese: PhraseTable<MetadataField>; folded: PhraseTable<MetadataField>; english: PhraseTable<MetadataField> };
};

const FILES = { abbreviations: "abbreviations.json", glossary: "en-vi.json", stopwords: "stopwords-vi.json", generalGlossary: "en-vi-general.json" } as const;

const generalGlossarySchema = z.object({ phrases: glossarySchema.shape.phrases });

/** data/glossary/ of this checkout, resolved from this module's location. */
export function defaultGlossaryDirectory(): string {
  return fileURLToPath(new URL("../../../data/glossary/", import.meta.url));
}

/**
 * Reads and compiles the lexicon from a directory holding the JSON files. The
 * general English glossary (every sector of public administration), when
 * present, adds its phrases after the main glossary's: an English phrase both
 * know keeps the main glossary's renderings first and gains the others.
 */
export function loadLexicon(directory: string = defaultGlossaryDirectory()): Lexicon {
  const abbreviations = readJson(join(directory, FILES.abbreviations), abbreviationsSchema);
  const glossary = readJson(join(directory, FILES.glossary), glossarySchema);
  const stopwords = readJson(join(directory, FILES.stopwords), stopwordsSchema);
  const generalPath = join(directory, FILES.generalGlossary);
  const general = existsSync(generalPath) ? readJson(generalPath, generalGlossarySchema).phrases : [];
  return createLexicon({ abbreviations, glossary: { ...glossary, phrases: mergeGlossaryPhrases(glossary.phrases, general) }, stopwords });
}

type GlossaryPhrase = LexiconSources["glossary"]["phrases"][number];

/** The main phrases, each gaining the renderings a general entry with a shared English phrase gives; then the general entries that share none. */
export function mergeGlossaryPhrases(main: readonly GlossaryPhrase[], general: readonly GlossaryPhrase[]): GlossaryPhrase[] {
  const merged = main.map((entry) => ({ en: [...entry.en], vi: [...entry.vi] }));
  const byEnglish = new Map<string, GlossaryPhrase>();
  for (const entry of merged) for (const english of entry.en) byEnglish.set(english.toLowerCase(), entry);
  for (const entry of general) {
    const shared = entry.en.map((english) => byEnglish.get(english.toLowerCase())).find(Boolean);
    if (shared) {
      for (const vi of entry.vi) if (!shared.vi.includes(vi)) shared.vi.push(vi);
      continue;
    }
    merged.push({ en: [...entry.en], vi: [...entry.vi] });
  }
  return merged;
}

let cachedDefaultLexicon: Lexicon | undefined;

/** The lexicon of data/glossary/, loaded on first use and kept: the files are static data shipped with the code. */
export function getDefaultLexicon(): Lexicon {
  cachedDefaultLexicon ??= loadLexicon();
  return cachedDefaultLexicon;
}

function readJson<T>(path: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new VanbanError("config_invalid", `Cannot read the query lexicon file ${path}; restore it from the repository.`, {
      cause: error,
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VanbanError(
      "config_invalid",
      `The query lexicon file ${path} is malformed at ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}.`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** Compiles parsed data files into lookup tables. Pure; tests use it with small hand-made sources. */
export function createLexicon(sources: LexiconSources): Lexicon {
  const { abbreviations, glossary, stopwords } = sources;
  const entries: AbbreviationEntry[] = abbreviations.entries.map((entry) => ({
    short: entry.short,
    long: entry.long,
    twoWay: entry.twoWay ?? true,
  }));

  const functionWords = new Set(stopwords.functionWords.map((word) => canonicalizeTone(word)));
  const vocabulary = collectVietnameseVocabulary(sources);
  const ambiguousFolds = findAmbiguousFolds(vocabulary, functionWords, stopwords.foldedKeep);
  const foldedStopwords = new Set(
    [...functionWords].map((word) => foldDiacritics(word).toLowerCase()).filter((word) => !ambiguousFolds.has(word)),
  );
  // A one-syllable folded cue such as "may" (mấy) is dropped when a content
  // syllable folds to the same letters (máy in "bộ máy").
  const foldedSafe = (phrase: string): boolean => {
    const keys = phraseKeys(phrase, "folded");
    return keys.length > 1 || !ambiguousFolds.has(keys[0] ?? "");
  };

  return {
    abbreviationShorts: createPhraseTable(
      entries.flatMap((entry) =>
        entry.short.map((short) => {
          const words = splitQueryWords(short);
          const letters = short.replace(/[^\p{L}]/gu, "");
          return phraseEntry(short, "folded", { entry, capitalsOnly: words.length === 1 && letters.length <= 2 });
        }),
      ),
    ),
    abbreviationLongs: {
      canonical: createPhraseTable(entries.flatMap((entry) => entry.long.map((long) => phraseEntry(long, "canonical", entry)))),
      folded: createPhraseTable(entries.flatMap((entry) => entry.long.map((long) => phraseEntry(long, "folded", entry)))),
    },
    documentTypes: DOCUMENT_TYPES.flatMap((type) => (type.code ? [{ code: type.code, words: type.words }] : [])),
    documentCodes: new Map(
      [...abbreviations.documentCodes, ...DOCUMENT_TYPES.flatMap((type) => (type.code ? [type.code] : []))].map((code) => [
        foldDiacritics(code).toUpperCase(),
        code.toUpperCase(),
      ]),
    ),
    glossary: createPhraseTable(
      glossary.phrases.flatMap((entry) => entry.en.map((english) => phraseEntry(english, "english", entry))),
    ),
    englishVocabulary: new Set(
      glossary.phrases.flatMap((entry) => entry.en.flatMap((english) => splitQueryWords(english).map((word) => word.folded))),
    ),
    englishFunctionWords: new Set(glossary.englishFunctionWords.map((word) => word.toLowerCase())),
    synonyms: {
      canonical: createPhraseTable(
        glossary.vietnameseSynonyms.flatMap((group) => group.map((member) => phraseEntry(member, "canonical", group))),
      ),
      folded: createPhraseTable(
        glossary.vietnameseSynonyms.flatMap((group) =>
          group.filter(foldedSafe).map((member) => phraseEntry(member, "folded", group)),
        ),
      ),
    },
    restorations: createRestorations(vocabulary),
    stopwords: { canonical: functionWords, folded: foldedStopwords },
    questionWords: {
      canonical: createPhraseTable(stopwords.questionWords.map((phrase) => phraseEntry(phrase, "canonical", true as const))),
      folded: createPhraseTable(
        stopwords.questionWords.filter(foldedSafe).map((phrase) => phraseEntry(phrase, "folded", true as const)),
      ),
    },
    cues: {
      vietnamese: compileCues(stopwords.answerCues, "canonical", () => true),
      folded: compileCues(stopwords.answerCues, "folded", foldedSafe),
      english: compileCues(glossary.answerCues, "folded", () => true),
    },
    headNouns: {
      vietnamese: compileHeadNouns(stopwords.headNouns, "canonical", () => true),
      // A head noun is followed by "nào", which is context enough even for one folded syllable ("so nao" = sở nào).
      folded: compileHeadNouns(stopwords.headNouns, "folded", () => true),
      english: new Map(
        ANSWER_KINDS.flatMap((kind) => (glossary.headNouns[kind] ?? []).map((noun) => [noun.toLowerCase(), kind] as const)),
      ),
    },
    listMarkers: {
      canonical: new Set(stopwords.listMarkers.map((word) => canonicalizeTone(word))),
      folded: new Set(stopwords.listMarkers.map((word) => foldDiacritics(word).toLowerCase())),
    },
    metadataCues: {
      vietnamese: compileMetadataCues(stopwords.metadataCues ?? {}, "canonical"),
      folded: compileMetadataCues(stopwords.metadataCues ?? {}, "folded"),
      english: compileMetadataCues(glossary.metadataCues ?? {}, "folded"),
    },
  };
}

function compileMetadataCues(cues: Partial<Record<MetadataField, string[]>>, mode: "canonical" | "folded"): PhraseTable<MetadataField> {
  return createPhraseTable(METADATA_FIELDS.flatMap((field) => (cues[field] ?? []).map((phrase) => phraseEntry(phrase, mode, field))));
}

function compileCues(
  cues: LexiconSources["stopwords"]["answerCues"],
  mode: "canonical" | "folded",
  keep: (phrase: string) => boolean,
): CueTables {
  const table = (byKind: Partial<Record<AnswerKind, string[]>>) =>
    createPhraseTable(
      ANSWER_KINDS.flatMap((kind) =>
        (byKind[kind] ?? []).filter(keep).map((phrase) => phraseEntry(phrase, mode, kind)),
      ),
    );
  return { strong: table(cues.strong), weak: table(cues.weak) };
}

function compileHeadNouns(
  nouns: Partial<Record<AnswerKind, string[]>>,
  mode: "canonical" | "folded",
  keep: (phrase: string) => boolean,
): PhraseTable<AnswerKind> {
  return createPhraseTable(
    ANSWER_KINDS.flatMap((kind) => (nouns[kind] ?? []).filter(keep).map((noun) => phraseEntry(noun, mode, kind))),
  );
}

/** Every Vietnamese phrase the lexicon knows, with diacritics. */
function collectVietnameseVocabulary(sources: LexiconSources): string[] {
  const { abbreviations, glossary, stopwords } = sources;
  return [
    ...glossary.phrases.flatMap((entry) => entry.vi),
    ...abbreviations.entries.flatMap((entry) => entry.long),
    ...glossary.vietnameseSynonyms.flat(),
    ...ANSWER_KINDS.flatMap((kind) => stopwords.headNouns[kind] ?? []),
  ];
}

/**
 * Folded syllables that stand for a content syllable as well as a function
 * word ("co": có / cơ in "cơ quan", "tai": tại / tài in "tài chính"): for
 * questions typed without diacritics they must not be dropped as stopwords.
 */
function findAmbiguousFolds(vocabulary: readonly string[], functionWords: ReadonlySet<string>, keep: readonly string[]): Set<string> {
  const ambiguous = new Set(keep.map((word) => foldDiacritics(word).toLowerCase()));
  for (const phrase of vocabulary) {
    for (const word of splitQueryWords(phrase)) {
      if (!functionWords.has(word.canonical)) ambiguous.add(word.folded);
    }
  }
  return ambiguous;
}

/** Folded key -> spelling with diacritics, for phrases of two or more syllables whose folded form is unambiguous. */
function createRestorations(vocabulary: readonly string[]): PhraseTable<string> {
  const byFolded = new Map<string, string | null>();
  for (const phrase of vocabulary) {
    const keys = phraseKeys(phrase, "folded");
    if (keys.length < 2 || /\p{Lu}{2,}/u.test(phrase)) continue;
    const folded = keys.join(" ");
    const canonical = phraseKeys(phrase, "canonical").join(" ");
    const known = byFolded.get(folded);
    if (known === undefined) byFolded.set(folded, phrase);
    else if (known !== null && phraseKeys(known, "canonical").join(" ") !== canonical) byFolded.set(folded, null);
  }
  return createPhraseTable([...byFolded.values()].flatMap((phrase) => (phrase === null ? [] : [phraseEntry(phrase, "folded", phrase)])));
}
