/**
 * "Nhiệm vụ & thời hạn": the task table of the archive (GET /api/tasks) as a
 * sortable, filterable table and a month-by-month timeline. Every row links
 * to its source passage in the document viewer, highlighted by offsets.
 * Document text is only ever set through textContent (see dom.js).
 */

import { clearElement, createElement, debounce, markReady, requireElement } from "./dom.js";
import { currentLanguageCode, onLanguageChange } from "./i18n.js";
import { initLayout } from "./layout.js";

/** @typedef {{ text: string; start: string | null; end: string | null; relative?: boolean }} Deadline */
/** @typedef {{ id: string; task: string; lead: string; partners: string[]; deadline: Deadline | null; status: "upcoming" | "overdue" | "undated"; docId: string; source: string; title: string | null; province: string | null; year: number | null; quote: string; start: number; end: number }} TaskRow */

/** Upcoming tasks due within this many days are marked "due soon". */
const SOON_DAYS = 14;
const FILTER_NAMES = /** @type {const} */ (["q", "unit", "status", "from", "to", "province", "year", "today"]);

/** Page strings (the shared ones live in i18n.js). */
const STRINGS = {
  vi: {
    title: "Nhiệm vụ & thời hạn — Vanban",
    heading: "Nhiệm vụ & thời hạn",
    intro: "Các nhiệm vụ được giao trong kho văn bản: đơn vị chủ trì, đơn vị phối hợp, thời hạn và câu văn gốc.",
    filterWords: "Từ khóa",
    filterUnit: "Đơn vị",
    filterStatus: "Trạng thái",
    filterFrom: "Hạn từ ngày",
    filterTo: "đến ngày",
    filterProvince: "Tỉnh",
    filterYear: "Năm văn bản",
    filterToday: "Tính đến ngày",
    any: "Tất cả",
    statusAll: "Tất cả",
    statusUpcoming: "Chưa đến hạn",
    statusOverdue: "Quá hạn",
    statusUndated: "Chưa có thời hạn",
    statusSoon: "Sắp đến hạn",
    reset: "Xóa bộ lọc",
    exportCsv: "Tải CSV",
    exportIcs: "Tải lịch (.ics)",
    viewLabel: "Cách xem",
    viewTable: "Bảng",
    viewTimeline: "Dòng thời gian",
    tableCaption: "Danh sách nhiệm vụ",
    colDeadline: "Thời hạn",
    colStatus: "Trạng thái",
    colLead: "Chủ trì",
    colPartners: "Phối hợp",
    colTask: "Nhiệm vụ",
    colSource: "Văn bản",
    noDeadline: "Không ghi thời hạn",
    unassigned: "Chưa xác định",
    quote: "Trích nguyên văn",
    openSource: "Mở đoạn văn bản gốc",
    loading: "Đang tải danh sách nhiệm vụ…",
    summary: "{total} nhiệm vụ · {overdue} quá hạn · {upcoming} chưa đến hạn · {undated} chưa có thời hạn (tính đến {today})",
    empty: "Không có nhiệm vụ nào khớp bộ lọc.",
    error: "Không tải được danh sách nhiệm vụ: {message}",
    month: "Tháng {month}/{year}",
    todayMarker: "Hôm nay, {today}",
    undatedGroup: "Chưa có thời hạn ({count})",
  },
  en: {
    title: "Tasks & deadlines — Vanban",
    heading: "Tasks & deadlines",
    intro: "Tasks assigned in the archive's documents: lead unit, partner units, deadline and the sentence that states them.",
    filterWords: "Words",
    filterUnit: "Unit",
    filterStatus: "Status",
    filterFrom: "Due from",
    filterTo: "to",
    filterProvince: "Province",
    filterYear: "Document year",
    filterToday: "As of",
    any: "All",
    statusAll: "All",
    statusUpcoming: "Not yet due",
    statusOverdue: "Overdue",
    statusUndated: "No deadline",
    statusSoon: "Due soon",
    reset: "Clear filters",
    exportCsv: "Download CSV",
    exportIcs: "Download calendar (.ics)",
    viewLabel: "View",
    viewTable: "Table",
    viewTimeline: "Timeline",
    tableCaption: "Tasks",
    colDeadline: "Deadline",
    colStatus: "Status",
    colLead: "Lead",
    colPartners: "Partners",
    colTask: "Task",
    colSource: "Document",
    noDeadline: "No deadline given",
    unassigned: "Not stated",
    quote: "Exact wording",
    openSource: "Open the source passage",
    loading: "Loading tasks…",
    summary: "{total} tasks · {overdue} overdue · {upcoming} not yet due · {undated} without a deadline (as of {today})",
    empty: "No task matches these filters.",
    error: "Could not load the tasks: {message}",
    month: "{monthName} {year}",
    todayMarker: "Today, {today}",
    undatedGroup: "No deadline ({count})",
  },
};

const ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * @param {keyof typeof STRINGS.vi} key
 * @param {Record<string, string | number>} [parameters]
 */
function text(key, parameters) {
  const template = STRINGS[currentLanguageCode()]?.[key] ?? STRINGS.vi[key];
  if (!parameters) return template;
  return template.replace(/\{(\w+)\}/gu, (whole, name) => (name in parameters ? String(parameters[name]) : whole));
}

/** @param {string | null | undefined} iso */
function formatDay(iso) {
  if (!iso) return "";
  const [year, month, day] = iso.split("-");
  return currentLanguageCode() === "en" ? `${Number(day)} ${ENGLISH_MONTHS[Number(month) - 1]?.slice(0, 3)} ${year}` : `${Number(day)}/${Number(month)}/${year}`;
}

/** @param {string} iso @param {number} days */
function addDays(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** @param {TaskRow} task */
export function sourceHref(task) {
  return `/documents/${encodeURIComponent(task.docId)}?start=${task.start}&end=${task.end}`;
}

// ---------------------------------------------------------------------------
// State

const state = {
  /** @type {TaskRow[]} */
  tasks: [],
  today: "",
  sortKey: "deadline",
  sortDirection: /** @type {1 | -1} */ (1),
  view: "table",
  /** @type {AbortController | undefined} */
  request: undefined,
  error: "",
  loading: false,
};

/** @param {HTMLFormElement} form */
function readFilters(form) {
  const data = new FormData(form);
  const parameters = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = String(data.get(name) ?? "").trim();
    if (value) parameters.set(name, value);
  }
  return parameters;
}

/** @param {HTMLFormElement} form @param {URLSearchParams} parameters */
function writeFilters(form, parameters) {
  for (const name of FILTER_NAMES) {
    const field = /** @type {HTMLInputElement | HTMLSelectElement | null} */ (form.elements.namedItem(name));
    if (!field) continue;
    const value = parameters.get(name) ?? "";
    if (field instanceof HTMLSelectElement && value && ![...field.options].some((option) => option.value === value)) {
      field.append(createElement("option", { text: value, attributes: { value } }));
    }
    field.value = value;
  }
}

/** @param {URLSearchParams} parameters @param {AbortSignal} signal */
async function fetchTasks(parameters, signal) {
  const response = await fetch(`/api/tasks?${parameters}`, { headers: { Accept: "application/json" }, signal });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error && typeof body.error.message === "string" ? body.error.message : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return /** @type {{ today: string; total: number; tasks: TaskRow[] }} */ (body);
}

// ---------------------------------------------------------------------------
// Rendering

/** @param {TaskRow} task */
function displayStatus(task) {
  if (task.status === "upcoming" && task.deadline?.end && state.today && task.deadline.end <= addDays(state.today, SOON_DAYS)) return "soon";
  return task.status;
}

