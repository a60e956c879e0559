/**
 * "Nhiệm vụ & thời hạn": the task table of the archive (GET /api/tasks) as a
 * sortable, filterable table and a month-by-month timeline. Every row links
 * to its source passage in the document viewer, highlighted by offsets.
 * Document text is only ever set through textContent (see dom.js).
 */

import { describeError, editorSettings, listTasks, saveEditorSettings, updateTask } from "./api.js";
import { clearElement, createElement, debounce, markReady, requireElement } from "./dom.js";
import { currentLanguageCode, onLanguageChange, t } from "./i18n.js";
import { initLayout } from "./layout.js";
import { deadlineLabel, statusBadge as followUpBadge } from "./task-format.js";

/** @typedef {import("./task-format.js").TaskView} TaskRow */

/** Tasks asked for at a time (GET /api/tasks pages its selection); "load more" asks for the next page. */
export const PAGE_SIZE = 100;
/** Upcoming tasks due within this many days are marked "due soon". */
const SOON_DAYS = 14;
const FILTER_NAMES = /** @type {const} */ (["q", "unit", "status", "from", "to", "province", "year", "today", "docId"]);

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
    statusOpen: "Đang thực hiện",
    statusDone: "Đã hoàn thành",
    statusOngoing: "Thường xuyên",
    statusOverdue: "Quá hạn",
    statusSoon: "Sắp đến hạn",
    reset: "Xóa bộ lọc",
    exportXlsx: "Tải Excel",
    moreFilters: "Lọc thêm: thời hạn, tỉnh, năm",
    viewUnits: "Theo đơn vị",
    unitsEmpty: "Không có đơn vị nào.",
    unitCounts: "{total} nhiệm vụ · {overdue} quá hạn · {open} đang thực hiện · {ongoing} thường xuyên · {done} đã xong",
    unitOpen: "Xem nhiệm vụ của đơn vị",
    followUp: "Cập nhật",
    followUpStatus: "Trạng thái",
    followUpNote: "Ghi chú",
    followUpSave: "Lưu",
    followUpSaved: "Đã lưu",
    followUpBy: "{name}, {when}",
    followUpEditor: "Người cập nhật",
    followUpUnavailable: "Máy chủ chưa bật theo dõi nhiệm vụ.",
    retry: "Thử lại",
    documentFilter: "Đang xem nhiệm vụ của một văn bản.",
    documentFilterClear: "Xem tất cả",
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
    summary: "{total} nhiệm vụ · {overdue} quá hạn · {open} đang thực hiện · {ongoing} thường xuyên · {done} đã hoàn thành (tính đến {today})",
    shown: "Đang hiện {shown}/{total} nhiệm vụ.",
    loadMore: "Tải thêm {count} nhiệm vụ",
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
    statusOpen: "In progress",
    statusDone: "Done",
    statusOngoing: "Ongoing",
    statusOverdue: "Overdue",
    statusSoon: "Due soon",
    reset: "Clear filters",
    exportXlsx: "Download Excel",
    moreFilters: "More filters: deadline, province, year",
    viewUnits: "By unit",
    unitsEmpty: "No unit.",
    unitCounts: "{total} tasks · {overdue} overdue · {open} in progress · {ongoing} ongoing · {done} done",
    unitOpen: "Show this unit's tasks",
    followUp: "Update",
    followUpStatus: "Status",
    followUpNote: "Note",
    followUpSave: "Save",
    followUpSaved: "Saved",
    followUpBy: "{name}, {when}",
    followUpEditor: "Updated by",
    followUpUnavailable: "Task follow-up is not enabled on this server.",
    retry: "Try again",
    documentFilter: "Showing one document's tasks.",
    documentFilterClear: "Show all",
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
    summary: "{total} tasks · {overdue} overdue · {open} in progress · {ongoing} ongoing · {done} done (as of {today})",
    shown: "Showing {shown} of {total} tasks.",
    loadMore: "Load {count} more tasks",
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
  /** The pages loaded so far, in the server's order. @type {TaskRow[]} */
  tasks: [],
  /** Tasks in the whole selection, and their counts by status (from the server: the loaded rows may be one page). */
  total: 0,
  counts: { open: 0, done: 0, ongoing: 0, overdue: 0 },
  /** Lead units of the whole selection with their counts. @type {Array<{ unit: string; total: number; open: number; done: number; ongoing: number; overdue: number }>} */
  leads: [],
  /** Offset of the next page, or null when every task is loaded. @type {number | null} */
  nextOffset: null,
  /** The filters of the loaded pages. */
  parameters: new URLSearchParams(),
  today: "",
  sortKey: "deadline",
  sortDirection: /** @type {1 | -1} */ (1),
  view: "table",
  /** @type {AbortController | undefined} */
  request: undefined,
  error: "",
  loading: false,
  followUp: true,
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

