// The sandbox page: a Slack-like DM with Spar. Everything it shows comes from /sandbox/state,
// and everything the visitor does goes to the real app as a signed Slack request.
"use strict";

const POLL_MS = 500;
const GROUP_SECONDS = 5 * 60; // Slack folds a sender's messages within a few minutes under one name
const state = { user: null, users: [], team: null, version: null, tab: "messages", data: null, generation: 0 };
// What the visitor ticked or chose in a message, kept across re-renders (the app only learns it per action).
const controls = new Map();
const $ = (id) => document.getElementById(id);

function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function userName(id) {
  const found = state.users.find((u) => u.id === id);
  return found ? found.name : id;
}

function initials(name) {
  return String(name || "?").split(/\s+/).map((w) => w[0] || "").join("").slice(0, 2).toUpperCase();
}

// Slack's mrkdwn, rendered after escaping so nothing the app or a user typed becomes HTML.
// Code is set aside first so that *stars* and _underscores_ inside it stay literal.
// `typed`: what a person typed, which Slack shows as typed: "<!channel>" or "<https://x|y>" is no mention or link.
function mrkdwn(text, typed = false) {
  const stash = [];
  const keep = (html) => { stash.push(html); return `\u0000${stash.length - 1}\u0000`; };
  let html = escapeHtml(text);
  html = html.replace(/```\n?([\s\S]*?)\n?```\n?/g, (_, code) => keep(`<pre>${code}</pre>`));
  html = html.replace(/`([^`\n]+)`/g, (_, code) => keep(`<code>${code}</code>`));
  html = html.replace(/&lt;@([UW][A-Z0-9]+)(?:\|[^&]*)?&gt;/g, (_, id) => keep(`<span class="mention">@${escapeHtml(userName(id))}</span>`));
  if (!typed) {
    html = html.replace(/&lt;#C[A-Z0-9]+\|([^&]+?)&gt;/g, (_, name) => keep(`<span class="mention">#${name}</span>`));
    html = html.replace(/&lt;!(here|channel|everyone)(?:\|[^&]*)?&gt;/g, (_, name) => keep(`<span class="mention">@${name}</span>`));
    html = html.replace(/&lt;((?:https?:\/\/|mailto:)[^|\s]+?)(?:\|(.+?))?&gt;/g, (_, url, label) =>
      keep(`<a href="${url}" target="_blank" rel="noopener noreferrer">${label ?? url}</a>`));
    // What the app escaped for Slack (&lt; &gt; &amp;) shows as the character, as Slack shows it.
    html = html.replace(/&amp;(lt|gt|amp);/g, "&$1;");
  }
  html = html.replace(/^&gt;\s?/gm, "\u0001"); // a block quote line; marked now, drawn after the emphasis
  const edge = "(^|[\\s(\\[\"'\\u0001\\u2018\\u201c])";
  const after = "(?=$|[\\s).,!?:;\\]\"'\\u2019\\u201d])";
  html = html.replace(new RegExp(`${edge}\\*(?!\\s)([^*\\n]+?)\\*${after}`, "gm"), "$1<b>$2</b>");
  html = html.replace(new RegExp(`${edge}_(?!\\s)([^_\\n]+?)_${after}`, "gm"), "$1<i>$2</i>");
  html = html.replace(new RegExp(`${edge}~(?!\\s)([^~\\n]+?)~${after}`, "gm"), "$1<s>$2</s>");
  html = html.replace(/^\u0001(.*)$/gm, '<span class="quote">$1</span>');
  // Stashed pieces may hold other stashed pieces (a mention inside a link label): restore until none are left.
  while (/\u0000\d+\u0000/.test(html)) html = html.replace(/\u0000(\d+)\u0000/g, (_, i) => stash[Number(i)]);
  return html;
}

function textObject(obj) {
  if (!obj) return "";
  return obj.type === "mrkdwn" ? mrkdwn(obj.text) : escapeHtml(obj.text).replace(/\n/g, "<br>");
}

