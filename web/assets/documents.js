/**
 * "Quản lý văn bản": editors add documents (drag and drop, several files,
 * upload progress, each file's result), delete one, and re-index with
 * progress. Changes go through POST /api/documents, DELETE
 * /api/documents/:docId and POST /api/admin/reindex, with the editor's name
 * and, when the server asks for one, the API key kept in this browser.
 */

import { deleteDocument, describeError, editorSettings, listDocuments, reindexStatus, saveEditorSettings, startReindex, uploadDocuments } from "./api.js";
import { clearElement, createElement, markReady, requireElement } from "./dom.js";
import { formatIsoDate } from "./format.js";
import { currentLanguageCode, onLanguageChange } from "./i18n.js";
import { initLayout } from "./layout.js";

const STRINGS = {
  vi: {
    title: "Quản lý văn bản — Vanban",
    heading: "Quản lý văn bản",
    intro: "Thêm văn bản vào kho (PDF, Word, HTML, văn bản thuần), xóa văn bản, lập lại chỉ mục.",
    editorName: "Tên người cập nhật",
    apiKey: "Khóa API (nếu máy chủ yêu cầu)",
    saveSettings: "Lưu",
    settingsSaved: "Đã lưu trên trình duyệt này.",
    uploadHeading: "Tải văn bản lên",
    dropHint: "Kéo thả tệp vào đây, hoặc chọn tệp (có thể chọn nhiều tệp).",
    chooseFiles: "Chọn tệp",
    uploading: "Đang tải lên {count} tệp…",
    indexing: "Đang lập chỉ mục…",
    uploaded: "Xong: {ok}/{count} tệp đã vào kho.",
    resultIndexed: "Đã thêm vào kho",
    resultUnchanged: "Đã có trong kho (không đổi)",
    resultFailed: "Không đọc được",
    resultRejected: "Bị từ chối",
    resultReplaced: "thay bản cũ",
    open: "Mở văn bản",
    ask: "Hỏi về văn bản này",
    reindexHeading: "Lập lại chỉ mục",
    reindexHint: "Đọc lại thư mục văn bản: tệp mới hoặc đã sửa được xử lý, tệp đã xóa được bỏ khỏi kho.",
    reindex: "Lập lại chỉ mục",
    reindexRunning: "Đang lập chỉ mục: {done}/{total} tệp {current}",
    reindexDone: "Xong: {documents} văn bản, {chunks} đoạn; {indexed} tệp xử lý, {failed} tệp lỗi ({seconds} giây).",
    listHeading: "Văn bản trong kho",
    listCount: "{count} văn bản",
    listEmpty: "Kho chưa có văn bản nào.",
    chunks: "{count} đoạn",
    delete: "Xóa",
    confirmDelete: "Bấm lần nữa để xóa",
    deleted: "Đã xóa “{name}”.",
  },
  en: {
    title: "Manage documents — Vanban",
    heading: "Manage documents",
    intro: "Add documents to the archive (PDF, Word, HTML, plain text), delete documents, re-index.",
    editorName: "Your name (recorded with changes)",
    apiKey: "API key (when the server asks for one)",
    saveSettings: "Save",
    settingsSaved: "Saved in this browser.",
    uploadHeading: "Upload documents",
    dropHint: "Drop files here, or choose files (several at once).",
    chooseFiles: "Choose files",
    uploading: "Uploading {count} files…",
    indexing: "Indexing…",
    uploaded: "Done: {ok}/{count} files are in the archive.",
    resultIndexed: "Added to the archive",
    resultUnchanged: "Already in the archive (unchanged)",
    resultFailed: "Could not be read",
    resultRejected: "Refused",
    resultReplaced: "replaces the previous version",
    open: "Open the document",
    ask: "Ask about it",
    reindexHeading: "Re-index",
    reindexHint: "Reads the documents folder again: new or changed files are processed, removed ones leave the archive.",
    reindex: "Re-index",
    reindexRunning: "Indexing: {done}/{total} files {current}",
    reindexDone: "Done: {documents} documents, {chunks} passages; {indexed} files processed, {failed} failed ({seconds} s).",
    listHeading: "Documents in the archive",
    listCount: "{count} documents",
    listEmpty: "The archive holds no document yet.",
    chunks: "{count} passages",
    delete: "Delete",
    confirmDelete: "Click again to delete",
    deleted: "Deleted “{name}”.",
  },
};

