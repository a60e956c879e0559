import { VanbanError } from "../../core/errors.js";
import type { Archive } from "../retrieve/archive.js";

/** Holds the live archive; a finished ingest swaps a new one in between requests. */
export class ArchiveHolder {
  private archive: Archive | undefined;

  constructor(initial?: Archive) {
    this.archive = initial;
  }

  get(): Archive {
    if (!this.archive) throw new VanbanError("index_missing", "The index is not loaded yet.");
    return this.archive;
  }

  set(archive: Archive): void {
    this.archive = archive;
  }
}
