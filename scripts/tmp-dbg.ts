import ExcelJS from "exceljs";
import { once } from "node:events";
import { Writable } from "node:stream";
let release = () => {}; const gate = new Promise<void>((r) => (release = r)); let written = 0;
const output = new Writable({ write(chunk, _e, cb) { written++; (written > 2 ? gate : Promise.resolve()).then(() => cb()); } });
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
const ws = wb.addWorksheet("x");
const text = "Sở Tài nguyên và Môi trường chủ trì hoàn thành ".repeat(5);
setTimeout(() => { console.log("releasing"); release(); }, 3000);
for (let b = 0; b < 60; b++) {
  for (let i = 0; i < 500; i++) ws.addRow([{ richText: [{ text: text + Math.random() }] }, b, i]).commit();
  const sb: any = (ws as any).stream; const pt: any = sb.pipes[0];
  const z: any = (wb as any).zip; const mod: any = z._module;
  if (pt._writableState.needDrain) await once(pt, "drain");
  await new Promise((r) => setImmediate(r));
  if (b % 5 === 0) console.log(b, "pt w", pt._writableState.length, "pt r", pt._readableState.length, "zip r", z._readableState.length, "zip w", z._writableState.length, "mod", mod?._readableState?.length, mod?._writableState?.length, "out w", output.writableLength, "written", written, "rss", process.memoryUsage().rss >> 20);
}
