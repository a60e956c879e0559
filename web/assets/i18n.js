/**
 * UI strings in Vietnamese (default) and English. The choice is stored in
 * localStorage so every page and the embedded widget open in the language
 * the user picked last; `?lang=en` in the URL overrides it (the widget
 * passes its data-lang this way).
 *
 * Static markup carries `data-i18n="key"` (text), `data-i18n-placeholder`,
 * `data-i18n-aria-label` and `data-i18n-title`; `applyTranslations` fills
 * them. Only UI strings live here: document text is never translated.
 */

const STORAGE_KEY = "vanban.lang";
/** @type {ReadonlyArray<"vi" | "en">} */
const LANGUAGES = ["vi", "en"];

/** @type {Record<"vi" | "en", Record<string, string>>} */
const STRINGS = {
  vi: {
    "site.name": "Vanban",
    "site.tagline": "Kho văn bản chỉ đạo, điều hành",
    "site.skip": "Bỏ qua, đến nội dung chính",
    "nav.label": "Điều hướng chính",
    "nav.chat": "Hỏi đáp",
    "nav.search": "Tìm kiếm",
    "nav.tasks": "Nhiệm vụ & thời hạn",
    "lang.toggle": "English",
    "lang.toggleLabel": "Switch to English",
    "footer.note": "Câu trả lời được trích từ văn bản trong kho; luôn kiểm tra văn bản gốc trước khi sử dụng.",

    "chat.title": "Hỏi đáp văn bản — Vanban",
    "chat.heading": "Hỏi đáp về văn bản chỉ đạo, điều hành",
    "chat.intro": "Đặt câu hỏi bằng tiếng Việt (có dấu hoặc không dấu) hoặc tiếng Anh. Mỗi câu trả lời dẫn nguồn đến đúng đoạn văn bản.",
    "chat.examples": "Ví dụ câu hỏi",
    "chat.example1": "Hồ sơ đề án sắp xếp đơn vị hành chính cấp xã phải nộp Bộ Nội vụ trước ngày nào?",
    "chat.example2": "Sở Nội vụ được giao những nhiệm vụ gì năm 2024?",
    "chat.example3": "Which documents set deadlines for civil servant recruitment?",
    "chat.questionLabel": "Câu hỏi của bạn",
    "chat.placeholder": "Nhập câu hỏi… (Enter để gửi, Shift+Enter để xuống dòng)",
    "chat.send": "Gửi",
    "chat.stop": "Dừng",
    "chat.newConversation": "Cuộc hội thoại mới",
    "chat.you": "Bạn",
    "chat.assistant": "Vanban",
    "chat.loading": "Đang tìm trong kho văn bản…",
    "chat.streaming": "Đang soạn câu trả lời…",
    "chat.sources": "Nguồn trích dẫn",
    "chat.openSource": "Mở văn bản tại đoạn trích dẫn",
    "chat.citationLabel": "Nguồn {n}: {title}",
    "chat.copy": "Sao chép kèm nguồn",
    "chat.copied": "Đã sao chép",
    "chat.copyFailed": "Không sao chép được",
    "chat.notFoundTitle": "Không tìm thấy trong kho văn bản",
    "chat.notFoundHint": "Thử diễn đạt khác, thêm tên tỉnh, năm hoặc số hiệu văn bản, hoặc tìm trực tiếp:",
    "chat.searchInstead": "Tìm “{q}” trong kho",
    "chat.errorTitle": "Không lấy được câu trả lời",
    "chat.retry": "Thử lại",
    "chat.stopped": "Đã dừng.",
    "chat.answerReady": "Đã có câu trả lời.",
    "chat.emptyQuestion": "Hãy nhập câu hỏi.",
    "chat.followUp": "Câu hỏi tiếp theo sẽ dùng ngữ cảnh của cuộc hội thoại này.",

    "search.title": "Tìm kiếm văn bản — Vanban",
    "search.heading": "Tìm kiếm trong kho văn bản",
    "search.label": "Từ khóa tìm kiếm",
    "search.placeholder": "Nhập từ khóa, có dấu hoặc không dấu (vd: so noi vu, 30/6/2024)",
    "search.submit": "Tìm",
    "search.intro": "Kết quả hiện ngay khi gõ. Tìm được cả khi gõ không dấu; lọc theo tỉnh, năm, loại văn bản.",
    "search.filters": "Bộ lọc",
    "search.facet.province": "Tỉnh, thành phố",
    "search.facet.year": "Năm",
    "search.facet.type": "Loại văn bản",
    "search.facetEmpty": "Không có",
    "search.removeFilter": "Bỏ lọc {value}",
    "search.clearFilters": "Bỏ tất cả bộ lọc",
    "search.loading": "Đang tìm…",
    "search.summary": "{total} kết quả cho “{q}”",
    "search.summaryPage": "{total} kết quả cho “{q}” — trang {page}/{pages}",
    "search.noResults": "Không có kết quả cho “{q}”.",
    "search.noResultsHint": "Thử từ khóa ngắn hơn, bỏ bớt bộ lọc, hoặc đặt câu hỏi ở trang Hỏi đáp.",
    "search.error": "Không tìm được: {message}",
    "search.retry": "Thử lại",
    "search.previous": "Trang trước",
    "search.next": "Trang sau",
    "search.page": "Trang {page}",
    "search.pagination": "Phân trang",
    "search.section": "Mục",
    "search.openDocument": "Xem văn bản",
    "search.seeAll": "Xem tất cả kết quả",

    "doc.title": "Văn bản — Vanban",
    "doc.loading": "Đang tải văn bản…",
    "doc.notFound": "Không tìm thấy văn bản này trong kho.",
    "doc.error": "Không tải được văn bản: {message}",
    "doc.backToSearch": "Về trang tìm kiếm",
    "doc.meta.type": "Loại văn bản",
    "doc.meta.number": "Số hiệu",
    "doc.meta.date": "Ngày ban hành",
    "doc.meta.issuer": "Cơ quan ban hành",
    "doc.meta.signer": "Người ký",
    "doc.meta.province": "Tỉnh, thành phố",
    "doc.meta.source": "Tệp gốc",
    "doc.meta.blank": "(để trống trong văn bản)",
    "doc.meta.unknown": "—",
    "doc.outline": "Mục lục",
    "doc.outlineEmpty": "Văn bản không có đề mục.",
    "doc.ocrNote": "Văn bản quét: trang {pages} được nhận dạng bằng OCR (độ tin cậy {confidence}%), trích dẫn có thể có lỗi nhận dạng.",
    "doc.text": "Toàn văn",
    "doc.footnotes": "Chú thích",
    "doc.footnoteBack": "Về vị trí chú thích {mark}",
    "doc.footnoteRef": "Chú thích {mark}",
    "doc.highlightNotice": "Đoạn được trích dẫn đang được tô sáng.",
    "doc.highlightJump": "Đến đoạn trích dẫn",
    "doc.highlightInvalid": "Vị trí trích dẫn trong liên kết không hợp lệ; hiển thị toàn văn.",
    "doc.references": "Văn bản được dẫn chiếu",
    "doc.untitled": "(Không có trích yếu)",

    "embed.title": "Tìm văn bản",
    "embed.poweredBy": "Kho văn bản Vanban",
    "nav.documents": "Quản lý văn bản",
    "error.network": "Không kết nối được máy chủ Vanban. Kiểm tra kết nối mạng rồi thử lại.",
    "error.server": "Máy chủ gặp lỗi khi xử lý yêu cầu. Vui lòng thử lại sau ít phút.",
    "error.rateLimited": "Có quá nhiều yêu cầu trong một phút. Vui lòng đợi rồi thử lại.",
    "error.unauthorized": "Cần đăng nhập (hoặc khóa API của biên tập viên) để thực hiện thao tác này.",
    "login.title": "Đăng nhập — Vanban",
    "login.heading": "Đăng nhập",
    "login.username": "Tên đăng nhập",
    "login.password": "Mật khẩu",
    "login.submit": "Đăng nhập",
    "login.oidc": "Đăng nhập bằng tài khoản một cửa (SSO)",
    "login.wrong": "Sai tên đăng nhập hoặc mật khẩu.",
    "login.locked": "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ít phút.",
    "login.oidcFailed": "Không đăng nhập được qua hệ thống một cửa; vui lòng thử lại.",
    "login.off": "Máy chủ này không dùng tài khoản (AUTH=off): không cần đăng nhập.",
    "account.signOut": "Đăng xuất",
    "error.notFound": "Không tìm thấy nội dung được yêu cầu.",
    "error.badRequest": "Yêu cầu không hợp lệ: {message}",
    "error.tooLarge": "Tệp quá lớn.",
    "error.stream": "Câu trả lời bị gián đoạn giữa chừng.",
    "error.unavailable": "Kho văn bản đang được nạp, vui lòng thử lại sau giây lát.",
    "search.stale": "Đang hiển thị kết quả của lần tìm trước.",
    "search.noResultsSuggest": "Không có đoạn văn bản nào đủ liên quan. Thử từ khóa khác, bỏ bớt bộ lọc, hoặc đặt câu hỏi ở trang Hỏi đáp.",
    "chat.examplesLoading": "Đang chọn câu hỏi mẫu từ kho văn bản…",
    "chat.examplesNone": "Kho chưa có văn bản để gợi ý câu hỏi.",
    "doc.tasks": "Nhiệm vụ được giao trong văn bản",
    "doc.tasksCount": "{count} nhiệm vụ",
    "doc.tasksAll": "Xem ở trang Nhiệm vụ",
    "doc.tasksNone": "Văn bản này không giao nhiệm vụ nào.",
    "task.status.open": "Đang thực hiện",
    "task.status.done": "Đã hoàn thành",
    "task.status.ongoing": "Thường xuyên",
    "task.status.overdue": "Quá hạn",
    "task.noDeadline": "Không ghi thời hạn",
    "task.deadline.inherited": "theo {source}",
    "task.deadline.heading": "đề mục",
    "task.deadline.document": "kỳ kế hoạch",
    "task.deadline.wording": "nhiệm vụ thường xuyên",
    "theme.label": "Giao diện",
  },
  en: {
    "site.name": "Vanban",
    "site.tagline": "Archive of government directives",
    "site.skip": "Skip to main content",
    "nav.label": "Main navigation",
    "nav.chat": "Ask",
    "nav.search": "Search",
    "nav.tasks": "Tasks & deadlines",
    "lang.toggle": "Tiếng Việt",
    "lang.toggleLabel": "Chuyển sang tiếng Việt",
    "footer.note": "Answers are extracted from archived documents; always check the original document before relying on them.",

    "chat.title": "Ask the archive — Vanban",
    "chat.heading": "Ask about government directives",
    "chat.intro": "Ask in Vietnamese (with or without diacritics) or in English. Every answer cites the exact passage it comes from.",
    "chat.examples": "Example questions",
    "chat.example1": "Hồ sơ đề án sắp xếp đơn vị hành chính cấp xã phải nộp Bộ Nội vụ trước ngày nào?",
    "chat.example2": "Sở Nội vụ được giao những nhiệm vụ gì năm 2024?",
    "chat.example3": "Which documents set deadlines for civil servant recruitment?",
    "chat.questionLabel": "Your question",
    "chat.placeholder": "Type a question… (Enter to send, Shift+Enter for a new line)",
    "chat.send": "Send",
    "chat.stop": "Stop",
    "chat.newConversation": "New conversation",
    "chat.you": "You",
    "chat.assistant": "Vanban",
    "chat.loading": "Searching the archive…",
    "chat.streaming": "Writing the answer…",
    "chat.sources": "Sources",
    "chat.openSource": "Open the document at the cited passage",
    "chat.citationLabel": "Source {n}: {title}",
    "chat.copy": "Copy with sources",
    "chat.copied": "Copied",
    "chat.copyFailed": "Could not copy",
    "chat.notFoundTitle": "Not found in the archive",
    "chat.notFoundHint": "Try other words, add a province, a year or a document number, or search directly:",
    "chat.searchInstead": "Search the archive for “{q}”",
    "chat.errorTitle": "Could not get an answer",
    "chat.retry": "Try again",
    "chat.stopped": "Stopped.",
    "chat.answerReady": "The answer is ready.",
    "chat.emptyQuestion": "Please type a question.",
    "chat.followUp": "Follow-up questions use the context of this conversation.",

    "search.title": "Search documents — Vanban",
    "search.heading": "Search the archive",
    "search.label": "Search terms",
    "search.placeholder": "Type words, with or without diacritics (e.g. so noi vu, 30/6/2024)",
    "search.submit": "Search",
    "search.intro": "Results appear as you type. Words typed without diacritics match too; filter by province, year and document type.",
    "search.filters": "Filters",
    "search.facet.province": "Province",
    "search.facet.year": "Year",
    "search.facet.type": "Document type",
    "search.facetEmpty": "None",
    "search.removeFilter": "Remove filter {value}",
    "search.clearFilters": "Clear all filters",
    "search.loading": "Searching…",
    "search.summary": "{total} results for “{q}”",
    "search.summaryPage": "{total} results for “{q}” — page {page} of {pages}",
    "search.noResults": "No results for “{q}”.",
    "search.noResultsHint": "Try fewer words, remove a filter, or ask on the chat page.",
    "search.error": "Search failed: {message}",
    "search.retry": "Try again",
    "search.previous": "Previous page",
    "search.next": "Next page",
    "search.page": "Page {page}",
    "search.pagination": "Pagination",
    "search.section": "Section",
    "search.openDocument": "View document",
    "search.seeAll": "See all results",

    "doc.title": "Document — Vanban",
    "doc.loading": "Loading the document…",
    "doc.notFound": "This document is not in the archive.",
    "doc.error": "Could not load the document: {message}",
    "doc.backToSearch": "Back to search",
    "doc.meta.type": "Document type",
    "doc.meta.number": "Number",
    "doc.meta.date": "Date of issue",
    "doc.meta.issuer": "Issued by",
    "doc.meta.signer": "Signed by",
    "doc.meta.province": "Province",
    "doc.meta.source": "Source file",
    "doc.meta.blank": "(left blank in the document)",
    "doc.meta.unknown": "—",
    "doc.outline": "Outline",
    "doc.outlineEmpty": "The document has no headings.",
    "doc.ocrNote": "Scanned document: page(s) {pages} were read by OCR (confidence {confidence}%); quotes may contain recognition errors.",
    "doc.text": "Full text",
    "doc.footnotes": "Footnotes",
    "doc.footnoteBack": "Back to footnote mark {mark}",
    "doc.footnoteRef": "Footnote {mark}",
    "doc.highlightNotice": "The cited passage is highlighted.",
    "doc.highlightJump": "Go to the cited passage",
    "doc.highlightInvalid": "The passage in this link is out of range; showing the full text.",
    "doc.references": "Referenced documents",
    "doc.untitled": "(No title line)",

    "embed.title": "Search documents",
    "embed.poweredBy": "Vanban archive",
    "nav.documents": "Manage documents",
    "error.network": "Cannot reach the Vanban server. Check the network connection and try again.",
    "error.server": "The server could not process the request. Please try again in a few minutes.",
    "error.rateLimited": "Too many requests in a minute. Please wait and try again.",
    "error.unauthorized": "This needs you to sign in (or an editor's API key).",
    "login.title": "Sign in — Vanban",
    "login.heading": "Sign in",
    "login.username": "User name",
    "login.password": "Password",
    "login.submit": "Sign in",
    "login.oidc": "Sign in with single sign-on (SSO)",
    "login.wrong": "Wrong user name or password.",
    "login.locked": "Too many failed sign-ins; try again in a few minutes.",
    "login.oidcFailed": "Single sign-on failed; please try again.",
    "login.off": "This server has no accounts (AUTH=off): no need to sign in.",
    "account.signOut": "Sign out",
    "error.notFound": "The requested item was not found.",
    "error.badRequest": "The request was refused: {message}",
    "error.tooLarge": "The file is too large.",
    "error.stream": "The answer was interrupted.",
    "error.unavailable": "The archive is loading; please try again in a moment.",
    "search.stale": "Showing the results of the previous search.",
    "search.noResultsSuggest": "No passage is relevant enough. Try other words, fewer filters, or ask on the Ask page.",
    "chat.examplesLoading": "Choosing example questions from the archive…",
    "chat.examplesNone": "The archive holds no document to suggest questions from yet.",
    "doc.tasks": "Tasks assigned by this document",
    "doc.tasksCount": "{count} tasks",
    "doc.tasksAll": "Open in Tasks",
    "doc.tasksNone": "This document assigns no task.",
    "task.status.open": "In progress",
    "task.status.done": "Done",
    "task.status.ongoing": "Ongoing",
    "task.status.overdue": "Overdue",
    "task.noDeadline": "No deadline given",
    "task.deadline.inherited": "from the {source}",
    "task.deadline.heading": "heading",
    "task.deadline.document": "plan's period",
    "task.deadline.wording": "ongoing duty",
    "theme.label": "Theme",
  },
};

