import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isVanbanError } from "../../../core/errors.js";
import { analyzeQuery } from "../../../server/retrieve/analyze-query.js";
import {
  createLexicon,
  defaultGlossaryDirectory,
  getDefaultLexicon,
  loadLexicon,
  type LexiconSources,
} from "../../../server/retrieve/query/lexicon.js";
import { phraseKeys } from "../../../server/retrieve/query/query-words.js";

const directory = defaultGlossaryDirectory();
const readSource = (name: string): unknown => JSON.parse(readFileSync(join(directory, name), "utf8"));

describe("the glossary data files", () => {
  it("load and compile", () => {
    const lexicon = loadLexicon();
    expect(lexicon.glossary.size).toBeGreaterThan(200);
    expect(getDefaultLexicon()).toBe(getDefaultLexicon());
  });

  it("hold a few hundred English phrases and several dozen abbreviations", () => {
    const glossary = readSource("en-vi.json") as LexiconSources["glossary"];
    const abbreviations = readSource("abbreviations.json") as LexiconSources["abbreviations"];
    expect(glossary.phrases.length).toBeGreaterThanOrEqual(300);
    expect(abbreviations.entries.length).toBeGreaterThanOrEqual(50);
  });

  it("never give one English phrase two different first renderings (after stemming)", () => {
    const glossary = readSource("en-vi.json") as LexiconSources["glossary"];
    const renderings = new Map<string, string>();
    const conflicts: string[] = [];
    for (const entry of glossary.phrases) {
      for (const english of entry.en) {
        const key = phraseKeys(english, "english").join(" ");
        const known = renderings.get(key);
        if (known !== undefined && known !== entry.vi[0]) conflicts.push(`${english}: ${known} / ${entry.vi[0]}`);
        renderings.set(key, entry.vi[0] ?? "");
      }
    }
    expect(conflicts).toEqual([]);
  });

  it("list every abbreviation in the brief", () => {
    const abbreviations = readSource("abbreviations.json") as LexiconSources["abbreviations"];
    const shorts = new Set(abbreviations.entries.flatMap((entry) => entry.short));
    for (const short of ["ĐVHC", "CCHC", "VTVL", "UBND", "HĐND", "CBCCVC", "CBCC", "CCVC", "TTHC", "QPPL", "NSNN", "MTTQ", "TW", "TƯ",
      "KH", "QĐ", "TB", "NQ", "CT", "BC", "TTr", "SNV", "BNV", "GD&ĐT", "TN&MT", "LĐTB&XH", "KH&ĐT", "TT&TT", "VH-TT&DL", "ĐBQH", "DTTS", "CNTT"]) {
      expect(shorts).toContain(short);
    }
  });
});

describe("loadLexicon", () => {
  it("fails with config_invalid naming the file when a file is missing", () => {
    const empty = mkdtempSync(join(tmpdir(), "vanban-lexicon-"));
    try {
      loadLexicon(empty);
      expect.unreachable();
    } catch (error) {
      expect(isVanbanError(error) && error.code).toBe("config_invalid");
      expect(String(error)).toContain("abbreviations.json");
    }
  });

  it("fails with config_invalid and the path of the bad field when a file is malformed", () => {
    const broken = mkdtempSync(join(tmpdir(), "vanban-lexicon-"));
    for (const name of ["abbreviations.json", "en-vi.json", "stopwords-vi.json"]) {
      writeFileSync(join(broken, name), readFileSync(join(directory, name)));
    }
    writeFileSync(join(broken, "en-vi.json"), JSON.stringify({ ...(readSource("en-vi.json") as object), phrases: [{ en: "deadline" }] }));
    expect(() => loadLexicon(broken)).toThrow(/en-vi\.json.*phrases\.0/u);
  });
});

describe("createLexicon", () => {
  it("drives analysis with hand-made word lists", () => {
    const sources: LexiconSources = {
      abbreviations: { entries: [{ short: ["XYZ"], long: ["xã yên zên"] }], documentCodes: ["QĐ"] },
      glossary: {
        phrases: [{ en: ["widget"], vi: ["tiện ích", "công cụ"] }],
        vietnameseSynonyms: [],
        englishFunctionWords: ["the", "of", "what", "is"],
        answerCues: { strong: { number: ["how many"] }, weak: {} },
        headNouns: {},
      },
      stopwords: {
        functionWords: ["của"],
        questionWords: ["bao nhiêu"],
        answerCues: { strong: { number: ["bao nhiêu"] }, weak: {} },
        headNouns: {},
        listMarkers: ["những"],
        foldedKeep: [],
      },
    };
    const lexicon = createLexicon(sources);
    const english = analyzeQuery("How many widgets of the province?", { lexicon });
    expect(english.language).toBe("en");
    expect(english.answerKind).toBe("number");
    expect(english.searchText).toBe("tiện ích");
    expect(english.expansions).toEqual(["công cụ"]);
    const vietnamese = analyzeQuery("XYZ của tỉnh có bao nhiêu người?", { lexicon });
    expect(vietnamese.expansions).toEqual(["xã yên zên"]);
    expect(vietnamese.answerKind).toBe("number");
  });
});
