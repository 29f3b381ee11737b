// The pages of `mvplan serve`. Plain script (no build step); the editor
// comes from editor.js (CodeMirror 6, see web/). Every text from a plan is
// put in the page with textContent, never as markup.
"use strict";
(function () {
  const body = document.body;
  const csrf = body.dataset.csrf;
  const plan = body.dataset.plan;
  const enc = (p) => p.split("/").map(encodeURIComponent).join("/");
  const $ = (id) => document.getElementById(id);

  async function call(method, url, data) {
    const opts = { method, credentials: "same-origin", headers: {} };
    if (data !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.headers["X-CSRF-Token"] = csrf;
      opts.body = JSON.stringify(data);
    }
    const r = await fetch(url, opts);
    let json = {};
    try { json = await r.json(); } catch (e) { json = {}; }
    return { status: r.status, body: json };
  }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function bump(name) {
    body.dataset[name] = String(Number(body.dataset[name] || "0") + 1);
  }

  function money(x) {
    const n = Number(x);
    return Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: 0 }) : "";
  }

  // --- the plan page -------------------------------------------------------
  async function planPage() {
    const pageId = Math.random().toString(36).slice(2) + Date.now().toString(36);
    const loaded = await call("GET", "/api/text/" + enc(plan));
    if (loaded.status !== 200) { $("editor").textContent = loaded.body.error || "cannot load the plan"; return; }
    let base = loaded.body.version;   // the version on disk this page holds
    let savedText = loaded.body.text; // what that version says
    const schema = (await call("GET", "/api/schema")).body;
    let timer = null, running = false, again = false;
    const editor = window.MvplanEditor.create($("editor"), {
      doc: savedText, schema, nonce: body.dataset.nonce,
      onChange() { clearTimeout(timer); timer = setTimeout(check, 150); showDirty(); },
    });
    window.mvplanEditor = editor; // for the browser tests and the curious
    const deck = $("deck");

    function showDirty() {
      $("saved").textContent = editor.text() === savedText ? "" : "unsaved changes";
    }

    async function check() {
      if (running) { again = true; return; }
      running = true;
      try {
        const r = await call("POST", "/api/draft/" + enc(plan), { page: pageId, text: editor.text(), deck: deck.value });
        if (r.status === 200) show(r.body);
        else $("preview-error").textContent = r.body.error || "check failed";
      } finally {
        running = false;
        if (again) { again = false; check(); }
      }
    }

    function show(res) {
      const findings = res.findings || [];
      editor.setFindings(findings.filter((f) => f.line));
      const list = $("findings");
      list.replaceChildren();
      for (const f of findings.concat(res.other || [], res.problems || [])) {
        const li = el("li", null, "finding " + f.severity);
        li.dataset.rule = f.rule || "";
        if (f.line) li.dataset.line = f.line;
        li.append(el("span", f.severity, "sev"), " ");
        if (f.line) li.append(el("span", f.line + ":" + f.column, "at"), " ");
        if (f.rule) li.append(el("code", f.rule), " ");
        li.append(el("span", f.message, "msg"));
        if (f.help) li.append(el("div", "help: " + f.help, "help"));
        list.append(li);
      }
      $("score").textContent = res.score === null || res.score === undefined ? "–" : res.score + "/100";
      const t = res.tally || {};
      $("tally").textContent = (t.errors || 0) + " errors, " + (t.warnings || 0) + " warnings";
      $("timing").textContent = res.ms ? res.ms.toFixed(0) + " ms" : "";
      const cov = $("coverage");
      cov.replaceChildren();
      for (const c of res.coverage || []) {
        cov.append(el("span", c.objective + ": " + (c.coverage === null ? "no forecast" : c.coverage + "% covered"), "cov"), " ");
      }
      const err = $("preview-error");
      err.hidden = !res.preview_error;
      err.textContent = res.preview_error ? "No preview: " + res.preview_error : "";
      if (res.preview) $("preview").src = res.preview;
      bump("checks");
    }

    function conflict(message, theirs) {
      const box = $("conflict");
      box.replaceChildren(el("span", message));
      const load = el("button", "Load the file on disk");
      load.type = "button";
      load.id = "load-theirs";
      load.onclick = () => {
        base = theirs.version; savedText = theirs.text;
        editor.setText(theirs.text); box.hidden = true; showDirty(); check();
      };
      const keep = el("button", "Keep my version (save over it)");
      keep.type = "button";
      keep.id = "keep-mine";
      keep.onclick = () => { base = theirs.version; box.hidden = true; save(); };
      box.append(" ", load, " ", keep);
      box.hidden = false;
      bump("conflicts");
    }

    async function save() {
      const text = editor.text();
      const r = await call("POST", "/api/save/" + enc(plan), { text, version: base });
      if (r.status === 200) {
        base = r.body.version; savedText = text;
        $("saved").textContent = "saved";
        bump("saves");
      } else if (r.status === 409 && r.body.version) {
        conflict("Not saved: " + r.body.error, r.body);
      } else {
        $("saved").textContent = "not saved: " + (r.body.error || r.status);
      }
    }

    $("save").onclick = save;
    document.addEventListener("keydown", (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(); }
    });
    deck.onchange = () => {
      for (const a of document.querySelectorAll("a.dl")) {
        a.href = "/download/" + enc(plan) + "?format=" + a.dataset.format + "&deck=" + deck.value;
      }
      check();
    };

    // Changes made on disk (another editor, git): taken in if this page
    // has nothing unsaved, else shown as a conflict.
    const events = new EventSource("/events/" + enc(plan));
    events.addEventListener("changed", async (e) => {
      if (e.data === base) return;
      const r = await call("GET", "/api/text/" + enc(plan));
      if (r.status !== 200 || r.body.version === base) return;
      if (editor.text() === savedText) {
        base = r.body.version; savedText = r.body.text;
        editor.setText(r.body.text); showDirty(); check();
        bump("reloads");
      } else {
        conflict("The file changed on disk, and this page has unsaved changes.", r.body);
      }
    });
    check();
  }

  // --- the scenario view ---------------------------------------------------
  function scenarioPage() {
    const slider = $("budget");
    const bounds = {};
    let timer = null, seq = 0;

    function request() {
      return { percent: Number(slider.value), bounds };
    }

    async function run() {
      const mine = ++seq;
      $("level").textContent = slider.value === "0" ? "plan" : (Number(slider.value) > 0 ? "+" : "") + slider.value + "%";
      const r = await call("POST", "/api/optimise/" + enc(plan), request());
      if (mine !== seq) return;
      const err = $("error");
      if (r.status !== 200) { err.hidden = false; err.textContent = r.body.error || "failed"; bump("optimised"); return; }
      err.hidden = true;
      draw(r.body);
      bump("optimised");
    }

    function boundInput(id, key, value) {
      const input = el("input");
      input.type = "number"; input.min = "0"; input.step = "1000";
      input.className = "bound " + key;
      input.dataset.channel = id;
      if (value !== null && value !== undefined) input.value = value;
      input.onchange = () => {
        bounds[id] = bounds[id] || {};
        bounds[id][key] = input.value === "" ? null : Number(input.value);
        run();
      };
      return input;
    }

    function draw(res) {
      const level = res.result.levels[0];
      const tbody = document.querySelector("#allocation tbody");
      tbody.replaceChildren();
      for (const c of level.channels) {
        const tr = el("tr");
        tr.dataset.channel = c.id;
        const b = bounds[c.id] || {};
        const min = el("td"); min.append(boundInput(c.id, "min", b.min));
        const max = el("td"); max.append(boundInput(c.id, "max", b.max));
        tr.append(el("td", c.name), el("td", money(c.planned)), el("td", money(c.optimal), "optimal"), min, max);
        tbody.append(tr);
      }
      const out = $("outcomes");
      out.replaceChildren();
      if (level.infeasible) out.append(el("p", "No allocation within the bounds: " + level.infeasible, "infeasible"));
      for (const o of level.outcomes) {
        out.append(el("p", o.objective + ": " + o.planned.toFixed(0) + " planned → " + o.optimal.toFixed(0) + " at best" + (o.unit ? " " + o.unit : "")));
      }
      $("moves").textContent = res.text;
      curves(res.curves, level);
    }

    // Each channel's response curve, with the planned (grey) and best
    // (coloured) points: SVG made with DOM calls, no markup strings.
    function curves(list, level) {
      const box = $("curves");
      box.replaceChildren();
      const ns = "http://www.w3.org/2000/svg";
      for (const c of list) {
        const best = level.channels.find((x) => x.id === c.id);
        const W = 260, H = 140, P = 20;
        const maxX = c.points[c.points.length - 1][0] || 1;
        const maxY = Math.max(...c.points.map((p) => p[1]), 1);
        const sx = (x) => P + (x / maxX) * (W - 2 * P), sy = (y) => H - P - (y / maxY) * (H - 2 * P);
        const svg = document.createElementNS(ns, "svg");
        svg.setAttribute("viewBox", "0 0 " + W + " " + H);
        svg.setAttribute("class", "curve");
        const path = document.createElementNS(ns, "polyline");
        path.setAttribute("points", c.points.map((p) => sx(p[0]) + "," + sy(p[1])).join(" "));
        path.setAttribute("class", "line");
        svg.append(path);
        const dot = (x, y, cls) => {
          const d = document.createElementNS(ns, "circle");
          d.setAttribute("cx", sx(x)); d.setAttribute("cy", sy(y)); d.setAttribute("r", 4);
          d.setAttribute("class", cls);
          svg.append(d);
        };
        dot(c.planned[0], c.planned[1], "planned");
        if (best) dot(Number(best.optimal), best.optimal_outcome, "best");
        const fig = el("figure");
        fig.append(svg, el("figcaption", c.name + " → " + c.objective));
        box.append(fig);
      }
    }

    slider.oninput = () => { clearTimeout(timer); timer = setTimeout(run, 120); };
    $("write").onclick = async () => {
      const r = await call("POST", "/api/optimised/" + enc(plan), Object.assign(request(), { output: $("output").value }));
      $("written").textContent = r.status === 200 ? "wrote " + r.body.written : "not written: " + (r.body.error || r.status);
    };
    run();
  }

  // --- the portfolio page --------------------------------------------------
  function portfolioPage() {
    const by = $("by");
    by.value = localStorage.getItem("mvplan-by") || "";
    by.onchange = () => localStorage.setItem("mvplan-by", by.value);

    async function decide(url, data) {
      if (!by.value.trim()) { $("done").textContent = "Say who decides first."; return; }
      const r = await call("POST", url, Object.assign({ by: by.value }, data));
      $("done").textContent = r.status === 200 ? "written to " + r.body.written : "not written: " + (r.body.error || r.status);
      await load();
      $("review").src = "/portfolio/deck?at=" + Date.now();
      bump("decisions");
    }

    async function load() {
      const r = await call("GET", "/api/portfolio");
      if (r.status !== 200) { $("done").textContent = r.body.error || "no review"; return; }
      const asks = document.querySelector("#asks tbody");
      asks.replaceChildren();
      for (const a of r.body.asks) {
        const tr = el("tr");
        tr.dataset.ask = a.id; tr.dataset.file = a.file;
        const act = el("td");
        for (const [label, decision] of [["Approve", "approved"], ["Decline", "declined"]]) {
          const b = el("button", label, decision);
          b.type = "button";
          b.onclick = () => decide("/api/ask/" + enc(a.file), { ask: a.id, decision });
          act.append(b, " ");
        }
        const amount = a.amount !== null ? money(a.amount) + " " + r.body.currency : a.fte !== null ? a.fte + " FTE" : "";
        tr.append(el("td", a.unit), el("td", a.ask), el("td", a.kind), el("td", amount), el("td", a.by || ""), el("td", a.status, "status"), act);
        asks.append(tr);
      }
      const plans = document.querySelector("#plans tbody");
      plans.replaceChildren();
      for (const p of r.body.plans) {
        const tr = el("tr");
        tr.dataset.file = p.file;
        const link = el("a", p.title);
        link.href = "/plan/" + enc(p.file);
        const name = el("td"); name.append(link);
        const sel = el("select");
        sel.className = "plan-status";
        for (const s of ["draft", "submitted", "approved"]) {
          const o = el("option", s); o.value = s; if (s === p.status) o.selected = true; sel.append(o);
        }
        sel.onchange = () => decide("/api/status/" + enc(p.file), { status: sel.value });
        const st = el("td"); st.append(sel);
        tr.append(name, el("td", p.unit), el("td", p.score), el("td", p.errors + " errors, " + p.warnings + " warnings"), st);
        plans.append(tr);
      }
      bump("loads");
    }
    load();
  }

  const pages = { plan: planPage, scenario: scenarioPage, portfolio: portfolioPage };
  const run = pages[body.dataset.page];
  if (run) run();
})();
