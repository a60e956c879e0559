import { closeSync, fsyncSync, openSync } from "node:fs";
import BetterSqlite3, { type Database, type Statement } from "better-sqlite3";
import { VanbanError } from "../../core/errors.js";
import { RecentlyUsed } from "../../core/recently-used.js";
import type { ArchiveDocument, Chunk, Deadline, DocumentReference, Footnote, Section, Task } from "../../core/types.js";

/**
 * A generation's documents, chunks and tasks in one SQLite file
 * (`documents.sqlite`), read on demand: the serving process keeps a small
 * catalogue in memory (each document's id, source, metadata; each chunk's
 * document and offsets; each task's document, offsets, lead, partners and
 * deadline) and reads the bulk (clean texts, sections, footnotes, references,
 * chunk section paths and notes, task sentences) when a request touches it.
 * At 100k chunks the bulk is about 900 MB once parsed; see DESIGN.md
 * ("Documents out of the serving process").
 *
 * The views it hands out are ordinary `ArchiveDocument`, `Chunk` and `Task`
 * values for their readers (the answerer, the routes): better-sqlite3 reads
 * synchronously (a few µs a row), so a field is read when it is read. The
 * file is written with the generation (index-store.ts) and immutable after.
 */
export const DOCUMENT_STORE_FILE = "documents.sqlite";
const STORE_FORMAT = 1;

/** Fields kept in memory for every document (what lists, facets, filters and access scoping read). */
type DocumentSummary = Omit<ArchiveDocument, "text" | "sections" | "footnotes" | "references" | "tasks">;
type DocumentBody = { sections: Section[]; footnotes: Footnote[]; references?: DocumentReference[] };
type ChunkDetail = { id: string; sectionPath: string[]; notes: string[] };
type TaskDetail = { id: string; task: string; quote: string; docId?: string; source?: string };

