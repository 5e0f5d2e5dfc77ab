// The reviewers' page: one table per question, verdict and FAQ topic; one column per language.
"use strict";

(function () {
  const STATUS = { missing: "missing – English shown", outdated: "outdated" };

  function cell(row, language) {
    const data = row.cells[language.code] || { html: "", status: "missing" };
    const element = document.createElement("td");
    element.dir = language.direction;
    element.lang = language.code;
    element.className = data.status;
    if (STATUS[data.status]) {
      const badge = document.createElement("div");
      badge.className = `badge ${data.status}`;
      badge.textContent = STATUS[data.status];
      element.append(badge);
    }
    const text = document.createElement("div");
    text.className = "text";
    text.append(window.renderTelegramHtml(data.html));
    element.append(text);
    return element;
  }

  function draw(data) {
    const root = document.getElementById("sections");
    root.replaceChildren();
    for (const section of data.sections) {
      const heading = document.createElement("h2");
      heading.textContent = section.title;
      const table = document.createElement("table");
      const head = table.createTHead().insertRow();
      const corner = document.createElement("th");
      corner.className = "label";
      head.append(corner);
      for (const language of data.languages) {
        const th = document.createElement("th");
        th.textContent = `${language.name} (${language.code})`;
        th.dir = "auto";
        head.append(th);
      }
      const body = table.createTBody();
      for (const row of section.rows) {
        const line = body.insertRow();
        const label = document.createElement("td");
        label.className = "label";
        label.textContent = row.label;
        label.title = row.path;
        line.append(label);
        for (const language of data.languages) line.append(cell(row, language));
      }
      root.append(heading, table);
    }
  }

  function banner(text, items) {
    const element = document.getElementById("banner");
    element.className = "banner error";
    element.textContent = text;
    if (items && items.length) {
      const list = document.createElement("ul");
      for (const item of items) {
        const entry = document.createElement("li");
        entry.textContent = item;
        list.append(entry);
      }
      element.append(list);
    }
    element.hidden = false;
  }

  async function load() {
    const response = await fetch("/api/review", { credentials: "same-origin" });
    const data = await response.json();
    if (!response.ok) {
      banner(data.error, data.problems);
      return;
    }
    if (data.stale) {
      banner("The files have errors: this shows the last content that loaded. See the checker on the chat page.");
    }
    draw(data);
  }

  const events = new EventSource("/api/events");
  events.addEventListener("reload", load);
  load();
})();
