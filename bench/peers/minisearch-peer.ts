import MiniSearch from "minisearch";

/**
 * MiniSearch, a well-known in-memory lexical engine (BM25+ with a radix-tree
 * index), over the same chunk texts our BM25 indexes (title + heading path +
 * text). Its default tokenizer splits on spaces and punctuation, which for
 * Vietnamese means syllables; terms are NFC and lower-cased. No diacritic
 * folding and no bigrams: that is the out-of-the-box engine a team would try.
 */
export type MiniSearchPeer = {
  search(text: string, limit: number): number[];
  readonly termCount: number;
};

export function createMiniSearchPeer(options: { texts: readonly string[] }): MiniSearchPeer {
  const engine = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    storeFields: [],
    processTerm: (term) => term.normalize("NFC").toLowerCase(),
  });
  // Added one by one: addAll would hold a second array of 100k objects.
  options.texts.forEach((text, id) => engine.add({ id, text }));
  return {
    search(text, limit) {
      return engine
        .search(text)
        .slice(0, limit)
        .map((result) => result.id as number);
    },
    get termCount() {
      return engine.termCount;
    },
  };
}
