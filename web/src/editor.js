// The plan editor of `mvplan serve`: CodeMirror 6 with TOML highlighting,
// inline findings (lint), completion and hover from the plan's JSON Schema.
// Bundled by ./build.sh into ../src/serve/assets/editor.js (committed).
// The page script (src/serve/assets/page.js) drives it through
// `window.MvplanEditor`.

import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, hoverTooltip,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching,
} from "@codemirror/language";
import { toml } from "@codemirror/legacy-modes/mode/toml";
import { linter, lintGutter, setDiagnostics } from "@codemirror/lint";
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";

// The table path (e.g. ["channels", "response"]) that line `lineNo` is in,
// and the key written on that line, if any.
function context(doc, lineNo) {
  let table = [];
  for (let n = lineNo; n >= 1; n--) {
    const m = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(doc.line(n).text);
    if (m) { table = m[1].split(".").map((s) => s.trim().replace(/^"|"$/g, "")); break; }
  }
  return table;
}

// The schema node of a table path: objects' properties, arrays' items.
function resolve(schema, path) {
  let node = schema;
  const deref = (n) => {
    let guard = 0;
    while (n && n.$ref && guard++ < 8) {
      const name = n.$ref.replace(/^#\/(\$defs|definitions)\//, "");
      n = (schema.$defs || schema.definitions || {})[name];
    }
    if (n && !n.properties && (n.anyOf || n.oneOf)) {
      const alt = (n.anyOf || n.oneOf).map(deref).find((a) => a && (a.properties || a.items));
      if (alt) n = alt;
    }
    return n;
  };
  node = deref(node);
  for (const key of path) {
    if (!node) return null;
    if (node.type === "array" || node.items) node = deref(node.items);
    node = node && node.properties ? deref(node.properties[key]) : null;
    if (node && (node.type === "array" || node.items) && node.items) node = deref(node.items);
  }
  return node;
}

function describe(node) {
  if (!node) return "";
  const kind = node.type ? String(node.type) : node.enum ? "one of " + node.enum.join(", ") : "";
  return [node.description || "", kind].filter(Boolean).join(" — ");
}

function schemaCompletion(schema) {
  return (ctx) => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);
    if (!/^\s*[A-Za-z0-9_-]*$/.test(before)) return null;
    const word = ctx.matchBefore(/[A-Za-z0-9_-]*/);
    const node = resolve(schema, context(ctx.state.doc, line.number));
    if (!node || !node.properties) return null;
    return {
      from: word ? word.from : ctx.pos,
      options: Object.entries(node.properties).map(([key, sub]) => ({
        label: key, type: "property", detail: sub && sub.type ? String(sub.type) : "",
        info: sub && sub.description ? sub.description : undefined,
        apply: key + " = ",
      })),
      validFor: /^[A-Za-z0-9_-]*$/,
    };
  };
}

function schemaHover(schema) {
  return hoverTooltip((view, pos) => {
    const line = view.state.doc.lineAt(pos);
    const m = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(line.text);
    if (!m) return null;
    const start = line.from + line.text.indexOf(m[1]);
    if (pos < start || pos > start + m[1].length) return null;
    const node = resolve(schema, context(view.state.doc, line.number));
    const sub = node && node.properties ? node.properties[m[1]] : null;
    const text = describe(sub);
    if (!text) return null;
    return {
      pos: start, end: start + m[1].length, above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "cm-schema-hover";
        dom.textContent = m[1] + ": " + text; // text, never markup
        return { dom };
      },
    };
  });
}

window.MvplanEditor = {
  // opts: { doc, schema, onChange(text) }
  create(parent, opts) {
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: opts.doc,
        extensions: [
          opts.nonce ? EditorView.cspNonce.of(opts.nonce) : [],
          lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(),
          history(), bracketMatching(), highlightSelectionMatches(),
          StreamLanguage.define(toml), syntaxHighlighting(defaultHighlightStyle),
          lintGutter(), linter(null),
          autocompletion({ override: [schemaCompletion(opts.schema || {})] }),
          schemaHover(opts.schema || {}),
          keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...searchKeymap]),
          EditorView.updateListener.of((u) => { if (u.docChanged && opts.onChange) opts.onChange(u.state.doc.toString()); }),
        ],
      }),
    });
    return {
      view,
      text: () => view.state.doc.toString(),
      // Replaces the whole text (a change made on disk); the caret is kept
      // where it can be.
      setText(text) {
        const head = Math.min(view.state.selection.main.head, text.length);
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: head } });
      },
      // findings: [{line, column, end_line, end_column, severity, rule, message}]
      setFindings(findings) {
        const doc = view.state.doc;
        const at = (l, c) => {
          const line = doc.line(Math.max(1, Math.min(l || 1, doc.lines)));
          return Math.min(line.from + Math.max(0, (c || 1) - 1), line.to);
        };
        const diags = findings.map((f) => {
          const from = at(f.line, f.column);
          let to = f.end_line ? at(f.end_line, f.end_column) : doc.lineAt(from).to;
          if (to <= from) to = Math.min(doc.lineAt(from).to, from + 1);
          const severity = f.severity === "error" ? "error" : f.severity === "warning" ? "warning" : "info";
          return { from, to: Math.max(to, from), severity, source: f.rule, message: f.message };
        });
        view.dispatch(setDiagnostics(view.state, diags));
      },
    };
  },
};