/**
 * @typedef {{ open: number; done: number; ongoing: number; overdue: number }} Counts
 * @typedef {{ today: string; total: number; nextOffset?: number | null; counts?: Counts; followUp?: boolean; tasks: TaskRow[];
 *   facets?: { leads: Array<Counts & { unit: string; total: number }>; units: string[]; provinces: string[]; years: number[] } }} TasksPage
 */

/** @param {URLSearchParams} parameters @param {AbortSignal} signal @returns {Promise<TasksPage>} */
async function fetchTasks(parameters, signal) {
  return /** @type {TasksPage} */ (await listTasks(parameters, { signal }));
}

/** The filters plus the page and the server-side order. @param {URLSearchParams} filters @param {number} offset */
function pageParameters(filters, offset) {
  const parameters = new URLSearchParams(filters);
  parameters.set("limit", String(PAGE_SIZE));
  if (offset) parameters.set("offset", String(offset));
  if (state.sortKey !== "deadline" || state.sortDirection !== 1) {
    parameters.set("sort", state.sortKey);
    parameters.set("order", state.sortDirection === 1 ? "asc" : "desc");
  }
  // The first page brings the units view's counts, which are those of the whole selection.
  if (!offset) parameters.set("facets", "true");
  return parameters;
}

// ---------------------------------------------------------------------------
// Rendering

/** Open tasks due within SOON_DAYS are shown as "due soon". @param {TaskRow} task */
function displayStatus(task) {
  if (task.status === "open" && task.deadline?.end && state.today && task.deadline.end >= state.today && task.deadline.end <= addDays(state.today, SOON_DAYS)) return "soon";
  return task.status;
}

/** @param {TaskRow} task */
function statusBadge(task) {
  if (displayStatus(task) === "soon") return createElement("span", { className: "task-status task-status-soon", text: text("statusSoon") });
  return followUpBadge(task.status);
}

/** @param {TaskRow} task */
function deadlineCell(task) {
  const cell = createElement("td", { className: "task-deadline", attributes: { "data-label": text("colDeadline") } });
  if (task.deadline?.end) {
    cell.append(createElement("time", { text: formatDay(task.deadline.end), attributes: { datetime: task.deadline.end } }));
  }
  cell.append(createElement("span", { className: "task-deadline-text", text: task.deadline ? deadlineLabel({ ...task.deadline, end: null }) : text("noDeadline") }));
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

const STATUS_ORDER = { overdue: 0, soon: 1, open: 2, ongoing: 3, done: 4 };

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
      return a.documentName.localeCompare(b.documentName, "vi") * direction || a.start - b.start;
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
      createElement("tr", { className: `task-row task-row-${displayStatus(task)}`, attributes: { "data-task-id": task.taskId } }, [
        deadlineCell(task),
        createElement("td", { className: "task-state", attributes: { "data-label": text("colStatus") } }, [statusBadge(task), followUpEditor(task)]),
        createElement("td", { className: "task-lead", text: task.lead || text("unassigned"), attributes: { "data-label": text("colLead") } }),
        createElement("td", { className: "task-partners", text: task.partners.join(", "), attributes: { "data-label": text("colPartners") } }),
        createElement("td", { className: "task-text" }, [taskLink(task), quoteDetails(task)]),
        createElement("td", { className: "task-source", attributes: { "data-label": text("colSource") } }, [
          createElement("a", { className: "task-source-title", text: task.documentName, attributes: { href: `/documents/${encodeURIComponent(task.docId)}` } }),
        ]),
      ]),
    );
  }
}

/**
 * The follow-up of one task: status and note, saved to the server with the
 * editor's name; who changed it last and when.
 * @param {TaskRow} task
 */
