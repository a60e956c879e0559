/**
 * "Quản trị" (administrators, accounts on): people with their role and groups,
 * the access groups of documents, and the audit log with its CSV export.
 * Everything goes through /api/admin/… (README, "Accounts and access").
 */

import { adminRequest, describeError } from "./api.js";
import { clearElement, createElement, markReady, requireElement } from "./dom.js";
import { currentLanguageCode, onLanguageChange } from "./i18n.js";
import { initLayout } from "./layout.js";

const STRINGS = {
  vi: {
    title: "Quản trị — Vanban",
    nav: "Quản trị",
    heading: "Quản trị",
    usersHeading: "Người dùng",
    name: "Tên",
    role: "Vai trò",
    groups: "Nhóm",
    groupsHint: "Nhóm (cách nhau bằng dấu phẩy)",
    state: "Trạng thái",
    active: "Đang dùng",
    disabled: "Đã khóa",
    disable: "Khóa",
    enable: "Mở khóa",
    save: "Lưu",
    saved: "Đã lưu.",
    password: "Mật khẩu (ít nhất 10 ký tự)",
    addUser: "Thêm người dùng",
    accessHeading: "Quyền đọc văn bản",
    accessHint: "Văn bản không thuộc nhóm nào: mọi người đã đăng nhập đều đọc được. Để trống ô nhóm và lưu để mở cho mọi người.",
    document: "Văn bản",
    setByAdministrator: "(do quản trị đặt)",
    reset: "Theo thư mục",
    auditHeading: "Nhật ký",
    action: "Hoạt động",
    allActions: "Tất cả",
    show: "Xem",
    exportCsv: "Tải CSV",
    when: "Thời điểm",
    who: "Người",
    outcome: "Kết quả",
    target: "Đối tượng",
    details: "Chi tiết",
    notAdmin: "Trang này dành cho quản trị viên (máy chủ cần AUTH=local hoặc AUTH=oidc).",
  },
  en: {
    title: "Administration — Vanban",
    nav: "Admin",
    heading: "Administration",
    usersHeading: "People",
    name: "Name",
    role: "Role",
    groups: "Groups",
    groupsHint: "Groups (comma-separated)",
    state: "State",
    active: "Active",
    disabled: "Disabled",
    disable: "Disable",
    enable: "Enable",
    save: "Save",
    saved: "Saved.",
    password: "Password (at least 10 characters)",
    addUser: "Add person",
    accessHeading: "Document access",
    accessHint: "A document in no group is open to everyone signed in. Leave the groups empty and save to open it.",
    document: "Document",
    setByAdministrator: "(set by an administrator)",
    reset: "Back to folder",
    auditHeading: "Audit log",
    action: "Action",
    allActions: "All",
    show: "Show",
    exportCsv: "Download CSV",
    when: "When",
    who: "Who",
    outcome: "Outcome",
    target: "Target",
    details: "Details",
    notAdmin: "This page is for administrators (the server needs AUTH=local or AUTH=oidc).",
  },
};

/** @param {keyof typeof STRINGS.vi} key */
function text(key) {
  return STRINGS[currentLanguageCode()]?.[key] ?? STRINGS.vi[key];
}

function renderStaticText() {
  document.title = text("title");
  for (const element of document.querySelectorAll("[data-admin-text]")) {
    element.textContent = text(/** @type {keyof typeof STRINGS.vi} */ (element.getAttribute("data-admin-text")));
  }
}

/** @param {string} message */
function say(message) {
  requireElement("admin-status").textContent = message;
}

/** @param {string} value */
const groupList = (value) => value.split(",").map((group) => group.trim()).filter(Boolean);

/** @param {() => Promise<unknown>} action */
async function attempt(action) {
  try {
    await action();
    return true;
  } catch (error) {
    say(describeError(error));
    return false;
  }
}

