// mpnb's PagedGrid: draws one page; the kernel holds every row and answers search, filters, sort and paging.
// Plain DOM, no dependencies (works offline). Edits, pastes, undo/redo and selection go to the kernel.

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
}

function render({ model, el: root }) {
  root.classList.add("mpnb-grid");
  root.tabIndex = 0;
  const set = (name, value) => {
    model.set(name, value);
    model.save_changes();
  };
  let active = null; // {id, column}: the cell a paste goes to

  // -- toolbar --------------------------------------------------------------------------------------
  const bar = el("div", { class: "mpnb-grid-bar" });
  const search = el("input", { type: "search", placeholder: "search every row", class: "mpnb-grid-search" });
  search.value = model.get("search");
  search.addEventListener("input", debounce(() => set("search", search.value), 300));
  const count = el("span", { class: "mpnb-grid-count" });
  const nav = el("span", { class: "mpnb-grid-nav" });
  const first = el("button", { title: "first page" }, "«");
  const prev = el("button", { title: "previous page" }, "‹");
  const pageBox = el("input", { type: "number", min: "1", class: "mpnb-grid-page", title: "page" });
  const pages = el("span", {});
  const next = el("button", { title: "next page" }, "›");
  const last = el("button", { title: "last page" }, "»");
  nav.append(first, prev, pageBox, pages, next, last);
  const size = el("select", { title: "rows per page" });
  for (const n of [15, 50, 200]) size.append(el("option", { value: String(n) }, `${n} rows`));
  const undo = el("button", { title: "undo (Ctrl+Z)" }, "Undo");
  const redo = el("button", { title: "redo (Ctrl+Y)" }, "Redo");
  const all = el("button", { title: "select every row the search and filters keep" }, "Select all matching");
  const none = el("button", { title: "clear the selection" }, "Select none");
  const clear = el("button", { title: "clear the search, filters and sort" }, "Clear filters");
  const message = el("span", { class: "mpnb-grid-message", role: "status" });
  bar.append(search, count, nav, size, undo, redo, all, none, clear, message);

  const lastPage = () => Math.max(0, Math.ceil(model.get("matching") / model.get("page_size")) - 1);
  const goto = (p) => set("page", Math.min(Math.max(0, p), lastPage()));
  first.addEventListener("click", () => goto(0));
  prev.addEventListener("click", () => goto(model.get("page") - 1));
  next.addEventListener("click", () => goto(model.get("page") + 1));
  last.addEventListener("click", () => goto(lastPage()));
  pageBox.addEventListener("change", () => goto(Number(pageBox.value) - 1));
  size.addEventListener("change", () => set("page_size", Number(size.value)));
  undo.addEventListener("click", () => model.send({ type: "undo" }));
  redo.addEventListener("click", () => model.send({ type: "redo" }));
  all.addEventListener("click", () => model.send({ type: "select_matching" }));
  none.addEventListener("click", () => set("selected", []));
  clear.addEventListener("click", () => {
    search.value = "";
    for (const input of filterInputs.values()) input.value = "";
    model.set("search", "");
    model.set("filters", {});
    model.set("sort_column", "");
    model.set("sort_descending", false);
    model.save_changes();
  });

  // -- table ----------------------------------------------------------------------------------------
  const scroller = el("div", { class: "mpnb-grid-scroll" });
  const table = el("table", { class: "mpnb-grid-table" });
  const thead = el("thead");
  const tbody = el("tbody");
  table.append(thead, tbody);
  scroller.append(table);
  root.append(bar, scroller);
  const filterInputs = new Map();

  function drawHead() {
    thead.replaceChildren();
    filterInputs.clear();
    const labels = el("tr", { class: "mpnb-grid-labels" });
    const filters = el("tr", { class: "mpnb-grid-filters" });
    labels.append(el("th", { class: "mpnb-grid-pick" }, ""));
    filters.append(el("th", { class: "mpnb-grid-pick" }, ""));
    const current = model.get("filters") || {};
    for (const column of model.get("columns")) {
      const th = el("th", { "data-column": column, title: "click to sort" });
      th.append(el("span", { class: "mpnb-grid-label" }, column), el("span", { class: "mpnb-grid-arrow" }, ""));
      th.addEventListener("click", () => {
        const same = model.get("sort_column") === column;
        if (!same) {
          model.set("sort_column", column);
          model.set("sort_descending", false);
        } else if (!model.get("sort_descending")) {
          model.set("sort_descending", true);
        } else {
          model.set("sort_column", "");
          model.set("sort_descending", false);
        }
        model.save_changes();
      });
      labels.append(th);
      const cell = el("th", {});
      const input = el("input", { type: "search", placeholder: "filter", "data-column": column, title: "text, or < > = with a number" });
      input.value = current[column] || "";
      input.addEventListener(
        "input",
        debounce(() => {
          const next = { ...(model.get("filters") || {}) };
          if (input.value.trim()) next[column] = input.value;
          else delete next[column];
          set("filters", next);
        }, 300),
      );
      filterInputs.set(column, input);
      cell.append(input);
      filters.append(cell);
    }
    thead.append(labels, filters);
    drawSort();
  }

  function drawSort() {
    const drawn = model.get("drawn") || {};
    const column = drawn.sort_column || "";
    const down = Boolean(drawn.sort_descending);
    for (const th of thead.querySelectorAll("tr.mpnb-grid-labels th[data-column]")) {
      const on = th.dataset.column === column;
      th.classList.toggle("mpnb-sort-asc", on && !down);
      th.classList.toggle("mpnb-sort-desc", on && down);
      th.querySelector(".mpnb-grid-arrow").textContent = on ? (down ? " ▼" : " ▲") : "";
    }
  }

  function startEdit(td, id, column) {
    if (td.querySelector("input")) return;
    const old = td.textContent;
    const input = el("input", { type: "text", class: "mpnb-grid-edit" });
    input.value = old;
    td.replaceChildren(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (commit) => {
      if (done) return;
      done = true;
      if (commit && input.value !== old) {
        td.textContent = input.value;
        td.classList.add("mpnb-pending");
        model.send({ type: "edit", id, column, value: input.value });
      } else {
        td.textContent = old;
      }
      root.focus({ preventScroll: true });
    };
    input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        finish(true);
      } else if (e.key === "Escape") {
        e.preventDefault();
        finish(false);
      }
    });
    input.addEventListener("paste", (e) => {
      const text = (e.clipboardData || window.clipboardData).getData("text");
      if (/[\r\n]/.test(text.trim())) {
        e.preventDefault();
        done = true;
        td.textContent = old;
        sendPaste(id, column, text);
      }
    });
    input.addEventListener("blur", () => finish(true));
  }

  function sendPaste(id, column, text) {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    if (lines.length && lines[lines.length - 1] === "") lines.pop();
    const values = lines.map((line) => line.split("\t")[0]);
    model.send({ type: "paste", id, column, values });
  }

  function drawBody() {
    const top = scroller.scrollTop;
    const columns = model.get("columns");
    const editable = new Set(model.get("editable"));
    const rows = model.get("page_rows");
    const ids = model.get("page_ids");
    const marks = model.get("page_marks");
    const edited = model.get("page_edited");
    const picked = new Set(model.get("selected"));
    const fragment = document.createDocumentFragment();
    rows.forEach((cells, r) => {
      const id = ids[r];
      const tr = el("tr", { "data-id": id });
      if (marks[r]) tr.classList.add(`mpnb-mark-${marks[r]}`);
      if (picked.has(id)) tr.classList.add("mpnb-selected");
      const pick = el("td", { class: "mpnb-grid-pick" });
      const box = el("input", { type: "checkbox", title: "select this row" });
      box.checked = picked.has(id);
      box.addEventListener("change", () => {
        const now = new Set(model.get("selected"));
        if (box.checked) now.add(id);
        else now.delete(id);
        set("selected", [...now]);
      });
      pick.append(box);
      tr.append(pick);
      const changed = new Set(edited[r] || []);
      cells.forEach((text, c) => {
        const column = columns[c];
        const td = el("td", { "data-column": column }, text);
        if (changed.has(column)) td.classList.add("mpnb-edited");
        if (editable.has(column)) {
          td.classList.add("mpnb-editable");
          td.title = "double-click to edit; paste a column here";
          td.addEventListener("dblclick", () => startEdit(td, id, column));
        }
        td.addEventListener("click", () => {
          for (const a of tbody.querySelectorAll("td.mpnb-active")) a.classList.remove("mpnb-active");
          td.classList.add("mpnb-active");
          active = { id, column };
        });
        tr.append(td);
      });
      fragment.append(tr);
    });
    tbody.replaceChildren(fragment);
    scroller.scrollTop = top;
    drawCount();
  }

  function drawCount() {
    const total = model.get("total");
    const matching = model.get("matching");
    const per = model.get("page_size");
    const page = (model.get("drawn") || {}).page || 0;
    const from = matching ? page * per + 1 : 0;
    const to = Math.min(matching, (page + 1) * per);
    const fmt = (n) => n.toLocaleString("en-US");
    const filtered = matching !== total ? ` matching of ${fmt(total)} rows` : " rows";
    const picked = model.get("selected").length;
    count.textContent = `${fmt(from)}-${fmt(to)} of ${fmt(matching)}${filtered}` + (picked ? ` · ${fmt(picked)} selected` : "");
    pageBox.value = String(page + 1);
    pages.textContent = ` / ${fmt(lastPage() + 1)} `;
    size.value = String(per);
    undo.disabled = !model.get("can_undo");
    redo.disabled = !model.get("can_redo");
    first.disabled = prev.disabled = page <= 0;
    next.disabled = last.disabled = page >= lastPage();
  }

  root.addEventListener("paste", (e) => {
    if (!active || e.target.tagName === "INPUT") return;
    if (!model.get("editable").includes(active.column)) return;
    e.preventDefault();
    const text = (e.clipboardData || window.clipboardData).getData("text");
    sendPaste(active.id, active.column, text);
  });
  root.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT") return;
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && key === "z") {
      e.preventDefault();
      model.send({ type: e.shiftKey ? "redo" : "undo" });
    } else if ((e.ctrlKey || e.metaKey) && key === "y") {
      e.preventDefault();
      model.send({ type: "redo" });
    }
  });

  model.on("change:columns", drawHead);
  model.on("change:editable", drawBody);
  model.on("change:drawn", () => {
    drawSort();
    drawCount();
  });
  model.on("change:page_rows", drawBody);
  model.on("change:page_marks", drawBody);
  model.on("change:page_edited", drawBody);
  model.on("change:selected", drawBody);
  for (const name of ["total", "matching", "page", "page_size", "can_undo", "can_redo"]) {
    model.on(`change:${name}`, drawCount);
  }
  model.on("change:search", () => {
    if (document.activeElement !== search) search.value = model.get("search");
  });
  model.on("change:message", () => {
    message.textContent = model.get("message");
  });
  model.on("change:busy", () => root.classList.toggle("mpnb-busy", model.get("busy")));
  drawHead();
  drawBody();
  message.textContent = model.get("message");
}

export default { render };
