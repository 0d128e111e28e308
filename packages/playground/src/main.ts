/// <reference lib="dom" />
import { basicSetup, EditorView } from "codemirror";
import { yaml } from "@codemirror/lang-yaml";
import { forceLinting, linter, lintGutter, type Action, type Diagnostic } from "@codemirror/lint";
import { differingSpan, type Edit, type LintMessage, type ResolvedConfig } from "@compose-lint/core";
import { fixAll, lint, prepare, readConfig, ruleUrls } from "./lint.js";
import { decodeState, encodeState, type PlaygroundState } from "./state.js";

const DEFAULT_STATE: PlaygroundState = {
  compose: `services:
  web:
    image: example/web:1.0
    ports:
      - "8000:8000"
  db:
    image: postgres:16.4
    ports:
      - "5432:5432"
`,
  config: `# As in .compose-lint.yaml
extends: [recommended]
rules:
  no-all-interface-publish: error
`,
};

function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const findingsList = element<HTMLOListElement>("findings");
const status = element<HTMLParagraphElement>("status");
const configStatus = element<HTMLParagraphElement>("config-status");

let config: ResolvedConfig | undefined;
let latest: { text: string; messages: LintMessage[] } = { text: "", messages: [] };

/** A fix's offsets are those of the text last linted: typed since, it waits for the next lint. */
function applyEdit(view: EditorView, edit: Edit): void {
  if (view.state.doc.toString() !== latest.text) return;
  view.dispatch({ changes: { from: edit.range[0], to: edit.range[1], insert: edit.text } });
  view.focus();
}

/** One change covering only what differs, so the cursor and scroll stay where they were. */
function replaceText(view: EditorView, next: string): void {
  const { range, text } = differingSpan(view.state.doc.toString(), next);
  view.dispatch({ changes: { from: range[0], to: range[1], insert: text } });
}

function actionsOf(message: LintMessage): Array<{ name: string; edit: Edit }> {
  return [...(message.fix ? [{ name: "Fix", edit: message.fix }] : []), ...(message.suggestions ?? []).map((suggestion) => ({ name: suggestion.desc, edit: suggestion.fix }))];
}

function ruleLink(ruleId: string): HTMLAnchorElement {
  const link = document.createElement("a");
  link.textContent = ruleId;
  link.href = ruleUrls.get(ruleId) ?? "#";
  link.target = "_blank";
  link.rel = "noopener";
  link.className = "rule-link";
  return link;
}

function diagnosticsFor(view: EditorView): Diagnostic[] {
  const text = view.state.doc.toString();
  if (!config) return [];
  const started = performance.now();
  const messages = lint(text, config);
  const millis = performance.now() - started;
  latest = { text, messages };
  renderFindings(view, messages);
  status.textContent = `${messages.length} problem${messages.length === 1 ? "" : "s"} · linted in ${millis.toFixed(1)} ms`;
  status.dataset["lintMs"] = millis.toFixed(2);
  status.dataset["lintCount"] = String(Number(status.dataset["lintCount"] ?? 0) + 1);
  const length = view.state.doc.length;
  return messages.map((message) => {
    const from = Math.min(message.range[0], length);
    const to = Math.min(Math.max(message.range[1], from), length);
    const actions: Action[] = actionsOf(message).map(({ name, edit }) => ({ name, apply: (target) => applyEdit(target, edit) }));
    return {
      from,
      to,
      severity: message.severity === 2 ? "error" : "warning",
      message: message.message,
      renderMessage: () => {
        const box = document.createElement("div");
        box.className = "lint-message";
        box.append(message.message);
        if (message.ruleId) box.append(" ", ruleLink(message.ruleId));
        return box;
      },
      actions,
    };
  });
}

function renderFindings(view: EditorView, messages: LintMessage[]): void {
  if (messages.length === 0) {
    const none = document.createElement("li");
    none.className = "none";
    none.textContent = "No problems.";
    findingsList.replaceChildren(none);
    return;
  }
  findingsList.replaceChildren(
    ...messages.map((message) => {
      const item = document.createElement("li");
      item.className = `finding ${message.severity === 2 ? "error" : "warning"}`;
      if (message.ruleId) item.dataset["rule"] = message.ruleId;
      const place = document.createElement("button");
      place.className = "place";
      place.textContent = `${message.line}:${message.column}`;
      place.title = "Show in the editor";
      place.addEventListener("click", () => {
        view.dispatch({ selection: { anchor: Math.min(message.range[0], view.state.doc.length) }, scrollIntoView: true });
        view.focus();
      });
      const text = document.createElement("span");
      text.className = "message";
      text.textContent = message.message;
      item.append(place, " ", text);
      if (message.ruleId) item.append(" ", ruleLink(message.ruleId));
      for (const { name, edit } of actionsOf(message)) {
        const button = document.createElement("button");
        button.className = name === "Fix" ? "fix" : "suggestion";
        button.textContent = name;
        button.addEventListener("click", () => applyEdit(view, edit));
        item.append(" ", button);
      }
      return item;
    }),
  );
}

async function main(): Promise<void> {
  await prepare();
  const initial = (await decodeState(location.hash)) ?? DEFAULT_STATE;
  let saving: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(saving);
    saving = setTimeout(async () => {
      const hash = await encodeState({ compose: composeView.state.doc.toString(), config: configView.state.doc.toString() });
      history.replaceState(null, "", hash);
      document.body.dataset["savedHash"] = hash;
    }, 150);
  };
  const readConfigText = (text: string) => {
    const result = readConfig(text);
    if ("error" in result) {
      configStatus.textContent = result.error;
      configStatus.className = "error";
      return;
    }
    config = result.config;
    configStatus.textContent = `${[...config.rules.values()].filter((setting) => setting.severity > 0).length} rules on`;
    configStatus.className = "";
  };
  readConfigText(initial.config);

  const composeView = new EditorView({
    doc: initial.compose,
    parent: element("compose-editor"),
    extensions: [
      basicSetup,
      yaml(),
      lintGutter(),
      linter(diagnosticsFor, { delay: 50 }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) save();
      }),
      EditorView.contentAttributes.of({ "aria-label": "Compose file" }),
    ],
  });
  const configView = new EditorView({
    doc: initial.config,
    parent: element("config-editor"),
    extensions: [
      basicSetup,
      yaml(),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        readConfigText(update.state.doc.toString());
        forceLinting(composeView);
        save();
      }),
      EditorView.contentAttributes.of({ "aria-label": "Config (.compose-lint.yaml)" }),
    ],
  });

  element<HTMLButtonElement>("fix-all").addEventListener("click", () => {
    if (!config) return;
    const fixed = fixAll(composeView.state.doc.toString(), config);
    if (fixed !== undefined) replaceText(composeView, fixed);
  });
  element<HTMLButtonElement>("copy-link").addEventListener("click", async () => {
    const hash = await encodeState({ compose: composeView.state.doc.toString(), config: configView.state.doc.toString() });
    history.replaceState(null, "", hash);
    await navigator.clipboard?.writeText(location.href).catch(() => undefined);
    element("copy-link").textContent = "Link copied";
  });
  // A link opened in the same tab (the fragment changed by hand): load its state.
  window.addEventListener("hashchange", async () => {
    const state = await decodeState(location.hash);
    if (!state || state.compose === latest.text) return;
    replaceText(configView, state.config);
    replaceText(composeView, state.compose);
  });
  document.body.dataset["ready"] = "true";
}

main().catch((error: unknown) => {
  status.textContent = `The playground failed to start: ${(error as Error).message}`;
  throw error;
});