async function loadUsers() {
  const { users } = await adminRequest("GET", "/api/admin/users");
  const body = requireElement("users-table").querySelector("tbody");
  if (!body) return;
  clearElement(body);
  for (const user of users) {
    const role = createElement("select", { attributes: { "aria-label": `${text("role")}: ${user.name}` } }, ["reader", "editor", "admin"].map((name) => createElement("option", { text: name, attributes: { value: name } })));
    role.value = user.role;
    const groups = createElement("input", { attributes: { value: user.groups.join(", "), "aria-label": `${text("groups")}: ${user.name}`, maxlength: "500" } });
    const save = createElement("button", { className: "button button-secondary", text: text("save"), attributes: { type: "button" } });
    save.addEventListener("click", () =>
      attempt(async () => {
        await adminRequest("PATCH", `/api/admin/users/${encodeURIComponent(user.name)}`, { role: role.value, groups: groupList(groups.value) });
        say(text("saved"));
      }),
    );
    const toggle = createElement("button", { className: "button", text: user.disabled ? text("enable") : text("disable"), attributes: { type: "button" } });
    toggle.addEventListener("click", () =>
      attempt(async () => {
        await adminRequest("PATCH", `/api/admin/users/${encodeURIComponent(user.name)}`, { disabled: !user.disabled });
        await loadUsers();
      }),
    );
    body.append(
      createElement("tr", {}, [
        createElement("td", { text: user.displayName === user.name ? user.name : `${user.displayName} (${user.name})` }),
        createElement("td", {}, [role]),
        createElement("td", {}, [groups]),
        createElement("td", { text: user.disabled ? text("disabled") : text("active") }),
        createElement("td", {}, [save, " ", toggle]),
      ]),
    );
  }
}

async function loadAccess() {
  const { documents } = await adminRequest("GET", "/api/admin/documents");
  const body = requireElement("access-table").querySelector("tbody");
  if (!body) return;
  clearElement(body);
  for (const document of documents) {
    const groups = createElement("input", { attributes: { value: document.groups.join(", "), "aria-label": `${text("groups")}: ${document.documentName}`, maxlength: "500" } });
    const save = createElement("button", { className: "button button-secondary", text: text("save"), attributes: { type: "button" } });
    save.addEventListener("click", () =>
      attempt(async () => {
        await adminRequest("PUT", `/api/admin/documents/${encodeURIComponent(document.docId)}/access`, { groups: groupList(groups.value) });
        await loadAccess();
        say(text("saved"));
      }),
    );
    const reset = createElement("button", { className: "button", text: text("reset"), attributes: { type: "button" } });
    reset.addEventListener("click", () =>
      attempt(async () => {
        await adminRequest("DELETE", `/api/admin/documents/${encodeURIComponent(document.docId)}/access`);
        await loadAccess();
      }),
    );
    body.append(
      createElement("tr", {}, [
        createElement("td", {}, [createElement("a", { text: document.documentName, attributes: { href: `/documents/${encodeURIComponent(document.docId)}` } }), createElement("div", { className: "admin-source", text: document.source })]),
        createElement("td", {}, [groups, document.setByAdministrator ? createElement("div", { className: "admin-source", text: text("setByAdministrator") }) : null]),
        createElement("td", {}, [save, document.setByAdministrator ? reset : null]),
      ]),
    );
  }
}

async function loadAudit() {
  const action = /** @type {HTMLSelectElement} */ (requireElement("audit-form").querySelector("select")).value;
  const query = new URLSearchParams({ limit: "200", ...(action ? { action } : {}) });
  requireElement("audit-csv").setAttribute("href", `/api/admin/audit.csv?${action ? new URLSearchParams({ action }) : ""}`);
  const { entries } = await adminRequest("GET", `/api/admin/audit?${query}`);
  const body = requireElement("audit-table").querySelector("tbody");
  if (!body) return;
  clearElement(body);
  for (const entry of entries) {
    body.append(
      createElement("tr", { className: `audit-${entry.outcome}` }, [
        createElement("td", { text: entry.at.replace("T", " ").slice(0, 19) }),
        createElement("td", { text: entry.actor }),
        createElement("td", { text: entry.action }),
        createElement("td", { text: entry.outcome }),
        createElement("td", { text: entry.target }),
        createElement("td", { text: entry.details }),
      ]),
    );
  }
}

async function start() {
  initLayout();
  renderStaticText();
  onLanguageChange(renderStaticText);
  const form = /** @type {HTMLFormElement} */ (requireElement("user-form"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const password = String(data.get("password") ?? "");
    void attempt(async () => {
      await adminRequest("POST", "/api/admin/users", {
        name: String(data.get("name") ?? "").trim(),
        role: String(data.get("role") ?? "reader"),
        groups: groupList(String(data.get("groups") ?? "")),
        ...(password ? { password } : {}),
      });
      form.reset();
      await loadUsers();
      say(text("saved"));
    });
  });
  requireElement("audit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(loadAudit);
  });
  const loaded = await attempt(async () => {
    await loadUsers();
    await loadAccess();
    await loadAudit();
  });
  if (!loaded && !requireElement("admin-status").textContent) say(text("notAdmin"));
  markReady();
}

void start();