function followUpEditor(task) {
  const details = createElement("details", { className: "task-follow-up" });
  const summaryText = task.changedBy ? text("followUpBy", { name: task.changedBy, when: formatDay(task.changedAt?.slice(0, 10) ?? "") }) : "";
  details.append(createElement("summary", { text: text("followUp") }));
  const select = /** @type {HTMLSelectElement} */ (createElement("select", { attributes: { name: "status", "aria-label": text("followUpStatus") } }));
  for (const value of ["open", "done", "ongoing"]) {
    select.append(createElement("option", { text: t(`task.status.${value}`), attributes: { value } }));
  }
  select.value = task.status === "overdue" ? "open" : task.status;
  const note = /** @type {HTMLTextAreaElement} */ (createElement("textarea", { attributes: { name: "note", rows: "2", maxlength: "2000", "aria-label": text("followUpNote"), placeholder: text("followUpNote") } }));
  note.value = task.note;
  const editor = /** @type {HTMLInputElement} */ (createElement("input", { attributes: { name: "editor", type: "text", maxlength: "100", autocomplete: "name", "aria-label": text("followUpEditor"), placeholder: text("followUpEditor") } }));
  editor.value = editorSettings().name;
  const save = createElement("button", { className: "button button-small button-primary", text: text("followUpSave"), attributes: { type: "submit" } });
  const message = createElement("span", { className: "task-follow-up-message", attributes: { role: "status" } });
  const form = createElement("form", { className: "task-follow-up-form" }, [select, note, editor, save, message]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!state.followUp) {
      message.textContent = text("followUpUnavailable");
      return;
    }
    saveEditorSettings({ name: editor.value });
    save.setAttribute("disabled", "");
    message.textContent = "";
    try {
      const { task: saved } = await updateTask(task.taskId, { status: /** @type {"open" | "done" | "ongoing"} */ (select.value), note: note.value });
      moveCount(task.lead, task.status, saved.status);
      Object.assign(task, saved);
      message.textContent = text("followUpSaved");
      render();
    } catch (error) {
      message.textContent = describeError(error);
    } finally {
      save.removeAttribute("disabled");
    }
  });
  details.append(form);
  const parts = [details];
  if (task.note) parts.unshift(createElement("p", { className: "task-note", text: task.note }));
  if (summaryText) parts.push(createElement("p", { className: "task-changed", text: summaryText }));
  const wrapper = createElement("div", { className: "task-follow-up-wrap" }, parts);
  return wrapper;
}

/**
 * A saved follow-up moves its task from one status to another in the
 * server's counts of the selection (the summary and the units view).
 * @param {string} lead @param {"open" | "done" | "ongoing" | "overdue"} from @param {"open" | "done" | "ongoing" | "overdue"} to
 */
function moveCount(lead, from, to) {
  if (from === to) return;
  for (const counts of [state.counts, state.leads.find((entry) => entry.unit === lead)]) {
    if (!counts) continue;
    counts[from] = Math.max(0, counts[from] - 1);
    counts[to] += 1;
  }
}

