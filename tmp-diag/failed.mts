import { openDevArchive, DEFAULT_CORPUS_FOLDERS } from "../scripts/eval/dev-archive.js";
const dev = await openDevArchive({ folders: DEFAULT_CORPUS_FOLDERS });
console.log(dev.summary.failed);
console.log(dev.archive.documents.filter(d => d.ocr).map(d => `${d.source} ocr ${d.ocr!.pages.length} conf ${d.ocr!.confidence.toFixed(0)}`));