function el(tag, className, html) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
}

function showError(text) {
  $("error").textContent = text || "";
  $("error").hidden = !text;
}

async function post(path, body) {
  showError("");
  try {
    const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const data = await response.json().catch(() => ({ ok: false, error: `the sandbox answered ${response.status}` }));
    if (!data.ok) showError(data.error || "Something went wrong.");
    return data;
  } catch (err) {
    showError("The sandbox server is not answering. Is `make run` still running?");
    return { ok: false };
  }
}

function controlKey(ts, block, element) {
  return `${state.user}|${ts ?? "home"}|${block.block_id || ""}|${element.action_id}`;
}

async function sendAction(ts, block, element, extra, busyNode) {
  if (busyNode) busyNode.classList.add("busy");
  await post("/sandbox/action", {
    user: state.user, ts, type: element.type, block_id: block.block_id || "", action_id: element.action_id,
    value: element.value ?? "", ...extra,
  });
  if (busyNode) busyNode.classList.remove("busy");
  poll();
}

function renderElement(element, block, ts) {
  if (element.type === "button") {
    const button = el("button", `bk-button ${element.style || ""}`, escapeHtml(element.text?.text));
    button.type = "button";
    button.dataset.actionId = element.action_id;
    button.addEventListener("click", () => {
      if (element.url) window.open(element.url, "_blank", "noopener");
      sendAction(ts, block, element, {}, button);
    });
    return button;
  }
  if (element.type === "checkboxes") {
    const box = el("div", "checkboxes");
    box.dataset.actionId = element.action_id;
    const key = controlKey(ts, block, element);
    const ticked = controls.get(key) || new Set((element.initial_options || []).map((o) => o.value));
    for (const option of element.options || []) {
      const label = el("label");
      const input = el("input");
      input.type = "checkbox";
      input.value = option.value;
      input.checked = ticked.has(option.value);
      input.addEventListener("change", () => {
        const chosen = (element.options || []).filter((o) => box.querySelector(`input[value="${CSS.escape(o.value)}"]`)?.checked);
        controls.set(key, new Set(chosen.map((o) => o.value)));
        sendAction(ts, block, element, { selected_options: chosen });
      });
      const words = el("span", "option-text", textObject(option.text));
      if (option.description) words.append(el("small", "", textObject(option.description)));
      label.append(input, words);
      box.append(label);
    }
    return box;
  }
  if (element.type === "static_select") {
    const select = el("select", "bk-select");
    select.dataset.actionId = element.action_id;
    const placeholder = el("option", "", escapeHtml(element.placeholder?.text || "Choose…"));
    placeholder.value = "";
    placeholder.disabled = true;
    select.append(placeholder);
    const options = element.options || (element.option_groups || []).flatMap((g) => g.options || []);
    for (const option of options) {
      const item = el("option", "", escapeHtml(option.text?.text));
      item.value = option.value;
      select.append(item);
    }
    const key = controlKey(ts, block, element);
    select.value = controls.get(key) ?? element.initial_option?.value ?? "";
    select.addEventListener("change", () => {
      const option = options.find((o) => o.value === select.value);
      controls.set(key, select.value);
      if (option) sendAction(ts, block, element, { selected_options: [option] });
    });
    return select;
  }
  if (element.type === "image") {
    const image = el("img", "bk-image-element");
    image.src = element.image_url;
    image.alt = element.alt_text || "";
    return image;
  }
  if (element.type === "mrkdwn" || element.type === "plain_text") return el("span", "mrkdwn", textObject(element));
  return el("span", "unsupported", escapeHtml(`[${element.type}]`));
}