/**
 * True when the UI string exists in that language (used by the tests that
 * check every key in the pages is translated).
 * @param {string} key
 * @param {"vi" | "en"} language
 */
export function hasTranslation(key, language) {
  return Object.hasOwn(STRINGS[language], key);
}

/** @returns {"vi" | "en"} */
export function getLanguage() {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? "").get("lang");
  if (fromUrl === "vi" || fromUrl === "en") return fromUrl;
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === "vi" || stored === "en") return stored;
  } catch {
    // Storage can be blocked (privacy settings, sandboxed iframes): fall back to Vietnamese.
  }
  return "vi";
}

/** @type {Set<(language: "vi" | "en") => void>} */
const listeners = new Set();
/** @type {"vi" | "en" | undefined} */
let currentLanguage;

/** @returns {"vi" | "en"} */
function activeLanguage() {
  currentLanguage ??= getLanguage();
  return currentLanguage;
}

/**
 * Switches the UI language, remembers it and tells every listener.
 * @param {"vi" | "en"} language
 */
export function setLanguage(language) {
  if (!LANGUAGES.includes(language)) return;
  currentLanguage = language;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but the switch still applies to this page.
  }
  for (const listener of listeners) listener(language);
}

/**
 * @param {(language: "vi" | "en") => void} listener
 * @returns {() => void} unsubscribe
 */
