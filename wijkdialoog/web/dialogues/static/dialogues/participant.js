/* The participant's live page: progressive enhancement of dialogues/participant.html.
 *
 * Opens the dialogue's websocket (protocol: wijkdialoog/web/dialogues/consumers.py),
 * renders its frames into the elements the server rendered, and, once the socket has
 * worked, sends the page's forms as frames instead of POSTs. Frames not acknowledged
 * yet are kept in sessionStorage and sent again after a reconnect: the server answers
 * a repeated ref without applying it twice. Drafts are kept there too.
 */
(function () {
  "use strict";

  const root = document.getElementById("live");
  const stringsNode = document.getElementById("wd-strings");
  if (!root || !stringsNode || !("WebSocket" in window)) {
    return; // the plain forms keep working
  }

  const S = JSON.parse(stringsNode.textContent);
  const code = root.dataset.code;
  const byId = (id) => document.getElementById(id);
  const el = {
    online: byId("online"),
    connection: byId("connection"),
    notices: byId("notices"),
    alert: byId("alert"),
    success: byId("success"),
    closed: byId("closed"),
    waiting: byId("waiting-room"),
    item: byId("item"),
    itemTitle: byId("item-title"),
    intro: byId("item-introduction"),
    video: byId("item-video"),
    videoLink: byId("item-video-link"),
    postForm: byId("post-form"),
    text: byId("statement-text"),
    charsLeft: byId("chars-left"),
    pollForm: byId("poll-form"),
    pollItem: byId("poll-item"),
    pollOptions: byId("poll-options"),
    explanation: byId("poll-explanation"),
    pollAnswered: byId("poll-answered"),
    pollAnswer: byId("poll-answer"),
    inbox: byId("inbox"),
    announce: byId("inbox-announce"),
    statement: byId("inbox-statement"),
    reactionTo: byId("statement-reaction-to"),
    reactionToText: byId("statement-reaction-to-text"),
    body: byId("statement-body"),
    voteForm: byId("vote-form"),
    react: byId("react"),
    reactForm: byId("react-form"),
    reactionText: byId("reaction-text"),
    more: byId("inbox-more"),
    empty: byId("inbox-empty"),
  };

  const MIN_DELAY_MS = 1000;
  const MAX_DELAY_MS = 30000;

  let socket = null;
  let attempts = 0;
  let reconnectTimer = null;
  let everOpened = false; // until the socket works, the forms POST as without JavaScript
  let finished = false; // the dialogue closed, or this device is not a participant
  let leaving = false;
  let itemId = root.dataset.item || "";
  let itemKind = root.dataset.kind || "";
  let statementId = root.dataset.statement || "";
  let maxChars = el.text.maxLength > 0 ? el.text.maxLength : 280;

  // Words ----------------------------------------------------------------------

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
  }

  function plural(forms, count) {
    return format(forms[count === 1 ? 0 : 1], { count: count });
  }

  // Storage: sessionStorage may be missing or full (private mode); then we go without.

  const store = {
    get(key, fallback) {
      try {
        const value = sessionStorage.getItem(key);
        return value === null ? fallback : JSON.parse(value);
      } catch (error) {
        return fallback;
      }
    },
    set(key, value) {
      try {
        sessionStorage.setItem(key, JSON.stringify(value));
      } catch (error) {
        /* nothing kept, nothing lost that the page does not show */
      }
    },
    remove(key) {
      try {
        sessionStorage.removeItem(key);
      } catch (error) {
        /* as above */
      }
    },
  };

  const pendingKey = "wd:" + code + ":pending";
  const draftKey = (name) => "wd:" + code + ":draft:" + itemId + ":" + name;
  const reactionKey = () => draftKey("reaction:" + statementId);

  function pendingFrames() {
    return store.get(pendingKey, []);
  }

  function addPending(frame) {
    store.set(pendingKey, pendingFrames().concat([frame]));
  }

  function takePending(ref) {
    const frames = pendingFrames();
    const found = frames.find((frame) => frame.ref === ref) || null;
    store.set(
      pendingKey,
      frames.filter((frame) => frame.ref !== ref),
    );
    return found;
  }

  function newRef() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // The connection ---------------------------------------------------------------

  function connect() {
    if (finished || leaving || socket) {
      return;
    }
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.dataset.wsPath);
    socket.addEventListener("open", onOpen);
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", onClose);
  }

  function onOpen() {
    const wasDown = everOpened;
    attempts = 0;
    everOpened = true;
    document.querySelectorAll(".no-js-only").forEach((node) => {
      node.hidden = true;
    });
    setConnection(wasDown ? S.connected : "");
    if (wasDown) {
      window.setTimeout(() => setConnection(""), 3000);
    }
    pendingFrames().forEach((frame) => socket.send(JSON.stringify(frame)));
  }

  function onClose(event) {
    socket = null;
    if (finished || leaving) {
      return;
    }
    if (event.code === 4403) {
      finished = true;
      showAlert(S.not_allowed);
      return;
    }
    if (everOpened) {
      setConnection(S.reconnecting);
    }
    scheduleReconnect();
  }

  function scheduleReconnect() {
    window.clearTimeout(reconnectTimer);
    const ceiling = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempts);
    const delay = Math.max(MIN_DELAY_MS, ceiling / 2 + (Math.random() * ceiling) / 2);
    attempts += 1;
    reconnectTimer = window.setTimeout(connect, delay);
  }

  function reconnectNow() {
    if (!socket && !finished) {
      window.clearTimeout(reconnectTimer);
      connect();
    }
  }

  function send(frame) {
    frame.ref = newRef();
    addPending(frame);
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
    } else {
      setConnection(S.reconnecting);
      reconnectNow();
    }
  }

  function onMessage(event) {
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    const handler = handlers[frame.type];
    if (handler) {
      handler(frame);
    }
  }

  const handlers = {
    state: renderState,
    inbox: renderInbox,
    online: (frame) => renderOnline(frame.online),
    notice: (frame) => showNotice(frame.text),
    closed: showClosed,
    ack: onAck,
    error: onError,
  };

  // Rendering frames into the page -------------------------------------------------

  function renderState(frame) {
    if (frame.status === "closed") {
      showClosed();
      return;
    }
    renderOnline(frame.online);
    maxChars = frame.max_chars;
    el.text.maxLength = maxChars;
    el.reactionText.maxLength = maxChars;
    renderItem(frame.item, frame.poll_answer);
    renderInbox(frame.inbox);
  }

  function renderOnline(count) {
    el.online.textContent = plural(S.online, count);
  }

  function renderItem(item, pollAnswer) {
    el.waiting.hidden = Boolean(item);
    el.item.hidden = !item;
    itemKind = item ? item.kind : "";
    if (!item) {
      itemId = "";
      return;
    }
    el.itemTitle.textContent = item.title;
    el.intro.textContent = item.introduction;
    el.intro.hidden = !item.introduction;
    el.video.hidden = !item.video_url;
    el.videoLink.href = item.video_url || "#";
    if (String(item.id) !== itemId) {
      itemId = String(item.id);
      startItem(item);
    }
    el.postForm.hidden = item.kind !== "question";
    el.pollForm.hidden = item.kind !== "poll" || Boolean(pollAnswer);
    el.pollAnswered.hidden = !pollAnswer;
    el.pollAnswer.textContent = pollAnswer || "";
  }

  function startItem(item) {
    const prefill = item.hashtag ? item.hashtag + " " : "";
    el.text.dataset.prefill = prefill;
    el.text.value = store.get(draftKey("statement"), prefill);
    updateCounter();
    el.pollItem.value = item.id;
    el.explanation.value = "";
    renderPollOptions(item.options || []);
    setBusy(el.pollForm, false);
  }

  function renderPollOptions(options) {
    el.pollOptions.replaceChildren(
      ...options.map((option, index) => {
        const wrapper = document.createElement("div");
        wrapper.className = "option";
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "option";
        input.id = "poll-option-" + (index + 1);
        input.value = option;
        input.required = true;
        const label = document.createElement("label");
        label.htmlFor = input.id;
        label.textContent = option;
        wrapper.append(input, label);
        return wrapper;
      }),
    );
  }

  function renderInbox(inbox) {
    const first = inbox.statements[0];
    const hadFocus = el.statement.contains(document.activeElement);
    el.inbox.hidden = itemKind !== "question" && !first;
    el.statement.hidden = !first;
    el.empty.hidden = Boolean(first);
    const more = inbox.waiting - 1;
    el.more.hidden = !first || more < 1;
    el.more.textContent = plural(S.more, more);
    if (!first) {
      statementId = "";
      if (hadFocus) {
        el.empty.tabIndex = -1;
        el.empty.focus();
      }
      return;
    }
    if (String(first.id) !== statementId) {
      showStatement(first);
    }
    const votePending = pendingFrames().some(
      (frame) => frame.type === "vote" && String(frame.statement) === statementId,
    );
    setBusy(el.voteForm, votePending);
  }

  function showStatement(statement) {
    statementId = String(statement.id);
    el.body.textContent = statement.text;
    el.reactionTo.hidden = !statement.reaction_to_text;
    el.reactionToText.textContent = statement.reaction_to_text || "";
    document.querySelectorAll(".js-statement-id").forEach((input) => {
      input.value = statementId;
    });
    el.reactionText.value = store.get(reactionKey(), "");
    el.react.open = Boolean(el.reactionText.value);
    announce(format(S.new_statement, { text: statement.text }));
  }

  function announce(text) {
    // Emptied first, so a screen reader also reads a text equal to the last one.
    el.announce.textContent = "";
    window.setTimeout(() => {
      el.announce.textContent = text;
    }, 100);
  }

  function showClosed() {
    finished = true;
    el.closed.hidden = false;
    el.waiting.hidden = true;
    el.item.hidden = true;
    el.inbox.hidden = true;
    setConnection("");
  }

  function showNotice(text) {
    const banner = document.createElement("div");
    banner.className = "notice";
    const message = document.createElement("p");
    message.textContent = text;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "button notice__close";
    close.textContent = S.close;
    close.addEventListener("click", () => banner.remove());
    banner.append(message, close);
    el.notices.append(banner);
  }

  function setConnection(text) {
    el.connection.textContent = text;
  }

  function showAlert(text) {
    el.success.textContent = "";
    el.alert.textContent = text;
  }

  function showSuccess(text) {
    el.alert.textContent = "";
    el.success.textContent = text;
  }

  function setBusy(form, busy) {
    // aria-disabled, not disabled: the focused button keeps its focus.
    form.setAttribute("aria-busy", String(busy));
    form.querySelectorAll("button").forEach((button) => {
      button.setAttribute("aria-disabled", String(busy));
    });
  }

  function isBusy(form) {
    return form.getAttribute("aria-busy") === "true";
  }

  // Answers to what we sent ------------------------------------------------------------

  function onAck(frame) {
    const sent = takePending(frame.ref);
    if (!sent) {
      return;
    }
    if (sent.type === "post") {
      showSuccess(sent.reaction_to ? S.reacted : S.posted);
    } else if (sent.type === "vote") {
      showSuccess(S.voted);
    } else if (sent.type === "poll") {
      const hadFocus = el.pollForm.contains(document.activeElement);
      setBusy(el.pollForm, false);
      el.pollForm.hidden = true;
      el.pollAnswered.hidden = false;
      el.pollAnswer.textContent = sent.option;
      showSuccess(S.answered);
      if (hadFocus) {
        el.pollAnswered.tabIndex = -1; // the form is gone: keep keyboard users in place
        el.pollAnswered.focus();
      }
    }
  }

  function onError(frame) {
    const sent = frame.ref ? takePending(frame.ref) : null;
    if (frame.code === "dialogue_closed") {
      showClosed();
      return;
    }
    if (sent && sent.type === "vote") {
      setBusy(el.voteForm, false);
      if (frame.code === "already_voted") {
        return; // a resend of a vote that did arrive: done
      }
    }
    if (sent && sent.type === "poll") {
      setBusy(el.pollForm, false);
    }
    if (sent && sent.type === "post") {
      giveBackText(sent);
    }
    showAlert(frame.message);
  }

  function giveBackText(sent) {
    const isReaction = Boolean(sent.reaction_to);
    if (isReaction && String(sent.reaction_to) !== statementId) {
      return; // that statement is gone from the page
    }
    const box = isReaction ? el.reactionText : el.text;
    const untouched = box.value.trim() === "" || box.value === (box.dataset.prefill || "");
    if (untouched) {
      box.value = sent.text;
      saveDraft(box);
    }
    if (isReaction) {
      el.react.open = true;
    }
    updateCounter();
  }

  // Forms into frames ---------------------------------------------------------------------

  function intercept(form, build) {
    form.addEventListener("submit", (event) => {
      if (!everOpened) {
        return; // no socket yet: the form POSTs as it would without JavaScript
      }
      event.preventDefault();
      const frame = build(event);
      if (frame) {
        el.alert.textContent = "";
        send(frame);
      }
    });
  }

  function textOf(box) {
    return box.value.replace(/\r\n/g, "\n");
  }

  function isEmpty(text, prefill) {
    return text.trim() === "" || text.trim() === (prefill || "").trim();
  }

  intercept(el.postForm, () => {
    const text = textOf(el.text);
    if (isEmpty(text, el.text.dataset.prefill)) {
      showAlert(S.empty);
      el.text.focus();
      return null;
    }
    el.text.value = el.text.dataset.prefill || "";
    saveDraft(el.text);
    updateCounter();
    return { type: "post", text: text };
  });

  let lastVoteButton = null;
  el.voteForm.addEventListener("click", (event) => {
    lastVoteButton = event.target.closest("button[name=vote]");
  });

  intercept(el.voteForm, (event) => {
    const button = event.submitter || lastVoteButton;
    if (!button || !statementId || isBusy(el.voteForm)) {
      return null;
    }
    setBusy(el.voteForm, true);
    return { type: "vote", statement: Number(statementId), vote: button.value };
  });

  intercept(el.reactForm, () => {
    const text = textOf(el.reactionText);
    if (isEmpty(text, "") || !statementId) {
      showAlert(S.empty);
      el.reactionText.focus();
      return null;
    }
    el.reactionText.value = "";
    saveDraft(el.reactionText);
    el.react.open = false;
    return { type: "post", text: text, reaction_to: Number(statementId) };
  });

  intercept(el.pollForm, () => {
    const checked = el.pollForm.querySelector("input[name=option]:checked");
    if (!checked || !itemId || isBusy(el.pollForm)) {
      return null;
    }
    setBusy(el.pollForm, true);
    return {
      type: "poll",
      item: Number(itemId),
      option: checked.value,
      explanation: el.explanation.value.trim(),
    };
  });

  // Drafts and the character counter -------------------------------------------------

  function saveDraft(box) {
    const key = box === el.text ? draftKey("statement") : reactionKey();
    const prefill = box.dataset.prefill || "";
    if (box.value === prefill || box.value === "") {
      store.remove(key);
    } else {
      store.set(key, box.value);
    }
  }

  function updateCounter() {
    const left = Math.max(0, maxChars - el.text.value.length);
    el.charsLeft.textContent = plural(S.chars_left, left);
  }

  el.text.addEventListener("input", () => {
    saveDraft(el.text);
    updateCounter();
  });
  el.reactionText.addEventListener("input", () => saveDraft(el.reactionText));

  function restoreDrafts() {
    // A refused POST already gave its text back; otherwise take what this tab kept.
    if (itemId && el.text.value === (el.text.dataset.prefill || "")) {
      el.text.value = store.get(draftKey("statement"), el.text.value);
    }
    if (statementId && el.reactionText.value === "") {
      el.reactionText.value = store.get(reactionKey(), "");
      el.react.open = Boolean(el.reactionText.value);
    }
    updateCounter();
  }

  // Start -------------------------------------------------------------------------------

  window.addEventListener("online", reconnectNow);
  window.addEventListener("pagehide", () => {
    leaving = true;
    if (socket) {
      socket.close();
    }
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      leaving = false;
      reconnectNow();
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") {
      return;
    }
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "sync" }));
    } else {
      reconnectNow();
    }
  });

  if (root.dataset.status === "closed") {
    return;
  }
  restoreDrafts();
  connect();
})();