/** @param {TaskRow} task */
function statusBadge(task) {
  const status = displayStatus(task);
  const label = { upcoming: text("statusUpcoming"), overdue: text("statusOverdue"), undated: text("statusUndated"), soon: text("statusSoon") }[status];
  return createElement("span", { className: `task-status task-status-${status}`, text: label });
}

/** @param {TaskRow} task */
function deadlineCell(task) {
  const cell = createElement("td", { className: "task-deadline" });
  if (task.deadline?.end) {
    cell.append(createElement("time", { text: formatDay(task.deadline.end), attributes: { datetime: task.deadline.end } }));
  }
  cell.append(createElement("span", { className: "task-deadline-text", text: task.deadline ? task.deadline.text : text("noDeadline") }));
  return cell;
}

/** @param {TaskRow} task */
function taskLink(task) {
  return createElement("a", {
    className: "task-link",
    text: task.task,
    attributes: { href: sourceHref(task), title: text("openSource") },
  });
}

/** @param {TaskRow} task */
function quoteDetails(task) {
  return createElement("details", { className: "task-quote" }, [
    createElement("summary", { text: text("quote") }),
    createElement("blockquote", { text: task.quote }),
  ]);
}

const STATUS_ORDER = { overdue: 0, soon: 1, upcoming: 2, undated: 3 };

/** @param {TaskRow} a @param {TaskRow} b */
function compareTasks(a, b) {
  const direction = state.sortDirection;
  const byDeadline = () => {
    const aEnd = a.deadline?.end ?? "";
    const bEnd = b.deadline?.end ?? "";
    if (aEnd === bEnd) return 0;
    if (!aEnd) return 1; // undated last, whichever the direction
    if (!bEnd) return -1;
    return (aEnd < bEnd ? -1 : 1) * direction;
  };
  switch (state.sortKey) {
    case "status":
      return (STATUS_ORDER[displayStatus(a)] - STATUS_ORDER[displayStatus(b)]) * direction || byDeadline();
    case "lead":
      return (a.lead || "~").localeCompare(b.lead || "~", "vi") * direction || byDeadline();
    case "task":
      return a.task.localeCompare(b.task, "vi") * direction;
    case "source":
      return (a.title ?? a.source).localeCompare(b.title ?? b.source, "vi") * direction || a.start - b.start;
    default:
      return byDeadline() || a.docId.localeCompare(b.docId) || a.start - b.start;
  }
}

function renderTable() {
  const body = requireElement("task-rows");
  clearElement(body);
  for (const header of document.querySelectorAll("#task-table th[aria-sort]")) {
    const key = header.querySelector("[data-sort]")?.getAttribute("data-sort");
    header.setAttribute("aria-sort", key === state.sortKey ? (state.sortDirection === 1 ? "ascending" : "descending") : "none");
  }
  const rows = [...state.tasks].sort(compareTasks);
  for (const task of rows) {
    body.append(
      createElement("tr", { className: `task-row task-row-${displayStatus(task)}` }, [
        deadlineCell(task),
        createElement("td", {}, [statusBadge(task)]),
        createElement("td", { className: "task-lead", text: task.lead || text("unassigned") }),
        createElement("td", { className: "task-partners", text: task.partners.join(", ") }),
        createElement("td", { className: "task-text" }, [taskLink(task), quoteDetails(task)]),
        createElement("td", { className: "task-source" }, [
          createElement("span", { className: "task-source-title", text: task.title ?? task.source }),
          createElement("span", { className: "task-source-file", text: task.source }),
        ]),
      ]),
    );
  }
}

