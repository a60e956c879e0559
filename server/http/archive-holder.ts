import { VanbanError } from "../../core/errors.js";
import type { Archive } from "../retrieve/archive.js";

/**
 * Holds the live archive; a finished ingest swaps a new one in between
 * requests. Until the first generation exists (the server listens before it
 * has one) `get()` refuses with index_missing (HTTP 503) and a message that
 * says why, e.g. how far the first ingest is.
 */
export class ArchiveHolder {
  private archive: Archive | undefined;

  constructor(
    initial?: Archive,
    private readonly options: { describeMissing?: () => string } = {},
  ) {
    this.archive = initial;
  }

  has(): boolean {
    return this.archive !== undefined;
  }

  get(): Archive {
    if (!this.archive) throw new VanbanError("index_missing", this.options.describeMissing?.() ?? "The index is not loaded yet.");
    return this.archive;
  }

  set(archive: Archive): void {
    this.archive = archive;
  }
}
