// Drives the official Dify Node SDK (dify-client, unchanged) against a running Dify.HA emulator.
// Usage: DIFY_BASE_URL=http://127.0.0.1:PORT/v1 node check.mjs   (run.sh starts the emulator and sets it)
import { ChatClient, CompletionClient, DifyClient } from "dify-client";

const baseUrl = process.env.DIFY_BASE_URL ?? "http://127.0.0.1:5001/v1";
const user = "node-sdk-check";
const results = [];

async function check(name, fn) {
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}${detail ? ` — ${detail}` : ""}`);
  } catch (error) {
    results.push({ name, ok: false });
    const body = error?.response?.data;
    console.log(`FAIL ${name}: ${error?.message ?? error}${body ? ` ${JSON.stringify(body)}` : ""}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Reads an axios "stream" response as Dify's SSE: "data: {json}\n\n" frames and "event: ping" frames.
async function readSse(response) {
  assert(response.status === 200, `status ${response.status}`);
  assert(String(response.headers["content-type"]).startsWith("text/event-stream"), `content-type ${response.headers["content-type"]}`);
  let text = "";
  for await (const chunk of response.data) text += chunk.toString("utf8");
  const frames = text.split("\n\n").filter((f) => f.length > 0);
  const events = [];
  for (const frame of frames) {
    if (frame === "event: ping") continue;
    assert(frame.startsWith("data: "), `unexpected frame ${JSON.stringify(frame.slice(0, 40))}`);
    events.push(JSON.parse(frame.slice("data: ".length)));
  }
  assert(text.endsWith("\n\n"), "stream does not end with a blank line");
  return events;
}

const chat = new ChatClient("app-chat", baseUrl);
const completion = new CompletionClient("app-completion", baseUrl);
const workflow = new CompletionClient("app-workflow", baseUrl);
let conversationId;
let messageId;

await check("chat blocking (createChatMessage)", async () => {
  const r = await chat.createChatMessage({}, "Hello from Node", user, false, null, null);
  assert(r.status === 200, `status ${r.status}`);
  assert(r.data.event === "message" && r.data.answer.length > 0, "no answer");
  assert(r.data.metadata?.usage?.total_tokens > 0, "no usage");
  conversationId = r.data.conversation_id;
  messageId = r.data.message_id;
  return `answer "${r.data.answer.slice(0, 40)}…"`;
});

await check("chat streaming in the same conversation", async () => {
  const r = await chat.createChatMessage({}, "And a follow-up", user, true, conversationId, null);
  const events = await readSse(r);
  const answer = events.filter((e) => e.event === "message").map((e) => e.answer).join("");
  const end = events.at(-1);
  assert(end.event === "message_end", `last event ${end.event}`);
  assert(end.conversation_id === conversationId, "conversation changed");
  assert(answer.length > 0, "empty streamed answer");
  return `${events.length} events`;
});

await check("getConversationMessages", async () => {
  const r = await chat.getConversationMessages(user, conversationId);
  assert(r.data.data.length === 2, `expected 2 messages, got ${r.data.data.length}`);
  assert(r.data.data[0].query === "Hello from Node", "oldest message is not first");
  return `${r.data.data.length} messages, has_more=${r.data.has_more}`;
});

await check("getConversations", async () => {
  const r = await chat.getConversations(user);
  assert(r.data.data.some((c) => c.id === conversationId), "conversation not listed");
  return `${r.data.data.length} conversation(s)`;
});

await check("renameConversation", async () => {
  const r = await chat.renameConversation(conversationId, "Renamed by Node", user);
  assert(r.data.name === "Renamed by Node", `name ${r.data.name}`);
});

await check("messageFeedback", async () => {
  const r = await chat.messageFeedback(messageId, "like", user);
  assert(r.data.result === "success", JSON.stringify(r.data));
});

await check("getApplicationParameters", async () => {
  const r = await chat.getApplicationParameters(user);
  assert(Array.isArray(r.data.user_input_form), "no user_input_form");
});

await check("fileUpload (multipart)", async () => {
  const form = new FormData();
  form.append("file", new Blob(["hello file"], { type: "text/plain" }), "hello.txt");
  form.append("user", user);
  const r = await new DifyClient("app-chat", baseUrl).fileUpload(form);
  assert(r.status === 201, `status ${r.status}`);
  assert(r.data.id && r.data.name === "hello.txt" && r.data.size === 10, JSON.stringify(r.data));
  return `file ${r.data.id}`;
});

await check("deleteConversation", async () => {
  const r = await chat.deleteConversation(conversationId, user);
  assert(r.status === 204, `status ${r.status}`);
  const list = await chat.getConversations(user);
  assert(!list.data.data.some((c) => c.id === conversationId), "still listed");
});

await check("completion blocking", async () => {
  const r = await completion.createCompletionMessage({ query: "Write a haiku" }, user, false);
  assert(r.data.mode === "completion" && r.data.answer.length > 0, JSON.stringify(r.data));
});

await check("completion streaming", async () => {
  const r = await completion.createCompletionMessage({ query: "Write a haiku" }, user, true);
  const events = await readSse(r);
  assert(events.at(-1).event === "message_end", `last ${events.at(-1).event}`);
  return `${events.length} events`;
});

await check("workflow blocking (runWorkflow)", async () => {
  const r = await workflow.runWorkflow({ query: "Summarise" }, user, false);
  assert(r.data.data.status === "succeeded", JSON.stringify(r.data));
  assert(typeof r.data.data.outputs.text === "string", "no outputs.text");
});

await check("workflow streaming (runWorkflow)", async () => {
  const r = await workflow.runWorkflow({ query: "Summarise" }, user, true);
  const events = await readSse(r);
  assert(events[0].event === "workflow_started", `first ${events[0].event}`);
  assert(events.at(-1).event === "workflow_finished" && events.at(-1).data.status === "succeeded", `last ${events.at(-1).event}`);
  return `${events.length} events`;
});

const failed = results.filter((r) => !r.ok).length;
console.log(`\n${results.length - failed}/${results.length} Node SDK calls passed against ${baseUrl}`);
process.exit(failed === 0 ? 0 : 1);