function renderBlocks(blocks, ts) {
  const container = el("div", "blocks");
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
      case "image": {
        node = el("div", "block image-block");
        if (block.title) node.append(el("div", "image-title", textObject(block.title)));
        node.append(Object.assign(el("img", "image"), { src: block.image_url, alt: block.alt_text || "" }));
        break;
      }
      case "section": {
        node = el("div", "block section");
        const body = el("div", "section-body");
        if (block.text) body.append(el("div", "mrkdwn", textObject(block.text)));
        if (block.fields) {
          const fields = el("div", "fields");
          for (const field of block.fields) fields.append(el("div", "mrkdwn", textObject(field)));
          body.append(fields);
        }
        node.append(body);
        if (block.accessory) {
          node.classList.add("with-accessory");
          const accessory = el("div", "accessory");
          accessory.append(renderElement(block.accessory, block, ts));
          node.append(accessory);
        }
        break;
      }
      default: node = el("div", "block unsupported", escapeHtml(`[${block.type} block]`)); break;
    }
    container.append(node);
  }
  return container;
}

function timeOf(ts) {
  return new Date(parseFloat(ts) * 1000).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
}

// A shared file: images inline, as Slack shows them. The stand-in's URL names the host the bot used to reach it,
// which may not be the one this page came from, so only its path is kept.
function renderFile(file) {
  const node = el("div", "file");
  const path = new URL(file.url_private, location.href).pathname;
  node.append(el("div", "file-title", escapeHtml(file.title || file.name)));
  if ((file.mimetype || "").startsWith("image/")) {
    const link = Object.assign(el("a"), { href: path, target: "_blank", rel: "noopener" });
    link.append(Object.assign(el("img", "file-image"), { src: path, alt: file.title || file.name }));
    node.append(link);
  } else {
    node.append(Object.assign(el("a", "", escapeHtml(file.name)), { href: path, target: "_blank", rel: "noopener" }));
  }
  return node;
}

function renderMessage(message, previous) {
  const fromBot = message.from === "bot";
  const sender = fromBot ? "bot" : message.user || state.user;
  const name = fromBot ? "Spar" : userName(sender);
  const row = el("div", `message ${fromBot ? "from-bot" : "from-user"}`);
  row.dataset.ts = message.ts;
  const previousSender = previous && (previous.from === "bot" ? "bot" : previous.user || state.user);
  const grouped = previous && previousSender === sender && !previous.ephemeral_user && !message.ephemeral_user
    && parseFloat(message.ts) - parseFloat(previous.ts) < GROUP_SECONDS;
  if (grouped) {
    row.classList.add("continued");
    row.append(el("div", "gutter", `<span class="when">${timeOf(message.ts).replace(/\s?[AP]M$/i, "")}</span>`));
  } else {
    row.append(el("div", `avatar ${fromBot ? "bot" : "user"}`, escapeHtml(fromBot ? "S" : initials(name))));
  }
  const body = el("div", "body");
  if (!grouped) {
    const badge = fromBot ? '<span class="app-badge">APP</span>' : "";
    body.append(el("div", "meta", `<span class="who">${escapeHtml(name)}</span>${badge}<span class="when">${timeOf(message.ts)}</span>`));
  }
  if (message.ephemeral_user) {
    row.classList.add("ephemeral");
    body.append(el("div", "ephemeral-note", "Only visible to you"));
  }
  if (message.blocks && message.blocks.length) body.append(renderBlocks(message.blocks, message.ts));
  else if (message.text || !message.files) body.append(el("div", "mrkdwn", mrkdwn(message.text, !fromBot)));
  for (const file of message.files || []) body.append(renderFile(file));
  row.append(body);
  return row;
}