/** Units with their tasks' counts: a leader's entry to "everything assigned to Sở Nội vụ". */
function renderUnits() {
  const list = requireElement("task-units");
  clearElement(list);
  // The server counted the whole selection's units (the loaded rows may be one page of it).
  const units = state.leads.map((lead) => ({ ...lead, unit: lead.unit || text("unassigned") }));
  if (!units.length) list.append(createElement("li", { className: "task-units-empty", text: text("unitsEmpty") }));
  for (const lead of units) {
    const unit = lead.unit;
    const count = (/** @type {"open" | "done" | "ongoing" | "overdue"} */ status) => lead[status];
    const button = createElement("button", { className: "task-unit-open", text: unit, attributes: { type: "button", title: text("unitOpen") } });
    button.addEventListener("click", () => {
      const form = /** @type {HTMLFormElement} */ (requireElement("task-filters"));
      const field = /** @type {HTMLInputElement} */ (form.elements.namedItem("unit"));
      field.value = unit === text("unassigned") ? "" : unit;
      showView("table", false);
      void refresh(form);
    });
    list.append(
      createElement("li", { className: `task-unit${count("overdue") ? " task-unit-has-overdue" : ""}` }, [
        button,
        createElement("span", { className: "task-unit-counts", text: text("unitCounts", { total: lead.total, overdue: count("overdue"), open: count("open"), ongoing: count("ongoing"), done: count("done") }) }),
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

/** "Showing 100 of 92,267" and the button for the next page, under the table and the timeline. */
function renderMore() {
  const shown = requireElement("task-shown");
  shown.hidden = state.tasks.length >= state.total;
  shown.textContent = text("shown", { shown: state.tasks.length, total: state.total });
  const more = requireElement("task-load-more");
  more.hidden = state.nextOffset === null || state.view === "units";
  more.textContent = text("loadMore", { count: Math.min(PAGE_SIZE, state.total - state.tasks.length) });
}

function renderSummary() {
  renderMore();
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
    const retry = createElement("button", { className: "button button-small", text: text("retry"), attributes: { type: "button" } });
    retry.addEventListener("click", () => void refresh(/** @type {HTMLFormElement} */ (requireElement("task-filters"))));
    notice.append(createElement("span", { text: text("error", { message: state.error }) }), " ", retry);
    return;
  }
  summary.textContent = text("summary", {
    total: state.total,
    overdue: state.counts.overdue,
    open: state.counts.open,
    ongoing: state.counts.ongoing,
    done: state.counts.done,
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
  renderUnits();
}

/** @param {URLSearchParams} parameters */
function updateExports(parameters) {
  const query = parameters.toString();
  requireElement("export-csv").setAttribute("href", `/api/tasks.csv${query ? `?${query}` : ""}`);
  requireElement("export-xlsx").setAttribute("href", `/api/tasks.xlsx${query ? `?${query}` : ""}`);
  requireElement("export-ics").setAttribute("href", `/api/tasks.ics${query ? `?${query}` : ""}`);
}

/** Fills the unit, province and year choices from the whole task table. */
async function loadOptions() {
  try {
    // The whole table's facets, without its tasks.
    const { facets } = await fetchTasks(new URLSearchParams({ limit: "0", facets: "true" }), new AbortController().signal);
    if (!facets) return;
    const units = facets.units;
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
    fill("filter-province", facets.provinces);
    fill("filter-year", facets.years.map(String));
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
    const result = await fetchTasks(pageParameters(parameters, 0), controller.signal);
    if (controller.signal.aborted) return;
    state.parameters = parameters;
    acceptPage(result, []);
  } catch (error) {
    if (controller.signal.aborted) return;
    state.tasks = [];
    state.total = 0;
    state.nextOffset = null;
    state.error = describeError(error);
  } finally {
    if (state.request === controller) state.loading = false;
  }
  render();
}

/** A page from the server after the rows already loaded. @param {TasksPage} result @param {TaskRow[]} loaded */
function acceptPage(result, loaded) {
  state.tasks = [...loaded, ...result.tasks];
  state.total = result.total;
  state.nextOffset = result.nextOffset ?? null;
  state.counts = result.counts ?? state.counts;
  if (result.facets) state.leads = result.facets.leads;
  state.today = result.today;
  state.followUp = result.followUp !== false;
}

/** The next page of the same selection, appended to the rows shown. */
async function loadMore() {
  if (state.nextOffset === null || state.loading) return;
  const controller = new AbortController();
  state.request = controller;
  state.loading = true;
  const button = requireElement("task-load-more");
  button.setAttribute("disabled", "");
  try {
    const result = await fetchTasks(pageParameters(state.parameters, state.nextOffset), controller.signal);
    if (controller.signal.aborted) return;
    acceptPage(result, state.tasks);
  } catch (error) {
    if (controller.signal.aborted) return;
    state.error = describeError(error);
  } finally {
    if (state.request === controller) state.loading = false;
    button.removeAttribute("disabled");
  }
  render();
}

/** @param {"table" | "timeline" | "units"} view @param {boolean} focus */
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
  requireElement("panel-units").hidden = view !== "units";
  renderMore();
}

function start() {
  initLayout();
  renderStaticText();
  const form = /** @type {HTMLFormElement} */ (requireElement("task-filters"));
  const initial = new URLSearchParams(window.location.search);
  writeFilters(form, initial);
  // On a phone the less used filters start folded so the first tasks show on the first screen.
  const more = /** @type {HTMLDetailsElement} */ (requireElement("task-more-filters"));
  more.open = !window.matchMedia("(max-width: 720px)").matches || ["from", "to", "province", "year", "today"].some((name) => initial.get(name));
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
      // With every task loaded the rows are sorted here; otherwise the server sorts the whole selection and the first page is loaded again.
      renderTable();
      if (state.nextOffset !== null) void refresh(form);
    });
  }

  const tabs = [...document.querySelectorAll("[role=tab][data-view]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => showView(/** @type {"table" | "timeline" | "units"} */ (tab.getAttribute("data-view")), false));
    tab.addEventListener("keydown", (event) => {
      const keyboard = /** @type {KeyboardEvent} */ (event);
      if (keyboard.key !== "ArrowRight" && keyboard.key !== "ArrowLeft") return;
      const order = ["table", "timeline", "units"];
      const step = keyboard.key === "ArrowRight" ? 1 : order.length - 1;
      showView(/** @type {"table" | "timeline" | "units"} */ (order[(order.indexOf(state.view) + step) % order.length]), true);
      keyboard.preventDefault();
    });
  }

  onLanguageChange(() => {
    renderStaticText();
    render();
  });
  requireElement("task-load-more").addEventListener("click", () => void loadMore());
  void loadOptions();
  void refresh(form);
  markReady();
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