export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Looks up a UI string and fills `{name}` placeholders.
 * @param {string} key
 * @param {Record<string, string | number>} [parameters]
 * @returns {string}
 */
export function t(key, parameters) {
  const language = activeLanguage();
  const template = STRINGS[language][key] ?? STRINGS.vi[key] ?? key;
  if (!parameters) return template;
  return template.replace(/\{(\w+)\}/gu, (whole, name) => (name in parameters ? String(parameters[name]) : whole));
}

/** @returns {"vi" | "en"} */
export function currentLanguageCode() {
  return activeLanguage();
}

/**
 * Fills every element under `root` that carries a data-i18n* attribute.
 * @param {ParentNode} root
 */
export function applyTranslations(root) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.getAttribute("data-i18n") ?? "");
  }
  for (const [attribute, target] of [
    ["data-i18n-placeholder", "placeholder"],
    ["data-i18n-aria-label", "aria-label"],
    ["data-i18n-title", "title"],
  ]) {
    for (const element of root.querySelectorAll(`[${attribute}]`)) {
      element.setAttribute(/** @type {string} */ (target), t(element.getAttribute(/** @type {string} */ (attribute)) ?? ""));
    }
  }
  const titleKey = document.documentElement.getAttribute("data-i18n-document-title");
  if (titleKey) document.title = t(titleKey);
  document.documentElement.lang = activeLanguage();
}