function render() {
  const data = state.data;
  if (!data) return;
  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  const focused = document.activeElement;
  const focusedKey = focused && list.contains(focused) ? focused.closest(".message")?.dataset.ts : null;
  const rows = data.messages.map((m, i) => renderMessage(m, data.messages[i - 1]));
  list.replaceChildren(...(rows.length ? rows : [el("div", "empty-conversation", "This is the very beginning of your direct messages with <b>Spar</b>. Say <code>hi</code> to start.")]));
  if (atBottom) list.scrollTop = list.scrollHeight;
  if (focusedKey) list.querySelector(`.message[data-ts="${CSS.escape(focusedKey)}"] [data-action-id]`)?.focus({ preventScroll: true });
  const home = $("home");
  home.replaceChildren(data.home ? renderBlocks(data.home.blocks || [], null) : el("div", "empty", "Opening your Home tab…"));
}

function renderPicker() {
  const picker = $("user-picker");
  picker.replaceChildren(...state.users.map((user) => {
    const button = el("button", user.id === state.user ? "active" : "");
    button.type = "button";
    button.dataset.userId = user.id;
    const roleWord = user.role ? user.role[0].toUpperCase() + user.role.slice(1) : "";
    const showRole = roleWord && !(user.title || "").toLowerCase().includes(user.role.toLowerCase());
    const role = [user.title, showRole ? roleWord : null].filter(Boolean).join(" · ");
    button.innerHTML = `<span class="avatar user">${escapeHtml(initials(user.name))}</span><span class="picker-text">${escapeHtml(user.name)}<small>${escapeHtml(role)}</small></span>`;
    button.addEventListener("click", () => pickUser(user.id));
    return button;
  }));
}

function showTab(tab) {
  state.tab = tab;
  $("tab-messages").classList.toggle("active", tab === "messages");
  $("tab-home").classList.toggle("active", tab === "home");
  $("tab-messages").setAttribute("aria-selected", String(tab === "messages"));
  $("tab-home").setAttribute("aria-selected", String(tab === "home"));
  if (!state.user) return;
  $("messages-pane").hidden = tab !== "messages";
  $("home").hidden = tab !== "home";
  if (tab === "home") post("/sandbox/home", { user: state.user }).then(poll);
  else $("composer").focus();
}

function pickUser(id) {
  if (id === state.user) return;
  state.user = id;
  state.version = null;
  state.data = null;
  state.generation += 1; // answers to polls made for the previous user are dropped
  showError("");
  $("messages").replaceChildren();
  $("home").replaceChildren();
  $("pick-first").hidden = true;
  const me = state.users.find((u) => u.id === id);
  $("composer").placeholder = `Message Spar as ${me ? me.name : id}`;
  renderPicker();
  showTab(state.tab);
  poll();
}

let polling = false;
async function poll() {
  if (polling) return;
  polling = true;
  const generation = state.generation;
  const params = new URLSearchParams({ user: state.user || "" });
  if (state.version !== null) params.set("since", state.version);
  try {
    const response = await fetch(`/sandbox/state?${params}`);
    const data = await response.json();
    if (generation === state.generation && !data.unchanged) {
      if (data.users && JSON.stringify(data.users) !== JSON.stringify(state.users)) { state.users = data.users; renderPicker(); }
      if (data.team) { state.team = data.team; $("workspace").textContent = data.team.name; document.title = `Spar · ${data.team.name}`; }
      state.version = data.version;
      if (state.user) { state.data = data; render(); }
    }
  } catch (err) {
    // The server may be restarting; the next poll tries again.
  } finally {
    polling = false;
  }
}

async function send() {
  const composer = $("composer");
  const text = composer.value.trim();
  if (!text || !state.user) return;
  $("send").disabled = true;
  const result = await post("/sandbox/send", { user: state.user, text });
  $("send").disabled = false;
  if (result.ok) composer.value = "";
  $("messages").scrollTop = $("messages").scrollHeight;
  poll();
}

$("composer-form").addEventListener("submit", (event) => { event.preventDefault(); send(); });
$("composer").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); send(); }
});
$("tab-messages").addEventListener("click", () => showTab("messages"));
$("tab-home").addEventListener("click", () => showTab("home"));
poll();
setInterval(poll, POLL_MS);
