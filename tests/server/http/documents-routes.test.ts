import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { supportedExtensions } from "../../../ingest/load/detect-format.js";
import { checkFileName } from "../../../server/http/routes/documents-routes.js";
import { startEditableServer, type EditableServer } from "../../web/editable-server.js";
import { SAMPLES_DIR } from "../../helpers/start-test-server.js";

describe("checkFileName", () => {
  it.each([
    ["ke-hoach-2024.docx", undefined],
    ["Thông báo 45.pdf", undefined],
    ["../escape.pdf", "folder"],
    ["a/b.pdf", "folder"],
    ["a\\b.pdf", "folder"],
    [".hidden.pdf", "Hidden"],
    ["..", "folder"],
    ["virus.exe", "Unsupported"],
    ["noextension", "Unsupported"],
    ["bad\u0000name.pdf", "not allowed"],
    ["x".repeat(201) + ".pdf", "longer"],
  ])("%j", (name, problem) => {
    const found = checkFileName(name, new Set(supportedExtensions));
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe("POST /api/documents, DELETE /api/documents/:docId", () => {
  let server: EditableServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const oneSample = async () => {
    const corpusDir = await fs.mkdtemp(path.join(os.tmpdir(), "vanban-upload-"));
    await fs.copyFile(path.join(SAMPLES_DIR, "002_606ab56a5eb8481a.docx"), path.join(corpusDir, "002_606ab56a5eb8481a.docx"));
    return corpusDir;
  };

  it("keeps several files in the corpus, answers each file's result and makes them searchable", async () => {
    const corpusDir = await oneSample();
    server = await startEditableServer({ corpusDir });
    const response = await request(server.url)
      .post("/api/documents")
      .attach("file", Buffer.from("THÔNG BÁO\nKết luận về chuyển đổi số\nGiao Sở Thông tin và Truyền thông triển khai nền tảng số dùng chung trước ngày 30/9/2026.\n"), "chuyen-doi-so.txt")
      .attach("file", Buffer.from("MZ binary"), "virus.exe")
      .attach("file", Buffer.from("x"), ".hidden.txt")
      .expect(200);
    const byFile = Object.fromEntries((response.body.results as Array<{ file: string; status: string; docId?: string }>).map((result) => [result.file, result]));
    expect(byFile["chuyen-doi-so.txt"]).toMatchObject({ status: "indexed", docId: "chuyen-doi-so" });
    expect(byFile["virus.exe"]).toMatchObject({ status: "rejected" });
    expect(byFile[".hidden.txt"]).toMatchObject({ status: "rejected" });
    await expect(fs.readdir(corpusDir)).resolves.toEqual(expect.arrayContaining(["chuyen-doi-so.txt"]));
    expect((await fs.readdir(corpusDir)).filter((name) => name.startsWith(".") || name.endsWith(".exe"))).toEqual([]);
    const search = await request(server.url).get("/api/search").query({ q: "nền tảng số dùng chung" }).expect(200);
    expect(search.body.results[0].docId).toBe("chuyen-doi-so");

    await request(server.url).delete("/api/documents/chuyen-doi-so").expect(200);
    await expect(fs.readdir(corpusDir)).resolves.not.toContain("chuyen-doi-so.txt");
    const after = await request(server.url).get("/api/search").query({ q: "nền tảng số dùng chung" }).expect(200);
    expect(after.body.results.map((result: { docId: string }) => result.docId)).not.toContain("chuyen-doi-so");
    await request(server.url).delete("/api/documents/chuyen-doi-so").expect(404);
  }, 60_000);

  it("refuses a request with only unsafe or unsupported files, or none, with a 4xx and no change", async () => {
    server = await startEditableServer({ corpusDir: await oneSample() });
    // Written by hand: form clients cut a file name to its last part before sending it.
    const boundary = "vanbanBoundary";
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd.txt"\r\nContent-Type: text/plain\r\n\r\nx\r\n--${boundary}--\r\n`;
    const refused = await request(server.url).post("/api/documents").set("content-type", `multipart/form-data; boundary=${boundary}`).send(multipart).expect(400);
    expect(refused.body.error.code).toBe("bad_request");
    expect(refused.body.results[0].status).toBe("rejected");
    await request(server.url).post("/api/documents").field("note", "no file").expect(400);
    await request(server.url).post("/api/documents").send({ file: "x" }).expect(400);
    const broken = await request(server.url).post("/api/documents").attach("file", Buffer.from("%PDF-1.4 not really"), "broken.pdf").expect(422);
    expect(broken.body.results[0]).toMatchObject({ file: "broken.pdf", status: "failed" });
    await expect(fs.readdir(server.corpusDir)).resolves.toEqual(["002_606ab56a5eb8481a.docx"]);
    const health = await request(server.url).get("/api/health").expect(200);
    expect(health.body.documents).toBe(1);
  }, 60_000);

  it("needs the API key for uploads, deletions and reindexing when one is set", async () => {
    server = await startEditableServer({ corpusDir: await oneSample(), app: { apiKey: "editor-key" } });
    await request(server.url).post("/api/documents").attach("file", Buffer.from("Văn bản"), "a.txt").expect(401);
    await request(server.url).delete("/api/documents/002_606ab56a5eb8481a").expect(401);
    await request(server.url).post("/api/admin/reindex").expect(401);
    await request(server.url).post("/api/documents").set("x-api-key", "editor-key").attach("file", Buffer.from("THÔNG BÁO\nVăn bản thử.\n"), "a.txt").expect(200);
    const status = await request(server.url).get("/api/admin/reindex/status").expect(200);
    expect(status.body).toMatchObject({ running: false });
    expect(status.body.total).toBeGreaterThan(0);
    expect(status.body.done).toBe(status.body.total);
  }, 60_000);

  it("keeps the follow-up of the tasks that did not change when a document is replaced", async () => {
    const corpusDir = await fs.mkdtemp(path.join(os.tmpdir(), "vanban-upload-"));
    const lines = [
      "THÔNG BÁO",
      "Kết luận của Chủ tịch UBND tỉnh",
      "Ngày 10/3/2026, Chủ tịch UBND tỉnh kết luận như sau:",
      "1. Giao Sở Nội vụ hoàn thành Đề án vị trí việc làm trước ngày 30/6/2026.",
      "2. Giao Sở Tài chính bố trí kinh phí thực hiện trước ngày 31/7/2026.",
    ];
    await fs.writeFile(path.join(corpusDir, "ket-luan.txt"), `${lines.join("\n")}\n`);
    server = await startEditableServer({ corpusDir });
    const tasks = (await request(server.url).get("/api/tasks").expect(200)).body.tasks as Array<{ taskId: string; lead: string }>;
    const finance = tasks.find((task) => task.lead === "Sở Tài chính")!;
    const home = tasks.find((task) => task.lead === "Sở Nội vụ")!;
    await request(server.url).patch(`/api/tasks/${encodeURIComponent(finance.taskId)}`).send({ status: "done", note: "Đã bố trí" }).expect(200);
    await request(server.url).patch(`/api/tasks/${encodeURIComponent(home.taskId)}`).send({ status: "done" }).expect(200);
    // The new version adds a paragraph before (every offset moves) and rewords the first task.
    const changed = [...lines.slice(0, 3), "Tình hình triển khai trong quý I đạt kết quả tích cực.", "1. Giao Sở Nội vụ hoàn thành Đề án vị trí việc làm trước ngày 15/7/2026.", lines[4]!];
    await request(server.url).post("/api/documents").attach("file", Buffer.from(`${changed.join("\n")}\n`), "ket-luan.txt").expect(200);
    const after = (await request(server.url).get("/api/tasks").expect(200)).body.tasks as Array<{ taskId: string; lead: string; status: string; note: string }>;
    expect(after.find((task) => task.lead === "Sở Tài chính")).toMatchObject({ taskId: finance.taskId, status: "done", note: "Đã bố trí" });
    const reworded = after.find((task) => task.lead === "Sở Nội vụ")!;
    expect(reworded.taskId).not.toBe(home.taskId);
    expect(reworded.status).not.toBe("done");
    expect(reworded).toMatchObject({ note: "" });
  }, 60_000);
});
