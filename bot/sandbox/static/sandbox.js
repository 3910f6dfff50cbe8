// The sandbox page: a Slack-like DM with Spar. Everything it shows comes from /sandbox/state,
// and everything the visitor does goes to the real app as a signed Slack request.
"use strict";

const state = { user: null, users: [], version: null, tab: "messages", data: null };
const $ = (id) => document.getElementById(id);

function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function userName(id) {
  const found = state.users.find((u) => u.id === id);
  return found ? found.name : id;
}

function initials(name) {
  return name.split(/\s+/).map((w) => w[0] || "").join("").slice(0, 2).toUpperCase();
}

// Slack's mrkdwn, rendered after escaping so nothing the app or a user typed becomes HTML.
function mrkdwn(text) {
  let html = escapeHtml(text);
  const codeBlocks = [];
  html = html.replace(/```([\s\S]*?)```/g, (_, code) => { codeBlocks.push(code); return `\u0000${codeBlocks.length - 1}\u0000`; });
  html = html.replace(/`([^`\n]+)`/g, "<code>$1</code>");
  html = html.replace(/^&gt;(.*)$/gm, '<span class="quote">$1</span>');
  html = html.replace(/&lt;@([UW][A-Z0-9]+)&gt;/g, (_, id) => `<span class="mention">@${escapeHtml(userName(id))}</span>`);
  html = html.replace(/&lt;(https?:\/\/[^|&]+)\|([^&]+?)&gt;/g, '<a href="$1" target="_blank" rel="noopener">$2</a>');
  html = html.replace(/&lt;(https?:\/\/[^&]+?)&gt;/g, '<a href="$1" target="_blank" rel="noopener">$1</a>');
  html = html.replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,!?:;]|$)/g, "$1<b>$2</b>");
  html = html.replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,!?:;]|$)/g, "$1<i>$2</i>");
  html = html.replace(/(^|[\s(])~([^~\n]+)~(?=[\s).,!?:;]|$)/g, "$1<s>$2</s>");
  return html.replace(/\u0000(\d+)\u0000/g, (_, i) => `<pre>${codeBlocks[Number(i)]}</pre>`);
}

function textObject(obj) {
  if (!obj) return "";
  return obj.type === "mrkdwn" ? mrkdwn(obj.text) : escapeHtml(obj.text);
}

function el(tag, className, html) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
}

async function post(path, body) {
  $("error").textContent = "";
  try {
    const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const data = await response.json();
    if (!data.ok) $("error").textContent = data.error || "Something went wrong.";
    return data;
  } catch (err) {
    $("error").textContent = "The sandbox server is not answering. Is `make run` still running?";
    return { ok: false };
  }
}

function sendAction(ts, block, element, extra) {
  post("/sandbox/action", {
    user: state.user, ts, type: element.type, block_id: block.block_id || "", action_id: element.action_id,
    value: element.value, ...extra,
  });
}

function renderElement(element, block, ts) {
  if (element.type === "button") {
    const button = el("button", `bk-button ${element.style || ""}`, escapeHtml(element.text?.text));
    button.type = "button";
    button.dataset.actionId = element.action_id;
    button.addEventListener("click", () => sendAction(ts, block, element));
    return button;
  }
  if (element.type === "checkboxes") {
    const box = el("div", "checkboxes");
    const initial = new Set((element.initial_options || []).map((o) => o.value));
    for (const option of element.options || []) {
      const label = el("label");
      const input = el("input");
      input.type = "checkbox";
      input.value = option.value;
      input.checked = initial.has(option.value);
      input.dataset.actionId = element.action_id;
      input.addEventListener("change", () => {
        const chosen = [...box.querySelectorAll("input:checked")].map((i) => (element.options || []).find((o) => o.value === i.value));
        sendAction(ts, block, element, { selected_options: chosen });
      });
      label.append(input, " ");
      label.insertAdjacentHTML("beforeend", textObject(option.text));
      box.append(label);
    }
    return box;
  }
  if (element.type === "static_select") {
    const select = el("select");
    select.dataset.actionId = element.action_id;
    select.append(el("option", "", escapeHtml(element.placeholder?.text || "Choose…")));
    for (const option of element.options || []) {
      const item = el("option", "", escapeHtml(option.text?.text));
      item.value = option.value;
      select.append(item);
    }
    select.addEventListener("change", () => {
      const option = (element.options || []).find((o) => o.value === select.value);
      if (option) sendAction(ts, block, element, { selected_options: [option] });
    });
    return select;
  }
  if (element.type === "image") {
    const image = el("img");
    image.src = element.image_url;
    image.alt = element.alt_text || "";
    return image;
  }
  return el("span", "", textObject(element));
}

function renderBlocks(blocks, ts) {
  const container = el("div");
  for (const block of blocks) {
    let node;
    switch (block.type) {
      case "header": node = el("div", "block header", escapeHtml(block.text?.text)); break;
      case "divider": node = el("hr", "block divider"); break;
      case "context":
        node = el("div", "block context");
        for (const part of block.elements || []) node.append(renderElement(part, block, ts));
        break;
      case "actions":
        node = el("div", "block actions");
        for (const element of block.elements || []) node.append(renderElement(element, block, ts));
        break;
      case "image":
        node = el("div", "block");
        node.append(Object.assign(el("img", "image"), { src: block.image_url, alt: block.alt_text || "" }));
        break;
      case "section": {
        node = el("div", "block section");
        const body = el("div", "mrkdwn", textObject(block.text));
        if (block.fields) {
          const fields = el("div", "block fields");
          for (const field of block.fields) fields.append(el("div", "mrkdwn", textObject(field)));
          body.append(fields);
        }
        if (block.accessory) {
          node.className += " section-with-accessory";
          node.append(body, renderElement(block.accessory, block, ts));
        } else {
          node.append(body);
        }
        break;
      }
      default: node = el("div", "block"); break;
    }
    container.append(node);
  }
  return container;
}

function renderMessage(message) {
  const fromBot = message.from === "bot";
  const name = fromBot ? "Spar" : userName(message.user || state.user);
  const row = el("div", `message ${fromBot ? "from-bot" : "from-user"}`);
  row.dataset.ts = message.ts;
  row.append(el("div", `avatar ${fromBot ? "bot" : "user"}`, escapeHtml(fromBot ? "S" : initials(name))));
  const body = el("div", "body");
  const when = new Date(parseFloat(message.ts) * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  body.append(el("div", "", `<span class="who">${escapeHtml(name)}</span><span class="when">${when}</span>`));
  if (message.ephemeral_user) body.append(el("div", "ephemeral-note", "Only visible to you"));
  body.append(message.blocks ? renderBlocks(message.blocks, message.ts) : el("div", "mrkdwn", mrkdwn(message.text)));
  row.append(body);
  return row;
}

function render() {
  const data = state.data;
  if (!data) return;
  $("workspace").textContent = data.team?.name || "Sandbox";
  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...data.messages.map(renderMessage));
  if (atBottom) list.scrollTop = list.scrollHeight;
  const home = $("home");
  home.replaceChildren(data.home ? renderBlocks(data.home.blocks || [], null) : el("div", "empty", "Loading your Home tab…"));
}

function renderPicker() {
  const picker = $("user-picker");
  picker.replaceChildren(...state.users.map((user) => {
    const button = el("button", user.id === state.user ? "active" : "");
    button.type = "button";
    button.dataset.userId = user.id;
    button.innerHTML = `<span class="avatar user">${escapeHtml(initials(user.name))}</span><span>${escapeHtml(user.name)}<small>${escapeHtml(user.title || user.role)}</small></span>`;
    button.addEventListener("click", () => pickUser(user.id));
    return button;
  }));
}

function showTab(tab) {
  state.tab = tab;
  $("tab-messages").classList.toggle("active", tab === "messages");
  $("tab-home").classList.toggle("active", tab === "home");
  if (!state.user) return;
  $("messages-pane").hidden = tab !== "messages";
  $("home").hidden = tab !== "home";
  if (tab === "home") post("/sandbox/home", { user: state.user });
}

function pickUser(id) {
  state.user = id;
  state.version = null;
  state.data = null;
  $("pick-first").hidden = true;
  renderPicker();
  showTab(state.tab);
  poll();
  $("composer").focus();
}

async function poll() {
  const params = new URLSearchParams({ user: state.user || "" });
  if (state.version !== null) params.set("since", state.version);
  try {
    const response = await fetch(`/sandbox/state?${params}`);
    const data = await response.json();
    if (!data.unchanged) {
      if (!state.users.length) { state.users = data.users; renderPicker(); }
      state.version = data.version;
      if (state.user) { state.data = data; render(); } else { $("workspace").textContent = data.team?.name || "Sandbox"; }
    }
  } catch (err) {
    // The server may be restarting; the next poll tries again.
  }
}

async function send() {
  const text = $("composer").value.trim();
  if (!text || !state.user) return;
  const result = await post("/sandbox/send", { user: state.user, text });
  if (result.ok) $("composer").value = "";
  poll();
}

$("composer-form").addEventListener("submit", (event) => { event.preventDefault(); send(); });
$("composer").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); send(); }
});
$("tab-messages").addEventListener("click", () => showTab("messages"));
$("tab-home").addEventListener("click", () => showTab("home"));
poll();
setInterval(poll, 500);
