// Telegram HTML (the bot's message format) to safe DOM nodes: only Telegram's tags survive,
// everything else becomes plain text. Parsing happens in an inert <template>, so nothing in a
// message can run a script.
"use strict";

(function () {
  const TAGS = {
    B: "b", STRONG: "b", I: "i", EM: "i", U: "u", INS: "u", S: "s", STRIKE: "s", DEL: "s",
    CODE: "code", PRE: "pre", A: "a", BLOCKQUOTE: "blockquote", "TG-SPOILER": "span",
  };
  const SAFE_LINK = /^(https?:|tg:|mailto:)/i;

  function copy(from, into) {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        into.append(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const tag = TAGS[node.tagName];
        if (!tag) {
          copy(node, into);
          continue;
        }
        const element = document.createElement(tag);
        if (tag === "a") {
          const href = node.getAttribute("href") || "";
          if (SAFE_LINK.test(href)) {
            element.href = href;
            element.target = "_blank";
            element.rel = "noopener noreferrer";
          }
        }
        if (node.tagName === "TG-SPOILER") element.className = "spoiler";
        copy(node, element);
        into.append(element);
      }
    }
  }

  window.renderTelegramHtml = function (html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const fragment = document.createDocumentFragment();
    copy(template.content, fragment);
    return fragment;
  };
})();
