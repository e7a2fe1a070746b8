// argmap page: pan and zoom, the side panel, search, filters, #node=ID links.
// Every piece of corpus text goes into the page through textContent (el() below), never as
// markup. No library, no network.
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("argmap-data").textContent);
  const NODES = DATA.nodes;
  const FINDINGS = DATA.findings;
  const KIND = Object.fromEntries(DATA.kinds.map((k) => [k.id, k]));
  const map = document.getElementById("map");
  const svg = map.querySelector("svg");
  const panel = document.getElementById("panel");
  const search = document.getElementById("search");
  const results = document.getElementById("results");
  const actorSelect = document.getElementById("actor");
  const kindBoxes = Array.from(document.querySelectorAll("nav.kinds input[type=checkbox]"));

  // --- small helpers ----------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function excerpt(text, n) {
    const flat = text.split(/\s+/).join(" ").trim();
    if (flat.length <= n) return flat;
    const cut = flat.slice(0, n - 1);
    const space = cut.lastIndexOf(" ");
    return (space > n / 2 ? cut.slice(0, space) : cut) + "…";
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function actorName(id) {
    return id && DATA.actors[id] ? DATA.actors[id].name : id || "";
  }

  function who(node) {
    const actor = actorName(node.actor);
    if (node.speaker && node.speaker !== node.actor) {
      return actorName(node.speaker) + " for " + actor;
    }
    return actor;
  }

  function shortLabel(id) {
    const n = NODES[id];
    if (!n) return id;
    if (n.type === "claim") return who(n) + ", " + n.date;
    const d = DATA.documents[n.document];
    return (d ? d.title : n.document) + ", " + n.locator;
  }

  function chip(id) {
    return el("button", { type: "button", class: "chip", title: shortLabel(id), onclick: () => select(id, { center: true }) }, id);
  }

  // --- the map's elements -----------------------------------------------------------------

  const gNode = {};
  svg.querySelectorAll("g[data-node]").forEach((g) => { gNode[g.dataset.node] = g; });
  const gEdges = Array.from(svg.querySelectorAll("g[data-kind]"));
  const neighbours = {};
  function link(a, b) {
    (neighbours[a] = neighbours[a] || new Set()).add(b);
    (neighbours[b] = neighbours[b] || new Set()).add(a);
  }
  DATA.edges.forEach(([s, t]) => link(s, t));

  // --- pan and zoom (the SVG's viewBox is the camera) ---------------------------------------

  const base = svg.viewBox.baseVal;
  const home = { x: base.x, y: base.y, w: base.width, h: base.height };
  let view = Object.assign({}, home);
  svg.removeAttribute("width");
  svg.removeAttribute("height");

  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map((v) => v.toFixed(2)).join(" "));
  }
  function rect() { return svg.getBoundingClientRect(); }
  function unitsPerPixel() {
    const r = rect();
    return Math.max(view.w / r.width, view.h / r.height);
  }
  function toMap(cx, cy) {
    const r = rect();
    const u = unitsPerPixel();
    return {
      x: view.x - (r.width * u - view.w) / 2 + (cx - r.left) * u,
      y: view.y - (r.height * u - view.h) / 2 + (cy - r.top) * u,
    };
  }
  function zoomAt(factor, cx, cy) {
    const minW = Math.min(home.w, 150), maxW = home.w * 3;
    const w = Math.min(maxW, Math.max(minW, view.w / factor));
    const k = w / view.w;
    const p = toMap(cx, cy);
    view = { x: p.x - (p.x - view.x) * k, y: p.y - (p.y - view.y) * k, w: w, h: view.h * k };
    apply();
  }
  function zoomCentre(factor) {
    const r = rect();
    zoomAt(factor, r.left + r.width / 2, r.top + r.height / 2);
  }
  function fit() { view = Object.assign({}, home); apply(); }

  // The node's box in map units (what the viewBox is measured in).
  function boxOf(g) {
    const b = g.getBoundingClientRect();
    const p1 = toMap(b.left, b.top), p2 = toMap(b.right, b.bottom);
    return { x: p1.x, y: p1.y, w: p2.x - p1.x, h: p2.y - p1.y };
  }
  function centreOn(id) {
    const g = gNode[id];
    if (!g) return;
    const b = boxOf(g);
    const r = rect();
    // Zoom in to reading size (about 1 unit per pixel) if the map is shown smaller than that.
    const u = Math.min(unitsPerPixel(), 1.1);
    const w = r.width * u, h = r.height * u;
    view = { x: b.x + b.w / 2 - w / 2, y: b.y + b.h / 2 - h / 2, w: w, h: h };
    apply();
  }

  const pointers = new Map();
  let drag = null;
  let moved = false;
  let pinch = null;
  map.addEventListener("pointerdown", (e) => {
    if (e.target.closest(".controls") || e.button !== 0) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    moved = false;
    if (pointers.size === 1) {
      drag = { cx: e.clientX, cy: e.clientY, x: view.x, y: view.y, u: unitsPerPixel() };
    } else if (pointers.size === 2) {
      const [a, b] = Array.from(pointers.values());
      pinch = { d: Math.hypot(a.x - b.x, a.y - b.y) };
      drag = null;
    }
  });
  map.addEventListener("pointermove", (e) => {
    if (!pointers.has(e.pointerId)) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pinch && pointers.size === 2) {
      const [a, b] = Array.from(pointers.values());
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinch.d > 0) zoomAt(d / pinch.d, (a.x + b.x) / 2, (a.y + b.y) / 2);
      pinch.d = d;
      moved = true;
      return;
    }
    if (!drag) return;
    const dx = e.clientX - drag.cx, dy = e.clientY - drag.cy;
    if (!moved && Math.hypot(dx, dy) < 5) return;
    if (!moved) {
      moved = true;
      map.classList.add("dragging");
      map.setPointerCapture(e.pointerId);
    }
    view.x = drag.x - dx * drag.u;
    view.y = drag.y - dy * drag.u;
    apply();
  });
  function release(e) {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = null;
    if (pointers.size === 0) {
      drag = null;
      map.classList.remove("dragging");
    }
  }
  map.addEventListener("pointerup", release);
  map.addEventListener("pointercancel", release);
  map.addEventListener("wheel", (e) => {
    e.preventDefault();
    const step = e.deltaMode === 1 ? 0.05 : 0.0022;
    zoomAt(Math.exp(-e.deltaY * step), e.clientX, e.clientY);
  }, { passive: false });
  document.getElementById("zoom-in").addEventListener("click", () => zoomCentre(1.4));
  document.getElementById("zoom-out").addEventListener("click", () => zoomCentre(1 / 1.4));
  document.getElementById("zoom-fit").addEventListener("click", fit);

  // Clicks on the map select; links inside it (Graphviz's source links) do not navigate: the
  // panel shows the source link instead.
  svg.addEventListener("click", (e) => {
    e.preventDefault();
    if (moved) { moved = false; return; }
    const g = e.target.closest("g[data-node]");
    if (g) { select(g.dataset.node, { center: false }); return; }
    const edge = e.target.closest("g[data-kind]");
    if (edge) { selectEdge(edge.dataset.source, edge.dataset.target, edge.dataset.kind); return; }
    clearSelection();
  });
  svg.addEventListener("keydown", (e) => {
    const g = e.target.closest && e.target.closest("g[data-node]");
    if (g && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      select(g.dataset.node, { center: false });
    }
  });
  map.addEventListener("keydown", (e) => {
    if (e.target.closest && e.target.closest("g[data-node]") && (e.key === "Enter" || e.key === " ")) return;
    const pan = 80 * unitsPerPixel();
    const keys = {
      "+": () => zoomCentre(1.4), "=": () => zoomCentre(1.4), "-": () => zoomCentre(1 / 1.4),
      "0": fit, ArrowLeft: () => { view.x -= pan; apply(); }, ArrowRight: () => { view.x += pan; apply(); },
      ArrowUp: () => { view.y -= pan; apply(); }, ArrowDown: () => { view.y += pan; apply(); },
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });

  // --- filters ------------------------------------------------------------------------------

  function activeKinds() {
    return new Set(kindBoxes.filter((b) => b.checked).map((b) => b.value));
  }
  function claimPasses(id, actor) {
    const n = NODES[id];
    return !actor || n.type !== "claim" || n.actors.includes(actor);
  }
  function findingPasses(f, kinds, actor) {
    if (!kinds.has(f.kind)) return false;
    if (!actor) return true;
    return f.nodes.some((id) => NODES[id].type === "claim" && NODES[id].actors.includes(actor));
  }
  function visibleFindings() {
    const kinds = activeKinds(), actor = actorSelect.value;
    return FINDINGS.filter((f) => findingPasses(f, kinds, actor));
  }

  function applyFilters() {
    const kinds = activeKinds(), actor = actorSelect.value;
    const all = kinds.size === kindBoxes.length && !actor;
    const shown = new Set();
    FINDINGS.forEach((f) => {
      if (findingPasses(f, kinds, actor)) f.nodes.forEach((id) => { if (claimPasses(id, actor)) shown.add(id); });
    });
    gEdges.forEach((g) => {
      const s = g.dataset.source, t = g.dataset.target;
      const ok = kinds.has(g.dataset.kind) && claimPasses(s, actor) && claimPasses(t, actor);
      g.classList.toggle("dim", !all && !ok);
      if (ok) { shown.add(s); shown.add(t); }
    });
    for (const [id, g] of Object.entries(gNode)) {
      const ok = all || (claimPasses(id, actor) && (shown.has(id) || (NODES[id].type === "claim" && kinds.size === kindBoxes.length)));
      g.classList.toggle("dim", !ok);
    }
    // Counts under the actor filter.
    const counts = {};
    FINDINGS.forEach((f) => { if (findingPasses(f, new Set([f.kind]), actor)) counts[f.kind] = (counts[f.kind] || 0) + 1; });
    document.querySelectorAll("[data-kind-count]").forEach((s) => {
      const k = s.dataset.kindCount;
      // Kinds of which the page lists only some keep the total the page was written with.
      if (KIND[k].finding && KIND[k].listed === KIND[k].count) s.textContent = String(counts[k] || 0);
    });
    refreshPanel();
  }
  kindBoxes.forEach((b) => b.addEventListener("change", applyFilters));
  actorSelect.addEventListener("change", applyFilters);
  document.getElementById("reset").addEventListener("click", () => {
    kindBoxes.forEach((b) => { b.checked = true; });
    actorSelect.value = "";
    search.value = "";
    runSearch();
    clearSelection();
    applyFilters();
    fit();
  });

  // --- the panel ----------------------------------------------------------------------------

  let current = null; // {type: "node", id} | {type: "edge", ...} | null

  function refreshPanel() {
    if (!current) showOverview();
    else if (current.type === "node") showNode(current.id);
    else showEdge(current.s, current.t, current.kind);
  }

  function closeButton() {
    return el("button", { type: "button", class: "close", title: "Close (Esc)", onclick: clearSelection }, "×");
  }

  function quote(text, lang, cls) {
    return el("blockquote", { class: "quote" + (cls ? " " + cls : ""), lang: lang || null }, text);
  }

  function sourceLine(src) {
    const parts = [el("span", { class: "label" }, "Source: ")];
    const title = src.title || src.url;
    parts.push(src.url ? el("a", { href: src.url, target: "_blank", rel: "noopener noreferrer" }, title) : title);
    if (src.locator) parts.push(", " + src.locator);
    return el("p", { class: "meta" }, parts);
  }

  function propositionList(node) {
    const items = [];
    (node.asserts || []).forEach((p) => items.push(el("li", {}, "asserts: ", DATA.propositions[p] || p, " ", el("span", { class: "id" }, "(" + p + ")"))));
    (node.denies || []).forEach((p) => items.push(el("li", {}, "denies: ", DATA.propositions[p] || p, " ", el("span", { class: "id" }, "(" + p + ")"))));
    return items.length ? el("ul", { class: "props" }, items) : null;
  }

  function findingItem(f, exclude) {
    const others = f.nodes.filter((id) => !exclude.includes(id));
    const parts = [el("p", { class: "explanation" }, f.explanation)];
    others.forEach((id) => {
      const n = NODES[id];
      const role = f.kind === "selective-invocation" && id === f.nodes[1] ? "invoked: " : "";
      parts.push(el("p", { class: "other" }, role, chip(id), " ", shortLabel(id), ": ", el("q", {}, excerpt(n.text, 220))));
    });
    if (f.bound_since) {
      parts.push(el("p", { class: "other" }, "Bound since " + f.bound_since + (f.bound_through && f.bound_through !== (NODES[f.nodes[0]] || {}).actor ? " (through " + actorName(f.bound_through) + ")" : "") + "."));
    }
    if (f.qualified) {
      parts.push(el("p", { class: "other qualified" }, "Qualified breach: " + f.qualified + "."));
    }
    if (f.contested) {
      parts.push(el("p", { class: "other contested" }, "Rests on contested judgements (it does not follow without them): " + f.contested.join("; ") + "."));
    }
    if (f.derivation && f.derivation.length) {
      parts.push(el("details", {}, el("summary", {}, "How argmap derives it"), el("ol", {}, f.derivation.map((d) => el("li", {}, d)))));
    }
    return el("div", { class: "finding", style: "border-left-color:" + KIND[f.kind].colour }, parts);
  }

  function findingGroups(list, exclude, openAll) {
    const out = [];
    DATA.kinds.forEach((k) => {
      const group = list.filter((f) => f.kind === k.id);
      if (!group.length) return;
      const open = openAll || group.length <= 6 || !["support", "disagreement"].includes(k.id);
      out.push(el("details", { class: "group", open: open ? "" : null, "data-group": k.id },
        el("summary", {}, k.label + " (" + group.length + ")"),
        group.map((f) => findingItem(f, exclude))));
    });
    return out;
  }

  function nodeFindings(id) {
    const kinds = activeKinds(), actor = actorSelect.value;
    const mine = NODES[id].findings.map((i) => FINDINGS[i]);
    const shown = mine.filter((f) => findingPasses(f, kinds, actor));
    return { mine, shown };
  }

  function linkBar(id) {
    const url = location.href.split("#")[0] + "#node=" + encodeURIComponent(id);
    const show = gNode[id] ? el("button", { type: "button", class: "show", onclick: () => centreOn(id) }, "Show on the map") : null;
    return el("p", { class: "linkbar" }, show, show ? " " : null, "Link to this step: ", el("a", { href: "#node=" + encodeURIComponent(id) }, "#node=" + id),
      " ", el("button", { type: "button", onclick: (e) => {
        const b = e.currentTarget;
        if (navigator.clipboard) navigator.clipboard.writeText(url).then(() => { b.textContent = "copied"; }, () => {});
      } }, "copy"));
  }

  function showNode(id) {
    const n = NODES[id];
    const body = [closeButton()];
    if (n.type === "claim") {
      const a = DATA.actors[n.actor] || {};
      const colour = a.colour || ["#000", "#fff"];
      body.push(el("h2", {}, el("span", { class: "badge claim" }, "claim"), who(n) + ", " + n.date));
      body.push(el("p", { class: "id" }, id));
      body.push(el("p", { class: "meta" }, el("span", { class: "swatch", style: "border-color:" + colour[0] + ";background:" + colour[1] }), actorName(n.actor)));
      if (n.speaker && n.speaker !== n.actor) {
        const sp = DATA.actors[n.speaker] || {};
        body.push(el("p", { class: "meta" }, el("span", { class: "label" }, "Speaker: "), actorName(n.speaker), sp.role ? ", " + sp.role : ""));
      }
      body.push(el("p", { class: "meta" }, el("span", { class: "label" }, "Date: "), n.date));
      body.push(quote(n.text, "en"));
      if (n.original) {
        body.push(el("p", { class: "meta" }, el("span", { class: "label" }, "Original (" + n.original.lang + "):")));
        body.push(quote(n.original.text, n.original.lang, "original"));
      }
      body.push(sourceLine(n.source));
      if (n.invokes && n.invokes.length) body.push(el("p", { class: "meta" }, el("span", { class: "label" }, "Invokes: "), n.invokes.map((k) => [chip(k), " "])));
    } else {
      const d = DATA.documents[n.document] || {};
      body.push(el("h2", {}, el("span", { class: "badge commitment" }, "commitment"), d.title || n.document, ", ", n.locator));
      body.push(el("p", { class: "id" }, id));
      body.push(el("p", { class: "meta" }, el("span", { class: "label" }, "Document: "),
        d.url ? el("a", { href: d.url, target: "_blank", rel: "noopener noreferrer" }, d.title) : d.title,
        d.venue ? ", " + d.venue : "", ", " + d.date));
      body.push(el("p", { class: "meta" }, el("span", { class: "label" }, "Binding force: "), d.binding === "legal" ? "legally binding" : "politically binding"));
      body.push(el("p", { class: "meta" }, el("span", { class: "label" }, "Locator: "), n.locator));
      body.push(quote(n.text, "en"));
    }
    body.push(el("p", { class: "meta" }, el("span", { class: "label" }, "Checked against the source: "), n.verified ? "yes" : "not marked"));
    const props = propositionList(n);
    if (props) body.push(el("p", { class: "meta" }, el("span", { class: "label" }, "In the corpus's terms, it")), props);
    if (n.note) body.push(el("details", {}, el("summary", {}, "Analyst's note"), el("p", { class: "note" }, n.note)));
    if (!n.onMap) body.push(el("p", { class: "hidden-by-filter" }, "Not drawn on the map: no claim on the map relates to it."));
    body.push(linkBar(id));
    const { mine, shown } = nodeFindings(id);
    body.push(el("h3", {}, "Findings it takes part in (" + mine.length + ")"));
    if (!mine.length) body.push(el("p", { class: "empty" }, "None."));
    body.push(findingGroups(shown, [id], false));
    if (shown.length < mine.length) body.push(el("p", { class: "hidden-by-filter" }, (mine.length - shown.length) + " more hidden by the filters above."));
    panel.replaceChildren(...body.flat(Infinity));
    panel.scrollTop = 0;
  }

  function showEdge(s, t, kind) {
    const body = [closeButton()];
    body.push(el("h2", {}, el("span", { class: "badge" }, "relation"), KIND[kind].label));
    body.push(el("p", { class: "meta" }, chip(s), " → ", chip(t)));
    [s, t].forEach((id) => {
      const n = NODES[id];
      body.push(el("p", { class: "meta" }, el("span", { class: "label" }, shortLabel(id) + ":")));
      body.push(quote(n.text, "en"));
    });
    const both = FINDINGS.filter((f) => f.nodes.includes(s) && f.nodes.includes(t));
    body.push(el("h3", {}, "Findings between the two (" + both.length + ")"));
    if (!both.length) {
      body.push(el("p", { class: "empty" }, kind === "invocation"
        ? "The claim cites this commitment; citing is not a finding by itself."
        : "The text itself states this link; the propositions do not make it a finding."));
    }
    body.push(findingGroups(both, [s, t], true));
    panel.replaceChildren(...body.flat(Infinity));
    panel.scrollTop = 0;
  }

  function showOverview() {
    const body = [];
    body.push(el("h2", {}, DATA.title));
    if (DATA.description) body.push(el("p", { class: "note" }, DATA.description));
    body.push(el("dl", { class: "help" },
      el("dt", {}, "Read"), el("dd", {}, "Click a box on the map: the panel shows the full quotation, who said it and when, the source, and every finding it takes part in, explained. Click a line to see the finding it stands for."),
      el("dt", {}, "Move"), el("dd", {}, "Drag to move the map; use the mouse wheel, a pinch, or the + and − buttons to zoom; Fit shows the whole map."),
      el("dt", {}, "Find"), el("dd", {}, "Type words or an id in the search box (press / to get there); Enter opens the first result."),
      el("dt", {}, "Filter"), el("dd", {}, "Choose an actor, or untick kinds of finding: what is left out is greyed on the map and in the lists."),
      el("dt", {}, "Share"), el("dd", {}, "Each claim and commitment has its own link (#node=…); send it to point a reader at one step.")));
    const list = visibleFindings();
    body.push(el("h3", {}, "Findings (" + list.length + (list.length < FINDINGS.length ? " of " + FINDINGS.length : "") + ")"));
    if (!list.length) body.push(el("p", { class: "empty" }, "No finding passes the filters."));
    body.push(findingGroups(list, [], false));
    panel.replaceChildren(...body.flat(Infinity));
  }

  function highlight(ids, hot) {
    svg.querySelectorAll(".selected, .near, .hot").forEach((g) => g.classList.remove("selected", "near", "hot"));
    map.classList.toggle("focus", ids.length > 0);
    const near = new Set(ids);
    ids.forEach((id) => (neighbours[id] || []).forEach((m) => near.add(m)));
    near.forEach((id) => { if (gNode[id]) gNode[id].classList.add("near"); });
    ids.forEach((id) => { if (gNode[id]) gNode[id].classList.add("selected"); });
    gEdges.forEach((g) => {
      const s = g.dataset.source, t = g.dataset.target;
      if (ids.includes(s) || ids.includes(t)) g.classList.add("near");
      if (hot && hot(g)) g.classList.add("hot");
    });
  }

  function setHash(value) {
    const hash = value ? "#" + value : "";
    if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }

  function select(id, opts) {
    if (!NODES[id]) {
      current = null;
      panel.replaceChildren(closeButton(), el("h2", {}, "Not found"),
        el("p", {}, "There is no claim or commitment '", id, "' in this map."));
      return;
    }
    current = { type: "node", id: id };
    highlight([id]);
    showNode(id);
    setHash("node=" + encodeURIComponent(id));
    if (opts && opts.center) centreOn(id);
  }

  function selectEdge(s, t, kind) {
    current = { type: "edge", s: s, t: t, kind: kind };
    highlight([s, t], (g) => g.dataset.source === s && g.dataset.target === t && g.dataset.kind === kind);
    showEdge(s, t, kind);
    setHash("");
  }

  function clearSelection() {
    current = null;
    highlight([]);
    showOverview();
    setHash("");
  }

  document.getElementById("help-button").addEventListener("click", clearSelection);

  // --- search -------------------------------------------------------------------------------

  const HAY = {};
  for (const [id, n] of Object.entries(NODES)) {
    const parts = [id, n.text, n.date || "", n.locator || ""];
    if (n.type === "claim") {
      parts.push(actorName(n.actor), actorName(n.speaker), n.source.title || "", n.source.locator || "");
      if (n.original) parts.push(n.original.text);
    } else {
      const d = DATA.documents[n.document];
      if (d) parts.push(d.title, d.venue || "");
    }
    HAY[id] = fold(parts.join(" \u0001 "));
  }
  let hits = [];
  let active = -1;

  function runSearch() {
    const words = fold(search.value).split(/\s+/).filter(Boolean);
    svg.querySelectorAll(".match").forEach((g) => g.classList.remove("match"));
    if (!words.length) {
      hits = [];
      results.hidden = true;
      return;
    }
    hits = Object.keys(NODES).filter((id) => words.every((w) => HAY[id].includes(w)));
    hits.sort((a, b) => (a === search.value.trim() ? -1 : b === search.value.trim() ? 1 : 0)
      || (NODES[a].type === NODES[b].type ? 0 : NODES[a].type === "claim" ? -1 : 1)
      || (NODES[a].date || "").localeCompare(NODES[b].date || "") || a.localeCompare(b));
    hits.forEach((id) => { if (gNode[id]) gNode[id].classList.add("match"); });
    active = hits.length ? 0 : -1;
    const rows = hits.slice(0, 50).map((id, i) => el("button", {
      type: "button", class: "hit" + (i === active ? " active" : ""), role: "option", "data-id": id,
      onclick: () => { pick(id); },
    }, excerpt(NODES[id].text, 110), el("span", { class: "who" }, shortLabel(id) + " · " + id + (NODES[id].onMap ? "" : " · not on the map"))));
    const summary = hits.length ? hits.length + " match" + (hits.length === 1 ? "" : "es") + (hits.length > 50 ? " (first 50 shown)" : "") + "; highlighted in yellow on the map" : "No claim or commitment matches.";
    results.replaceChildren(el("div", { class: "summary" }, summary), ...rows);
    results.hidden = false;
  }

  function pick(id) {
    results.hidden = true;
    select(id, { center: true });
  }

  search.addEventListener("input", runSearch);
  search.addEventListener("focus", () => { if (hits.length || search.value) runSearch(); });
  search.addEventListener("keydown", (e) => {
    const rows = Array.from(results.querySelectorAll(".hit"));
    if (e.key === "Enter") { e.preventDefault(); if (hits.length) pick(hits[Math.max(active, 0)]); }
    else if (e.key === "Escape") { search.value = ""; runSearch(); search.blur(); }
    else if ((e.key === "ArrowDown" || e.key === "ArrowUp") && rows.length) {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : rows.length - 1)) % rows.length;
      rows.forEach((r, i) => r.classList.toggle("active", i === active));
      rows[active].scrollIntoView({ block: "nearest" });
    }
  });
  document.addEventListener("click", (e) => {
    if (!e.target.closest(".search")) results.hidden = true;
  });
  document.addEventListener("keydown", (e) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (e.key === "/" && !typing) { e.preventDefault(); search.focus(); search.select(); }
    else if (e.key === "Escape" && !typing && current) clearSelection();
  });

  // --- #node=ID -----------------------------------------------------------------------------

  function fromHash() {
    const m = /^#node=(.+)$/.exec(location.hash);
    if (!m) return;
    let id;
    try { id = decodeURIComponent(m[1]); } catch (err) { id = m[1]; }
    select(id, { center: true });
  }
  window.addEventListener("hashchange", fromHash);

  // Each claim lists every actor it can be filtered by: attributed actor, stated actor, speaker.
  for (const n of Object.values(NODES)) {
    n.actors = n.type === "claim" ? [n.actor, n.by, n.speaker].filter(Boolean) : [];
  }

  apply();
  applyFilters();
  if (location.hash) fromHash();
  else showOverview();
  document.documentElement.dataset.ready = "true";
})();