/**
 * @param {keyof typeof STRINGS.vi} key
 * @param {Record<string, string | number>} [parameters]
 */
function text(key, parameters) {
  const template = STRINGS[currentLanguageCode()]?.[key] ?? STRINGS.vi[key];
  if (!parameters) return template;
  return template.replace(/\{(\w+)\}/gu, (whole, name) => (name in parameters ? String(parameters[name]) : whole));
}

/** @type {Array<{ id: string; source: string; documentName: string; meta: any; chunks: number }>} */
let documents = [];
/** @type {Array<{ file: string; status: string; docId?: string; documentName?: string; replaced?: boolean; error?: { message: string } }>} */
let lastResults = [];

function renderStaticText() {
  document.title = text("title");
  for (const element of document.querySelectorAll("[data-docs-text]")) {
    element.textContent = text(/** @type {keyof typeof STRINGS.vi} */ (element.getAttribute("data-docs-text")));
  }
}

async function refreshList() {
  const status = requireElement("list-status");
  try {
    documents = (await listDocuments()).documents;
    status.textContent = documents.length ? text("listCount", { count: documents.length }) : text("listEmpty");
  } catch (error) {
    status.textContent = describeError(error);
  }
  renderList();
}

function renderList() {
  const list = requireElement("document-list");
  clearElement(list);
  for (const item of documents) {
    const meta = item.meta ?? {};
    const details = [meta.number, formatIsoDate(meta.date, currentLanguageCode()) || (meta.year ? String(meta.year) : ""), meta.province, text("chunks", { count: item.chunks })].filter(Boolean).join(" · ");
    const remove = createElement("button", { className: "button button-small button-secondary", text: text("delete"), attributes: { type: "button", "data-doc-id": item.id } });
    // Two clicks, no dialog: a slip of the mouse never deletes a document.
    remove.addEventListener("click", async () => {
      if (remove.dataset.confirm !== "yes") {
        remove.dataset.confirm = "yes";
        remove.textContent = text("confirmDelete");
        return;
      }
      remove.setAttribute("disabled", "");
      const status = requireElement("list-status");
      try {
        await deleteDocument(item.id);
        status.textContent = text("deleted", { name: item.documentName });
        await refreshList();
      } catch (error) {
        status.textContent = describeError(error);
        remove.removeAttribute("disabled");
      }
    });
    list.append(
      createElement("li", { className: "document-item", attributes: { "data-doc-id": item.id } }, [
        createElement("a", { className: "document-item-name", text: item.documentName, attributes: { href: `/documents/${encodeURIComponent(item.id)}` } }),
        remove,
        createElement("span", { className: "document-item-meta", text: details }),
      ]),
    );
  }
}

const RESULT_LABEL = { indexed: "resultIndexed", unchanged: "resultUnchanged", failed: "resultFailed", rejected: "resultRejected" };

function renderResults() {
  const list = requireElement("upload-results");
  clearElement(list);
  for (const result of lastResults) {
    const label = text(/** @type {keyof typeof STRINGS.vi} */ (RESULT_LABEL[/** @type {keyof typeof RESULT_LABEL} */ (result.status)] ?? "resultFailed"));
    const ok = result.status === "indexed" || result.status === "unchanged";
    list.append(
      createElement("li", { className: "upload-result", attributes: { "data-status": result.status, "data-file": result.file } }, [
        createElement("strong", { text: result.documentName ?? result.file }),
        createElement("span", { text: `${label}${result.replaced ? ` (${text("resultReplaced")})` : ""}` }),
        result.error ? createElement("span", { className: "upload-error", text: result.error.message }) : null,
        ok && result.docId ? createElement("a", { text: text("open"), attributes: { href: `/documents/${encodeURIComponent(result.docId)}` } }) : null,
      ]),
    );
  }
}