function renderTimeline() {
  const list = requireElement("task-timeline");
  clearElement(list);
  const dated = state.tasks.filter((task) => task.deadline?.end).sort((a, b) => (a.deadline.end < b.deadline.end ? -1 : a.deadline.end > b.deadline.end ? 1 : 0));
  const undated = state.tasks.filter((task) => !task.deadline?.end);
  /** @type {Map<string, TaskRow[]>} */
  const byMonth = new Map();
  for (const task of dated) {
    const month = task.deadline.end.slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), task]);
  }
  let todayShown = !state.today;
  const todayMarker = () =>
    createElement("li", { className: "timeline-today", attributes: { "aria-label": text("todayMarker", { today: formatDay(state.today) }) } }, [
      createElement("span", { text: text("todayMarker", { today: formatDay(state.today) }) }),
    ]);
  for (const [month, tasks] of byMonth) {
    const [year, monthNumber] = month.split("-");
    const items = createElement("ol", { className: "timeline-items" });
    for (const task of tasks) {
      if (!todayShown && task.deadline.end >= state.today) {
        items.append(todayMarker());
        todayShown = true;
      }
      items.append(
        createElement("li", { className: `timeline-item timeline-item-${displayStatus(task)}` }, [
          createElement("time", { className: "timeline-date", text: formatDay(task.deadline.end), attributes: { datetime: task.deadline.end } }),
          statusBadge(task),
          createElement("span", { className: "timeline-lead", text: task.lead || text("unassigned") }),
          taskLink(task),
          createElement("span", { className: "timeline-deadline-text", text: task.deadline.text }),
        ]),
      );
    }
    list.append(
      createElement("li", { className: "timeline-month" }, [
        createElement("h2", {
          className: "timeline-month-heading",
          text: text("month", { month: Number(monthNumber), monthName: ENGLISH_MONTHS[Number(monthNumber) - 1] ?? "", year: year ?? "" }),
        }),
        items,
      ]),
    );
  }
  if (!todayShown) list.append(todayMarker());
  if (undated.length) {
    const items = createElement("ul", { className: "timeline-undated" });
    for (const task of undated) {
      items.append(createElement("li", {}, [createElement("span", { className: "timeline-lead", text: task.lead || text("unassigned") }), taskLink(task)]));
    }
    list.append(
      createElement("li", { className: "timeline-month" }, [
        createElement("details", {}, [createElement("summary", { text: text("undatedGroup", { count: undated.length }) }), items]),
      ]),
    );
  }
}

function renderSummary() {
  const summary = requireElement("task-summary");
  const notice = requireElement("task-notice");
  notice.hidden = true;
  clearElement(notice);
  if (state.loading && !state.tasks.length) {
    summary.textContent = text("loading");
    return;
  }
  if (state.error) {
    summary.textContent = "";
    notice.hidden = false;
    notice.className = "task-notice task-notice-error";
    notice.textContent = text("error", { message: state.error });
    return;
  }
  const count = (status) => state.tasks.filter((task) => task.status === status).length;
  summary.textContent = text("summary", {
    total: state.tasks.length,
    overdue: count("overdue"),
    upcoming: count("upcoming"),
    undated: count("undated"),
    today: formatDay(state.today),
  });
  if (!state.tasks.length) {
    notice.hidden = false;
    notice.className = "task-notice";
    notice.textContent = text("empty");
  }
}

function renderStaticText() {
  document.title = text("title");
  for (const element of document.querySelectorAll("[data-tasks-text]")) {
    element.textContent = text(/** @type {keyof typeof STRINGS.vi} */ (element.getAttribute("data-tasks-text")));
  }
  for (const element of document.querySelectorAll("[data-tasks-aria-label]")) {
    element.setAttribute("aria-label", text(/** @type {keyof typeof STRINGS.vi} */ (element.getAttribute("data-tasks-aria-label"))));
  }
}

function render() {
  renderSummary();
  renderTable();
  renderTimeline();
}

/** @param {URLSearchParams} parameters */
function updateExports(parameters) {
  const query = parameters.toString();
  requireElement("export-csv").setAttribute("href", `/api/tasks.csv${query ? `?${query}` : ""}`);
  requireElement("export-ics").setAttribute("href", `/api/tasks.ics${query ? `?${query}` : ""}`);
}

