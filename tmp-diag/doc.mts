import { DEFAULT_CORPUS_FOLDERS, openDevArchive } from "../scripts/eval/dev-archive.js";
const dev = await openDevArchive({ folders: DEFAULT_CORPUS_FOLDERS });
const d = dev.archive.documents.find((x) => x.source.includes(process.argv[2]!))!;
console.log(JSON.stringify(d.meta), d.text.length);
const at = d.text.indexOf(process.argv[3] ?? "");
console.log(d.text.slice(Math.max(0, at - 500), at + 500));
