// Renders /api/openapi.json (generated from the server's zod schemas) as a readable page.
// DOM built with textContent only: descriptions are shown as text, never as HTML.

const element = (tag, options = {}, children = []) => {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.id) node.id = options.id;
  if (options.href) node.setAttribute("href", options.href);
  for (const child of children) if (child) node.append(child);
  return node;
};

const schemaBlock = (label, schema) =>
  element("details", {}, [element("summary", { text: label }), element("pre", { text: JSON.stringify(schema, null, 2) })]);

const anchorOf = (method, path) => `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-");

function renderOperation(method, path, operation) {
  const section = element("section", { className: "api-operation", id: anchorOf(method, path) });
  section.append(element("h3", {}, [element("span", { className: `api-method api-method-${method}`, text: method }), document.createTextNode(path)]));
  section.append(element("p", { text: operation.summary ?? "" }));
  if (operation.description) section.append(element("p", { text: operation.description }));
  if (operation.parameters?.length) {
    const rows = operation.parameters.map((parameter) =>
      element("tr", {}, [
        element("td", {}, [element("code", { text: parameter.name })]),
        element("td", { text: parameter.in }),
        element("td", { text: parameter.required ? "required" : "optional" }),
        element("td", { text: describeType(parameter.schema) }),
        element("td", { text: parameter.description ?? "" }),
      ]),
    );
    section.append(element("table", {}, [element("thead", {}, [element("tr", {}, ["name", "in", "", "type", "description"].map((text) => element("th", { text })))]), element("tbody", {}, rows)]));
  }
  const body = operation.requestBody?.content?.["application/json"]?.schema;
  if (body) section.append(schemaBlock("Request body (application/json)", body));
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const types = Object.entries(response.content ?? {});
    if (!types.length) section.append(element("p", { text: `${status}: ${response.description}` }));
    for (const [type, media] of types) section.append(schemaBlock(`${status} ${type}: ${response.description}`, media.schema));
  }
  return section;
}

function describeType(schema = {}) {
  if (schema.enum) return schema.enum.join(" | ");
  const range = [schema.minimum !== undefined ? `≥ ${schema.minimum}` : "", schema.maximum !== undefined ? `≤ ${schema.maximum}` : ""].filter(Boolean).join(", ");
  const fallback = schema.default !== undefined ? ` (default ${schema.default})` : "";
  return `${schema.type ?? "any"}${range ? ` ${range}` : ""}${fallback}`;
}

async function main() {
  const container = document.getElementById("api-operations");
  try {
    const response = await fetch("/api/openapi.json", { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const spec = await response.json();
    document.getElementById("api-title").textContent = `${spec.info.title} ${spec.info.version} — API reference (OpenAPI ${spec.openapi})`;
    document.getElementById("api-description").textContent = spec.info.description ?? "";
    const byTag = new Map();
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const tag = operation.tags?.[0] ?? "other";
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push([method, path, operation]);
      }
    }
    container.replaceChildren();
    const index = element("ul");
    for (const [tag, entries] of byTag) {
      container.append(element("h2", { text: tag }));
      for (const [method, path, operation] of entries) {
        container.append(renderOperation(method, path, operation));
        index.append(element("li", {}, [element("a", { href: `#${anchorOf(method, path)}`, text: `${method.toUpperCase()} ${path}` })]));
      }
    }
    document.getElementById("api-index").replaceChildren(index);
  } catch (error) {
    container.replaceChildren(element("p", { text: `The API description could not be loaded: ${error.message}` }));
  }
}

main();