/** Writes the store file (which must not exist) in one transaction, then fsyncs it. */
export function writeDocumentStore(options: { path: string; documents: readonly ArchiveDocument[]; chunks: readonly Chunk[] }): void {
  const database = new BetterSqlite3(options.path);
  try {
    // The file is written in a staging folder that a crash discards: no journal needed; fsynced below.
    database.pragma("journal_mode = OFF");
    database.pragma("synchronous = OFF");
    database.exec(`
      CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE documents (position INTEGER PRIMARY KEY, summary TEXT NOT NULL, body TEXT NOT NULL, text BLOB NOT NULL);
      CREATE TABLE chunks (position INTEGER PRIMARY KEY, document INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, detail TEXT NOT NULL);
      CREATE TABLE tasks (position INTEGER PRIMARY KEY, document INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                          lead TEXT NOT NULL, partners TEXT NOT NULL, deadline TEXT NOT NULL, detail TEXT NOT NULL);
    `);
    const insertDocument = database.prepare("INSERT INTO documents VALUES (?, ?, ?, ?)");
    const insertChunk = database.prepare("INSERT INTO chunks VALUES (?, ?, ?, ?, ?)");
    const insertTask = database.prepare("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    const insertInfo = database.prepare("INSERT INTO info VALUES (?, ?)");
    database.transaction(() => {
      const positions = new Map<string, number>();
      let taskPosition = 0;
      options.documents.forEach((document, position) => {
        positions.set(document.id, position);
        const { text, sections, footnotes, references, tasks, ...summary } = document;
        insertDocument.run(position, JSON.stringify(summary), JSON.stringify({ sections, footnotes, references }), Buffer.from(text, "utf16le"));
        for (const task of tasks ?? []) {
          const detail: TaskDetail = { id: task.id, task: task.task, quote: task.quote };
          if (task.docId !== document.id) detail.docId = task.docId;
          if (task.source !== document.source) detail.source = task.source;
          insertTask.run(taskPosition++, position, task.start, task.end, task.lead, JSON.stringify(task.partners), JSON.stringify(task.deadline), JSON.stringify(detail));
        }
      });
      options.chunks.forEach((chunk, position) => {
        const document = positions.get(chunk.docId);
        if (document === undefined) throw new VanbanError("index_corrupt", `Chunk ${chunk.id} points to a missing document`);
        const detail: ChunkDetail = { id: chunk.id, sectionPath: chunk.sectionPath, notes: chunk.notes };
        insertChunk.run(position, document, chunk.start, chunk.end, JSON.stringify(detail));
      });
      insertInfo.run("format", String(STORE_FORMAT));
      insertInfo.run("counts", JSON.stringify({ documents: options.documents.length, chunks: options.chunks.length, tasks: taskPosition }));
    })();
  } finally {
    database.close();
  }
  const handle = openSync(options.path, "r+");
  try {
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}

/** How many parsed records each cache keeps (least recently used go first). */
export type DocumentStoreCacheSizes = {
  bodies: number;
  textCharacters: number;
  chunkTexts: number;
  chunks: number;
  tasks: number;
  /** Chunks of documents up to this long are sliced from the whole (cached) text; longer ones are read by range. */
  wholeTextCharacters: number;
};
/** Clean texts are cached up to a number of characters (2 bytes each): 4M is about 240 documents of the 100k bench corpus. */
/**
 * Texts are cached up to a number of characters (2 bytes each): 1M is about
 * 60 documents of the 100k bench corpus. A chunk's text is read by range
 * unless its document's text is cached: slicing chunks from whole texts read
 * for the purpose (`wholeTextCharacters`) measured slower in the paired bench
 * (searches 1.096, answers 1.174 times the in-memory time, against 1.03 and
 * 1.01 by range): a search's candidates are spread over many documents.
 */
const DEFAULT_CACHE_SIZES: DocumentStoreCacheSizes = { bodies: 64, textCharacters: 1_000_000, chunkTexts: 2048, chunks: 4096, tasks: 4096, wholeTextCharacters: 0 };

/** The key a view keeps its store and position under (not enumerable: spreads and JSON see only the fields). */
const STORED = Symbol("stored document");
type StoredReference = { store: DocumentStore; position: number; visibleIds?: ReadonlySet<string> };

/**
 * An open store: `documents`, `chunks` and `tasks` are views in generation
 * order. Closing is optional (the connection closes when the store is
 * collected); after `close()` a view's heavy fields can no longer be read.
 */
export class DocumentStore {
  readonly documents: ArchiveDocument[];
  readonly chunks: Chunk[];
  readonly tasks: Task[];
  /** Document position of each chunk. */
  readonly chunkDocument: Int32Array;
  readonly chunkStart: Int32Array;
  readonly chunkEnd: Int32Array;
  /** Document position, offsets and interned values of each task. */
  readonly taskDocument: Int32Array;
  readonly taskStart: Int32Array;
  readonly taskEnd: Int32Array;
  readonly taskLead: Uint32Array;
  readonly taskPartners: Uint32Array;
  readonly taskDeadline: Uint32Array;
  readonly leads: string[] = [];
  readonly partnerLists: string[][] = [];
  readonly deadlines: Array<Deadline | null> = [];
  /** Reads of each kind that went to the file (the caches missed): for tests and measurements. */
  readonly reads = { bodies: 0, texts: 0, chunkTexts: 0, chunks: 0, tasks: 0 };

  readonly #database: Database;
  readonly #statements: Record<"body" | "text" | "textRange" | "chunk" | "task", Statement>;
  readonly #bodies: RecentlyUsed<number, DocumentBody>;
  readonly #texts: RecentlyUsed<number, string>;
  readonly #chunkTexts: RecentlyUsed<number, string>;
  readonly #chunkDetails: RecentlyUsed<number, ChunkDetail>;
  readonly #taskDetails: RecentlyUsed<number, TaskDetail>;
  readonly #taskRanges: Int32Array;
  /** Length in UTF-16 code units of each document's text. */
  readonly #textLengths: Int32Array;
  readonly #wholeTextCharacters: number;
  #resolveReference: ((reference: DocumentReference, document: ArchiveDocument) => string | undefined) | undefined;

  private constructor(database: Database, cacheSizes: DocumentStoreCacheSizes) {
    this.#database = database;
    this.#statements = {
      body: database.prepare("SELECT body FROM documents WHERE position = ?").pluck(),
      text: database.prepare("SELECT text FROM documents WHERE position = ?").pluck(),
      textRange: database.prepare("SELECT substr(text, ?, ?) FROM documents WHERE position = ?").pluck(),
      chunk: database.prepare("SELECT detail FROM chunks WHERE position = ?").pluck(),
      task: database.prepare("SELECT detail FROM tasks WHERE position = ?").pluck(),
    };
    this.#bodies = new RecentlyUsed(cacheSizes.bodies);
    this.#texts = new RecentlyUsed(cacheSizes.textCharacters, (text) => text.length);
    this.#chunkTexts = new RecentlyUsed(cacheSizes.chunkTexts);
    this.#wholeTextCharacters = cacheSizes.wholeTextCharacters;
    this.#chunkDetails = new RecentlyUsed(cacheSizes.chunks);
    this.#taskDetails = new RecentlyUsed(cacheSizes.tasks);

    const format = database.prepare("SELECT value FROM info WHERE key = 'format'").pluck().get() as string | undefined;
    if (Number(format) !== STORE_FORMAT) throw new VanbanError("index_corrupt", `Document store format ${format} is not ${STORE_FORMAT}; re-run the ingest.`);
    const counts = JSON.parse(database.prepare("SELECT value FROM info WHERE key = 'counts'").pluck().get() as string) as { documents: number; chunks: number; tasks: number };

    this.documents = [];
    for (const row of database.prepare("SELECT position, summary FROM documents ORDER BY position").iterate() as IterableIterator<{ position: number; summary: string }>) {
      this.documents.push(createDocumentView(JSON.parse(row.summary) as DocumentSummary, { store: this, position: row.position }));
    }
    if (this.documents.length !== counts.documents) throw new VanbanError("index_corrupt", `The document store holds ${this.documents.length} documents, expected ${counts.documents}`);
    this.#textLengths = new Int32Array(counts.documents);
    for (const [position, bytes] of database.prepare("SELECT position, length(text) FROM documents").raw().iterate() as IterableIterator<[number, number]>) this.#textLengths[position] = bytes / 2;

    this.chunkDocument = new Int32Array(counts.chunks);
    this.chunkStart = new Int32Array(counts.chunks);
    this.chunkEnd = new Int32Array(counts.chunks);
    let chunkCount = 0;
    for (const row of database.prepare('SELECT position, document, start, "end" FROM chunks ORDER BY position').raw().iterate() as IterableIterator<[number, number, number, number]>) {
      const [position, document, start, end] = row;
      if (position !== chunkCount || position >= counts.chunks) throw new VanbanError("index_corrupt", "The document store's chunks are not numbered 0..n-1");
      this.chunkDocument[position] = document;
      this.chunkStart[position] = start;
      this.chunkEnd[position] = end;
      chunkCount++;
    }
    if (chunkCount !== counts.chunks) throw new VanbanError("index_corrupt", `The document store holds ${chunkCount} chunks, expected ${counts.chunks}`);
    this.chunks = Array.from({ length: counts.chunks }, (_unused, position) => new StoredChunk(this, position));

    this.taskDocument = new Int32Array(counts.tasks);
    this.taskStart = new Int32Array(counts.tasks);
    this.taskEnd = new Int32Array(counts.tasks);
    this.taskLead = new Uint32Array(counts.tasks);
    this.taskPartners = new Uint32Array(counts.tasks);
    this.taskDeadline = new Uint32Array(counts.tasks);
    // Leads, partner lists and deadlines repeat (35, 18 and 2,461 distinct values for 95,088 tasks at 100k chunks): one copy each.
    const intern = <T>(values: T[], seen: Map<string, number>, key: string, parse: (key: string) => T): number => {
      let index = seen.get(key);
      if (index === undefined) {
        index = values.push(parse(key)) - 1;
        seen.set(key, index);
      }
      return index;
    };
    const leadIndex = new Map<string, number>();
    const partnersIndex = new Map<string, number>();
    const deadlineIndex = new Map<string, number>();
    // First task of each document, and one past its last (tasks are written in document order).
    this.#taskRanges = new Int32Array(counts.documents + 1);
    let taskCount = 0;
    let lastDocument = -1;
    for (const row of database.prepare('SELECT position, document, start, "end", lead, partners, deadline FROM tasks ORDER BY position').raw().iterate() as IterableIterator<[number, number, number, number, string, string, string]>) {
      const [position, document, start, end, lead, partners, deadline] = row;
      if (position !== taskCount || position >= counts.tasks || document < lastDocument) throw new VanbanError("index_corrupt", "The document store's tasks are not numbered 0..n-1 in document order");
      for (let next = lastDocument + 1; next <= document; next++) this.#taskRanges[next] = position;
      lastDocument = document;
      this.taskDocument[position] = document;
      this.taskStart[position] = start;
      this.taskEnd[position] = end;
      this.taskLead[position] = intern(this.leads, leadIndex, lead, (value) => value);
      this.taskPartners[position] = intern(this.partnerLists, partnersIndex, partners, (value) => JSON.parse(value) as string[]);
      this.taskDeadline[position] = intern(this.deadlines, deadlineIndex, deadline, (value) => JSON.parse(value) as Deadline | null);
      taskCount++;
    }
    if (taskCount !== counts.tasks) throw new VanbanError("index_corrupt", `The document store holds ${taskCount} tasks, expected ${counts.tasks}`);
    for (let next = lastDocument + 1; next <= counts.documents; next++) this.#taskRanges[next] = counts.tasks;
    this.tasks = Array.from({ length: counts.tasks }, (_unused, position) => new StoredTask(this, position));
  }

  /** Opens a generation's store read-only; index_corrupt when it cannot be read. */
  static open(filePath: string, cacheSizes: Partial<DocumentStoreCacheSizes> = {}): DocumentStore {
    let database: Database | undefined;
    try {
      database = new BetterSqlite3(filePath, { readonly: true, fileMustExist: true });
      return new DocumentStore(database, { ...DEFAULT_CACHE_SIZES, ...cacheSizes });
    } catch (error) {
      database?.close();
      if (error instanceof VanbanError) throw error;
      throw new VanbanError("index_corrupt", `Cannot read the document store ${filePath}: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * Sets how references find the document they name (`targetDocId`), filled
   * as each document's references are read (the archive's number look-up).
   */
  linkReferences(resolve: (reference: DocumentReference, document: ArchiveDocument) => string | undefined): void {
    this.#resolveReference = resolve;
    this.#bodies.clear();
  }

  readText(position: number): string {
    return this.#readThrough(this.#texts, "texts", position, () => (this.#statements.text.get(position) as Buffer).toString("utf16le"));
  }

  /** A chunk's text: sliced from its document's text when that is cached, else read alone (not the whole text). */
  readChunkText(chunk: number): string {
    let text = this.#chunkTexts.get(chunk);
    if (text === undefined) {
      const position = this.chunkDocument[chunk]!;
      const start = this.chunkStart[chunk]!;
      const end = this.chunkEnd[chunk]!;
      const cached = this.#texts.get(position, { touch: false });
      if (cached !== undefined) text = cached.slice(start, end);
      else if (this.#textLengths[position]! <= this.#wholeTextCharacters) text = this.readText(position).slice(start, end);
      else {
        this.reads.chunkTexts++;
        // substr on a BLOB counts bytes: UTF-16 code units are 2 bytes, so JavaScript offsets map exactly.
        text = end > start ? (this.#statements.textRange.get(2 * start + 1, 2 * (end - start), position) as Buffer).toString("utf16le") : "";
      }
      this.#chunkTexts.set(chunk, text);
    }
    return text;
  }

  readBody(position: number): DocumentBody {
    return this.#readThrough(this.#bodies, "bodies", position, () => {
      const body = JSON.parse(this.#statements.body.get(position) as string) as DocumentBody;
      const resolve = this.#resolveReference;
      const document = this.documents[position]!;
      if (resolve) {
        for (const reference of body.references ?? []) {
          const target = resolve(reference, document);
          if (target) reference.targetDocId = target;
        }
      }
      return body;
    });
  }

  readChunkDetail(position: number): ChunkDetail {
    return this.#readThrough(this.#chunkDetails, "chunks", position, () => JSON.parse(this.#statements.chunk.get(position) as string) as ChunkDetail);
  }

  readTaskDetail(position: number): TaskDetail {
    return this.#readThrough(this.#taskDetails, "tasks", position, () => JSON.parse(this.#statements.task.get(position) as string) as TaskDetail);
  }

  /** The cached value, or `read()` counted under `kind` and cached. */
  #readThrough<V>(cache: RecentlyUsed<number, V>, kind: keyof DocumentStore["reads"], position: number, read: () => V): V {
    let value = cache.get(position);
    if (value === undefined) {
      this.reads[kind]++;
      value = read();
      cache.set(position, value);
    }
    return value;
  }

  /** The task views of one document. */
  tasksOf(position: number): Task[] {
    return this.tasks.slice(this.#taskRanges[position]!, this.#taskRanges[position + 1]!);
  }

  close(): void {
    if (this.#database.open) this.#database.close();
  }
}

// ---------------------------------------------------------------------------
// Views

/**
 * A document view: its summary fields are its own data; the heavy ones are
 * own enumerable getters, so `{ ...document }` and JSON.stringify see a
 * whole document (reading it) and nothing about the store.
 */
function createDocumentView(summary: DocumentSummary, reference: StoredReference): ArchiveDocument {
  const view = summary as ArchiveDocument;
  Object.defineProperty(view, STORED, { value: reference });
  Object.defineProperties(view, HEAVY_DOCUMENT_FIELDS);
  return view;
}

function storedOf(document: ArchiveDocument): StoredReference {
  return (document as unknown as Record<typeof STORED, StoredReference>)[STORED];
}

/** An own enumerable getter for a field read as it is in the document's stored body. */
function bodyField(field: "sections" | "footnotes"): PropertyDescriptor {
  return {
    enumerable: true,
    get(this: ArchiveDocument) {
      const { store, position } = storedOf(this);
      return store.readBody(position)[field];
    },
  };
}

const HEAVY_DOCUMENT_FIELDS: PropertyDescriptorMap = {
  text: {
    enumerable: true,
    get(this: ArchiveDocument) {
      const { store, position } = storedOf(this);
      return store.readText(position);
    },
  },
  sections: bodyField("sections"),
  footnotes: bodyField("footnotes"),
  references: {
    enumerable: true,
    get(this: ArchiveDocument) {
      const { store, position, visibleIds } = storedOf(this);
      const references = store.readBody(position).references ?? [];
      if (!visibleIds) return references;
      return references.map((reference) => {
        if (!reference.targetDocId || visibleIds.has(reference.targetDocId)) return reference;
        const { targetDocId: _hidden, ...rest } = reference;
        return rest;
      });
    },
  },
  tasks: {
    enumerable: true,
    get(this: ArchiveDocument) {
      const { store, position } = storedOf(this);
      return store.tasksOf(position);
    },
  },
};

/** Whether a document is a view over a store (its heavy fields are read on access). */
export function isStoredDocument(document: ArchiveDocument): boolean {
  return Object.prototype.hasOwnProperty.call(document, STORED);
}

/**
 * The document with its links to documents outside `visibleIds` taken out of
 * its references (a reader must not learn a hidden document's id). A stored
 * document stays a view (nothing is read now); another is copied.
 */
export function withoutHiddenReferences(document: ArchiveDocument, visibleIds: ReadonlySet<string>): ArchiveDocument {
  if (isStoredDocument(document)) {
    const { store, position } = storedOf(document);
    // The summary's own data fields only (a spread would read the heavy ones).
    const summary: Record<string, unknown> = {};
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(document))) {
      if ("value" in descriptor && descriptor.enumerable) summary[key] = descriptor.value;
    }
    return createDocumentView(summary as DocumentSummary, { store, position, visibleIds });
  }
  const references = document.references ?? [];
  if (!references.some((reference) => reference.targetDocId && !visibleIds.has(reference.targetDocId))) return document;
  return {
    ...document,
    references: references.map((reference) => {
      if (!reference.targetDocId || visibleIds.has(reference.targetDocId)) return reference;
      const { targetDocId: _hidden, ...rest } = reference;
      return rest;
    }),
  };
}

/**
 * Where a chunk or task view reads from, as non-enumerable properties (not
 * `#private` fields: an object made with Object.create(view), as some
 * libraries do when copying, must read through the view too).
 */
const VIEW_STORE = Symbol("view store");
const VIEW_POSITION = Symbol("view position");

/** A view of row `position` of a store. */
abstract class StoredView {
  declare readonly [VIEW_STORE]: DocumentStore;
  declare readonly [VIEW_POSITION]: number;

  constructor(store: DocumentStore, position: number) {
    Object.defineProperty(this, VIEW_STORE, { value: store });
    Object.defineProperty(this, VIEW_POSITION, { value: position });
  }
}

/** A chunk view: offsets and document from memory, text, section path and notes from the store. */
class StoredChunk extends StoredView implements Chunk {
  get id(): string {
    return this[VIEW_STORE].readChunkDetail(this[VIEW_POSITION]).id;
  }
  get docId(): string {
    return this[VIEW_STORE].documents[this[VIEW_STORE].chunkDocument[this[VIEW_POSITION]]!]!.id;
  }
  get start(): number {
    return this[VIEW_STORE].chunkStart[this[VIEW_POSITION]]!;
  }
  get end(): number {
    return this[VIEW_STORE].chunkEnd[this[VIEW_POSITION]]!;
  }
  get text(): string {
    return this[VIEW_STORE].readChunkText(this[VIEW_POSITION]);
  }
  get sectionPath(): string[] {
    return this[VIEW_STORE].readChunkDetail(this[VIEW_POSITION]).sectionPath;
  }
  get notes(): string[] {
    return this[VIEW_STORE].readChunkDetail(this[VIEW_POSITION]).notes;
  }

  toJSON(): Chunk {
    return { id: this.id, docId: this.docId, sectionPath: this.sectionPath, text: this.text, start: this.start, end: this.end, notes: this.notes };
  }
}

/** A task view: document, offsets, lead, partners and deadline from memory; id, sentence and quote from the store. */
class StoredTask extends StoredView implements Task {
  get id(): string {
    return this[VIEW_STORE].readTaskDetail(this[VIEW_POSITION]).id;
  }
  get task(): string {
    return this[VIEW_STORE].readTaskDetail(this[VIEW_POSITION]).task;
  }
  get quote(): string {
    return this[VIEW_STORE].readTaskDetail(this[VIEW_POSITION]).quote;
  }
  get lead(): string {
    return this[VIEW_STORE].leads[this[VIEW_STORE].taskLead[this[VIEW_POSITION]]!]!;
  }
  get partners(): string[] {
    return this[VIEW_STORE].partnerLists[this[VIEW_STORE].taskPartners[this[VIEW_POSITION]]!]!;
  }
  get deadline(): Deadline | null {
    return this[VIEW_STORE].deadlines[this[VIEW_STORE].taskDeadline[this[VIEW_POSITION]]!] ?? null;
  }
  get docId(): string {
    return this[VIEW_STORE].documents[this[VIEW_STORE].taskDocument[this[VIEW_POSITION]]!]!.id;
  }
  get source(): string {
    const detail = this[VIEW_STORE].readTaskDetail(this[VIEW_POSITION]);
    return detail.source ?? this[VIEW_STORE].documents[this[VIEW_STORE].taskDocument[this[VIEW_POSITION]]!]!.source;
  }
  get start(): number {
    return this[VIEW_STORE].taskStart[this[VIEW_POSITION]]!;
  }
  get end(): number {
    return this[VIEW_STORE].taskEnd[this[VIEW_POSITION]]!;
  }

  toJSON(): Task {
    const { id, task, lead, partners, deadline, docId, source, quote, start, end } = this;
    return { id, task, lead, partners, deadline, docId, source, quote, start, end };
  }
}
