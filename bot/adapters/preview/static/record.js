// The Record page: one row per recordable line; MediaRecorder records it, the server stores
// it as OGG/Opus (Chromium records WebM; the server moves the Opus audio into OGG).
const params = new URLSearchParams(location.search);
const state = { language: params.get("language") || "", country: params.get("country") || "", recorder: null };

function query() {
  const country = state.country ? `&country=${encodeURIComponent(state.country)}` : "";
  return `?language=${encodeURIComponent(state.language || "en")}${country}`;
}

function recordingType() {
  for (const type of ["audio/ogg;codecs=opus", "audio/webm;codecs=opus"]) {
    if (window.MediaRecorder && MediaRecorder.isTypeSupported(type)) return type;
  }
  return "";
}

function say(text) {
  document.getElementById("status").textContent = text;
}

async function load() {
  const response = await fetch(`/api/recordings${query()}`);
  const data = await response.json();
  state.language = data.language;
  state.country = data.country;
  const countries = document.getElementById("country");
  countries.replaceChildren();
  for (const item of [{ code: "", name: "Other country (general texts)" }, ...data.countries]) {
    const option = document.createElement("option");
    option.value = item.code;
    option.textContent = item.name;
    option.selected = item.code === data.country;
    countries.append(option);
  }
  const select = document.getElementById("language");
  select.replaceChildren();
  for (const item of data.languages) {
    const option = document.createElement("option");
    option.value = item.code;
    option.textContent = item.name;
    option.selected = item.code === data.language;
    select.append(option);
  }
  const body = document.querySelector("#lines tbody");
  body.replaceChildren();
  let recorded = 0;
  for (const line of data.lines) {
    if (line.status === "recorded") recorded += 1;
    const tr = document.createElement("tr");
    tr.dataset.key = line.key;
    tr.dataset.status = line.status;
    const key = document.createElement("td");
    key.textContent = line.key;
    const words = document.createElement("td");
    words.textContent = line.text;
    words.lang = data.language;
    words.dir = "auto";
    const status = document.createElement("td");
    status.textContent = line.offered ? `${line.status}, offered by the bot` : line.status;
    const action = document.createElement("td");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Record";
    button.setAttribute("aria-label", `Record ${line.key}`);
    button.addEventListener("click", () => toggle(line.key, button));
    action.append(button);
    const listen = document.createElement("td");
    if (line.url) {
      const audio = document.createElement("audio");
      audio.controls = true;
      audio.src = `${line.url}?t=${Date.now()}`;
      listen.append(audio);
    }
    tr.append(key, words, status, action, listen);
    body.append(tr);
  }
  document.getElementById("recorded").textContent = `${recorded} of ${data.lines.length} recorded`;
}

async function toggle(key, button) {
  if (state.recorder) {
    state.recorder.stop();
    return;
  }
  const type = recordingType();
  if (!type) {
    say("This browser cannot record Opus audio: try Chromium or Firefox.");
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (error) {
    say(`No microphone: ${error.message}`);
    return;
  }
  const chunks = [];
  const recorder = new MediaRecorder(stream, { mimeType: type });
  state.recorder = recorder;
  recorder.addEventListener("dataavailable", (event) => chunks.push(event.data));
  recorder.addEventListener("stop", async () => {
    stream.getTracks().forEach((track) => track.stop());
    state.recorder = null;
    button.textContent = "Record";
    say("Saving…");
    const response = await fetch(`/api/recordings/${state.language}/${key}.ogg${query()}`, {
      method: "POST",
      headers: { "Content-Type": type.split(";")[0] },
      body: new Blob(chunks, { type }),
    });
    const result = await response.json();
    const offered = result.offered ? "; the bot offers it now" : "";
    say(result.saved ? `Saved ${result.saved}${offered}` : result.error);
    await load();
  });
  recorder.start();
  button.textContent = "Stop";
  say(`Recording ${key}… press Stop when you have said it.`);
}

document.getElementById("country").addEventListener("change", (event) => {
  state.country = event.target.value;
  load();
});
document.getElementById("language").addEventListener("change", (event) => {
  state.language = event.target.value;
  load();
});
load();
