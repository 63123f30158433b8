// The chat page: posts the message to /api/chat and renders the server-sent events as they arrive:
// "chunk" {text} appends, "replace" {text} replaces, "done" {conversationId, usage} ends, "error" {type, message} ends.
// No framework: fetch + a ReadableStream reader + a small SSE parser (EventSource cannot POST).
"use strict";

(() => {
  const form = document.getElementById("chat-form");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const stopButton = document.getElementById("stop");
  const newButton = document.getElementById("new");
  const log = document.getElementById("log");
  const status = document.getElementById("status");

  let conversationId = null;
  let controller = null;

  function bubble(kind, text) {
    const element = document.createElement("div");
    element.className = "bubble " + kind;
    if (text) element.textContent = text;
    log.appendChild(element);
    element.scrollIntoView({ block: "end" });
    return element;
  }

  function note(element, className, text) {
    const span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    element.appendChild(span);
  }

  function setBusy(busy) {
    sendButton.disabled = busy;
    stopButton.disabled = !busy;
    input.disabled = busy;
  }

  // Splits the text received so far into complete SSE events; returns the unfinished rest.
  function parseEvents(buffer, onEvent) {
    buffer = buffer.replace(/\r\n/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) onEvent(name, JSON.parse(data.join("\n")));
    }
    return buffer;
  }

  async function send(message) {
    bubble("question", message);
    const answer = bubble("answer", "");
    const text = document.createElement("span");
    text.className = "text";
    answer.appendChild(text);
    answer.dataset.state = "streaming";
    status.textContent = "Streaming…";
    controller = new AbortController();
    setBusy(true);
    let ended = false;

    const onEvent = (name, data) => {
      switch (name) {
        case "chunk":
          text.textContent += data.text;
          answer.scrollIntoView({ block: "end" });
          break;
        case "replace":
          text.textContent = data.text;
          break;
        case "done": {
          ended = true;
          conversationId = data.conversationId || conversationId;
          answer.dataset.state = "done";
          const usage = data.usage;
          note(answer, "meta", usage && usage.totalTokens != null
            ? `${usage.totalTokens} tokens (${usage.promptTokens} prompt + ${usage.completionTokens} answer)`
            : "done");
          status.textContent = "Done. Conversation " + (conversationId || "–") + ".";
          break;
        }
        case "error":
          ended = true;
          answer.dataset.state = "error";
          answer.dataset.errorType = data.type;
          note(answer, "error", data.message);
          status.textContent = "Error: " + data.type + ".";
          break;
      }
    };

    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
        body: JSON.stringify({ message, conversationId }),
        signal: controller.signal,
      });
      if (!response.ok) {
        let problem = { type: "http_" + response.status, message: "The server answered " + response.status + "." };
        try { problem = await response.json(); } catch { /* not JSON */ }
        onEvent("error", problem);
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer = parseEvents(buffer + value, onEvent);
      }
      if (!ended) onEvent("error", { type: "stream_interrupted", message: "The connection closed before the answer was complete." });
    } catch (e) {
      if (e.name === "AbortError") {
        answer.dataset.state = "stopped";
        note(answer, "meta", "stopped");
        status.textContent = "Stopped.";
      } else if (!ended) {
        onEvent("error", { type: "network", message: "The connection failed: " + e.message });
      }
    } finally {
      controller = null;
      setBusy(false);
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const message = input.value.trim();
    if (!message || controller) return;
    input.value = "";
    send(message);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  stopButton.addEventListener("click", () => controller && controller.abort());
  newButton.addEventListener("click", () => {
    conversationId = null;
    log.replaceChildren();
    status.textContent = "New conversation.";
  });
})();
