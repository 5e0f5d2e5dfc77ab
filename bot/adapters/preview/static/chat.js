// The preview chat: draws what the real bot answers, sends typed text and button presses,
// follows live reloads, and shows the checker's report. No framework, no build step.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const messages = $("messages");
  const shown = new Map(); // message id -> element
  let toastTimer = null;
  let pending = 0;

  function setBusy(delta) {
    pending += delta;
    document.body.dataset.busy = pending > 0 ? "1" : "0";
  }

  async function call(path, body) {
    const options = { method: body === undefined ? "GET" : "POST", credentials: "same-origin" };
    if (body !== undefined) {
      options.headers = { "Content-Type": "application/json" };
      options.body = JSON.stringify(body);
    }
    setBusy(1);
    try {
      const response = await fetch(path, options);
      const type = response.headers.get("Content-Type") || "";
      const data = type.includes("json") ? await response.json() : { error: await response.text() };
      if (!response.ok) {
        showBanner("error", data.error || response.statusText, data.problems || []);
        return null;
      }
      return data;
    } catch (error) {
      showBanner("error", "The preview server does not answer. Is `python -m bot preview` still running?", []);
      return null;
    } finally {
      setBusy(-1);
    }
  }

  function drawMessage(message) {
    const element = document.createElement("div");
    element.className = `message ${message.from}`;
    element.dataset.id = String(message.id);
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    bubble.dir = message.direction || "auto";
    const text = document.createElement("div");
    text.className = "text";
    text.append(window.renderTelegramHtml(message.text));
    if (message.audio) {  // a voice note, as Telegram plays it
      const audio = document.createElement("audio");
      audio.controls = true;
      audio.src = message.audio;
      audio.className = "voice";
      bubble.append(audio);
    }
    bubble.append(text);
    element.append(bubble);
    if (message.buttons && message.buttons.length) {
      const keyboard = document.createElement("div");
      keyboard.className = "keyboard";
      keyboard.dir = message.direction || "auto";
      for (const row of message.buttons) {
        const line = document.createElement("div");
        line.className = "row";
        for (const button of row) {
          const control = document.createElement("button");
          control.type = "button";
          control.textContent = button.label;
          control.addEventListener("click", () => press(button.data, message.id));
          line.append(control);
        }
        keyboard.append(line);
      }
      element.append(keyboard);
    }
    return element;
  }

  function place(message) {
    const element = drawMessage(message);
    const existing = shown.get(message.id);
    if (existing) {
      existing.replaceWith(element);
      element.classList.add("edited");
    } else {
      messages.append(element);
    }
    shown.set(message.id, element);
  }

  function apply(result) {
    if (!result) return;
    for (const op of result.ops || []) place(op.message);
    messages.scrollTop = messages.scrollHeight;
    if (result.toast) showToast(result.toast);
  }

  function showToast(text) {
    const toast = $("toast");
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.hidden = true; }, 2500);
  }

  function showBanner(kind, text, items) {
    const banner = $("banner");
    banner.className = `banner ${kind}`;
    banner.replaceChildren();
    const line = document.createElement("div");
    line.textContent = text;
    banner.append(line);
    if (items.length) {
      const list = document.createElement("ul");
      for (const item of items) {
        const entry = document.createElement("li");
        entry.textContent = item;
        list.append(entry);
      }
      banner.append(list);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "×";
    close.title = "Hide";
    close.addEventListener("click", () => { banner.hidden = true; });
    banner.append(close);
    banner.hidden = false;
  }

  async function send(text) {
    apply(await call("/api/send", { text }));
  }

  async function press(data, messageId) {
    apply(await call("/api/press", { data, message_id: messageId }));
  }

  function fillLanguages(languages) {
    const select = $("language");
    select.replaceChildren(new Option("…", ""));
    for (const language of languages) select.append(new Option(language.name, language.data));
  }

  async function start() {
    const data = await call("/api/history");
    if (!data) return;
    fillLanguages(data.languages);
    for (const message of data.messages) place(message);
    messages.scrollTop = messages.scrollHeight;
    if (data.last_reload && !data.last_reload.ok) onReload(data.last_reload);
    if (!data.messages.length) await send("/start");
  }

  function onReload(event) {
    if (event.ok) {
      const changed = event.changed.length ? ` (${event.changed.join(", ")})` : "";
      showBanner(
        "ok",
        `Content reloaded at ${event.at}${changed}: version ${event.version}. ` +
          "New texts show from the next message or button.",
        [],
      );
    } else {
      const more = event.more ? [`…and ${event.more} more`] : [];
      showBanner(
        "error",
        `Your change at ${event.at} was refused: the bot keeps the previous content ` +
          `(version ${event.version}) until this is fixed:`,
        event.problems.concat(more),
      );
    }
    refreshLanguages();
    loadReport();
  }

  async function refreshLanguages() {
    const data = await call("/api/history");
    if (data) fillLanguages(data.languages);
  }

  async function loadReport() {
    const data = await call("/api/report");
    if (!data) return;
    const summary = $("summary");
    summary.textContent = data.ok
      ? `No errors, ${data.warnings} warning(s): the content is usable.`
      : `${data.errors} error(s), ${data.warnings} warning(s): the bot refuses these files.`;
    summary.className = `summary ${data.ok ? "ok" : "error"}`;
    const list = $("problems");
    list.replaceChildren();
    for (const problem of data.problems.slice(0, 300)) {
      const item = document.createElement("li");
      item.className = problem.severity;
      const where = document.createElement("b");
      where.textContent = problem.line ? `${problem.file}:${problem.line}` : problem.file;
      item.append(where, document.createTextNode(` ${problem.severity}: ${problem.message}`));
      list.append(item);
    }
    const table = $("coverage");
    table.replaceChildren();
    data.coverage.forEach((row, index) => {
      const line = table.insertRow();
      for (const cell of row) {
        const element = document.createElement(index === 0 ? "th" : "td");
        element.textContent = cell;
        element.dir = "auto";
        line.append(element);
      }
    });
    $("coverage-note").textContent = data.coverage_note;
    const recordings = $("recordings");
    recordings.replaceChildren();
    for (const item of data.audio || []) {
      const entry = document.createElement("li");
      const outdated = item.outdated.length ? `, ${item.outdated.length} outdated` : "";
      entry.textContent = `${item.language}: ${item.recorded} of ${item.total} lines recorded${outdated}`;
      recordings.append(entry);
    }
  }

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("text");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  for (const chip of document.querySelectorAll("[data-command]")) {
    chip.addEventListener("click", () => send(chip.dataset.command));
  }
  $("language").addEventListener("change", (event) => {
    const data = event.target.value;
    event.target.value = "";
    if (data) press(data, null);
  });
  $("new-user").addEventListener("click", async () => {
    if (!(await call("/api/new-user", {}))) return;
    messages.replaceChildren();
    shown.clear();
    await send("/start");
  });
  $("recheck").addEventListener("click", loadReport);

  const events = new EventSource("/api/events");
  events.addEventListener("reload", (event) => onReload(JSON.parse(event.data)));

  start().then(loadReport);
})();
