// Fills the table of unanswered questions from /api/unanswered; every text goes in as text.
async function showUnanswered() {
  const response = await fetch("/api/unanswered");
  const data = await response.json();
  const body = document.querySelector("#unanswered tbody");
  body.replaceChildren();
  for (const row of data.questions) {
    const tr = document.createElement("tr");
    for (const value of [row.language, String(row.count), row.text, row.now_topic || "none"]) {
      const td = document.createElement("td");
      td.textContent = value;
      tr.append(td);
    }
    tr.children[2].lang = row.language;
    tr.children[2].dir = "auto";
    body.append(tr);
  }
  document.getElementById("empty").hidden = data.questions.length > 0;
}
showUnanswered();