/** @param {File[]} files */
async function upload(files) {
  if (!files.length) return;
  const progress = /** @type {HTMLProgressElement} */ (requireElement("upload-progress"));
  const status = requireElement("upload-status");
  progress.hidden = false;
  progress.value = 0;
  status.textContent = text("uploading", { count: files.length });
  const polling = watchReindex();
  try {
    const response = await uploadDocuments(files, {
      onProgress(fraction) {
        progress.value = fraction;
        if (fraction >= 1) status.textContent = text("indexing");
      },
    });
    lastResults = response.results;
    const ok = lastResults.filter((result) => result.status === "indexed" || result.status === "unchanged").length;
    status.textContent = text("uploaded", { ok, count: lastResults.length });
  } catch (error) {
    status.textContent = describeError(error);
    const body = /** @type {any} */ (error);
    lastResults = Array.isArray(body?.results) ? body.results : [];
  } finally {
    progress.hidden = true;
    polling.stop();
  }
  renderResults();
  await refreshList();
}

/** Polls the ingest's progress while something re-indexes. */
function watchReindex() {
  const progress = /** @type {HTMLProgressElement} */ (requireElement("reindex-progress"));
  const status = requireElement("reindex-status");
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      const state = await reindexStatus();
      if (state.running) {
        progress.hidden = false;
        progress.max = Math.max(1, state.total);
        progress.value = state.done;
        status.textContent = text("reindexRunning", { done: state.done, total: state.total, current: state.current ?? "" });
      }
    } catch {
      // Progress is a nicety; the request itself reports failure.
    }
    if (!stopped) setTimeout(tick, 300);
  };
  void tick();
  return {
    stop() {
      stopped = true;
      progress.hidden = true;
    },
  };
}

async function reindex() {
  const button = requireElement("reindex-button");
  const status = requireElement("reindex-status");
  button.setAttribute("disabled", "");
  const polling = watchReindex();
  try {
    const { summary } = await startReindex();
    status.textContent = text("reindexDone", {
      documents: summary.documents ?? 0,
      chunks: summary.chunks ?? 0,
      indexed: summary.indexed ?? 0,
      failed: Array.isArray(summary.failed) ? summary.failed.length : 0,
      seconds: Number(summary.seconds ?? 0).toFixed(1),
    });
  } catch (error) {
    status.textContent = describeError(error);
  } finally {
    polling.stop();
    button.removeAttribute("disabled");
  }
  await refreshList();
}

function start() {
  initLayout();
  renderStaticText();
  const settings = editorSettings();
  const nameInput = /** @type {HTMLInputElement} */ (requireElement("editor-name"));
  const keyInput = /** @type {HTMLInputElement} */ (requireElement("editor-key"));
  nameInput.value = settings.name;
  keyInput.value = settings.apiKey;
  requireElement("editor-settings").addEventListener("submit", (event) => {
    event.preventDefault();
    saveEditorSettings({ name: nameInput.value, apiKey: keyInput.value });
    requireElement("editor-saved").textContent = text("settingsSaved");
  });

  const input = /** @type {HTMLInputElement} */ (requireElement("upload-input"));
  input.addEventListener("change", () => {
    void upload([...(input.files ?? [])]).finally(() => (input.value = ""));
  });
  const zone = requireElement("drop-zone");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("is-over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("is-over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("is-over");
    void upload([...(event.dataTransfer?.files ?? [])]);
  });
  requireElement("reindex-button").addEventListener("click", () => void reindex());
  onLanguageChange(() => {
    renderStaticText();
    renderList();
    renderResults();
  });
  void refreshList();
  markReady();
}

start();