/** Fills the unit, province and year choices from the whole task table. */
async function loadOptions() {
  try {
    const all = await fetchTasks(new URLSearchParams(), new AbortController().signal);
    const units = [...new Set(all.tasks.flatMap((task) => [task.lead, ...task.partners]).filter(Boolean))].sort((a, b) => a.localeCompare(b, "vi"));
    const datalist = requireElement("unit-options");
    clearElement(datalist);
    for (const unit of units) datalist.append(createElement("option", { attributes: { value: unit } }));
    const fill = (id, values) => {
      const select = /** @type {HTMLSelectElement} */ (requireElement(id));
      const chosen = select.value;
      for (const value of values) {
        if (![...select.options].some((option) => option.value === value)) select.append(createElement("option", { text: value, attributes: { value } }));
      }
      select.value = chosen;
    };
    fill("filter-province", [...new Set(all.tasks.map((task) => task.province).filter(Boolean))].sort((a, b) => a.localeCompare(b, "vi")));
    fill("filter-year", [...new Set(all.tasks.map((task) => task.year).filter(Boolean).map(String))].sort());
  } catch {
    // The choices are a convenience; free text still filters.
  }
}

/** @param {HTMLFormElement} form */
async function refresh(form) {
  const parameters = readFilters(form);
  const url = `${window.location.pathname}${parameters.toString() ? `?${parameters}` : ""}`;
  window.history.replaceState(null, "", url);
  updateExports(parameters);
  state.request?.abort();
  const controller = new AbortController();
  state.request = controller;
  state.loading = true;
  state.error = "";
  renderSummary();
  try {
    const result = await fetchTasks(parameters, controller.signal);
    if (controller.signal.aborted) return;
    state.tasks = result.tasks;
    state.today = result.today;
  } catch (error) {
    if (controller.signal.aborted) return;
    state.tasks = [];
    state.error = error instanceof Error ? error.message : String(error);
  } finally {
    if (state.request === controller) state.loading = false;
  }
  render();
}

/** @param {"table" | "timeline"} view @param {boolean} focus */
function showView(view, focus) {
  state.view = view;
  for (const tab of document.querySelectorAll("[role=tab][data-view]")) {
    const selected = tab.getAttribute("data-view") === view;
    tab.setAttribute("aria-selected", String(selected));
    tab.setAttribute("tabindex", selected ? "0" : "-1");
    if (selected && focus) /** @type {HTMLElement} */ (tab).focus();
  }
  requireElement("panel-table").hidden = view !== "table";
  requireElement("panel-timeline").hidden = view !== "timeline";
}

function start() {
  initLayout();
  renderStaticText();
  const form = /** @type {HTMLFormElement} */ (requireElement("task-filters"));
  writeFilters(form, new URLSearchParams(window.location.search));
  const later = debounce(() => void refresh(form), 250);
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    later.cancel();
    void refresh(form);
  });
  form.addEventListener("reset", () => {
    // After the browser has cleared the fields.
    setTimeout(() => void refresh(form), 0);
  });

  for (const button of document.querySelectorAll("#task-table [data-sort]")) {
    button.addEventListener("click", () => {
      const key = button.getAttribute("data-sort") ?? "deadline";
      state.sortDirection = state.sortKey === key ? /** @type {1 | -1} */ (-state.sortDirection) : 1;
      state.sortKey = key;
      renderTable();
    });
  }

  const tabs = [...document.querySelectorAll("[role=tab][data-view]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => showView(/** @type {"table" | "timeline"} */ (tab.getAttribute("data-view")), false));
    tab.addEventListener("keydown", (event) => {
      const keyboard = /** @type {KeyboardEvent} */ (event);
      if (keyboard.key !== "ArrowRight" && keyboard.key !== "ArrowLeft") return;
      const next = state.view === "table" ? "timeline" : "table";
      showView(next, true);
      keyboard.preventDefault();
    });
  }

  onLanguageChange(() => {
    renderStaticText();
    render();
  });
  void loadOptions();
  void refresh(form);
  markReady();
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
