import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { FakeDiscord, SAMPLE, sampleGuild } from "../../fakes/discord/index.ts";

const { guildId, textChannelId } = SAMPLE;

let fake: FakeDiscord;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  fake = await FakeDiscord.start({ guilds: [sampleGuild()] });
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await fake.stop();
});

async function call(method: string, path: string, body?: unknown, auth: string | null = `Bot ${fake.token}`) {
  const headers: Record<string, string> = {};
  if (auth !== null) headers.authorization = auth;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${fake.apiBase}/v10${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : null) as unknown,
  };
}

interface Frame {
  op: number;
  d: Record<string, unknown> | boolean | null;
  s: number | null;
  t: string | null;
}

/** A raw gateway client that queues frames and the close code. */
function connect(): { ws: WebSocket; next: () => Promise<Frame>; closed: Promise<number> } {
  const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  sockets.push(ws);
  const queue: Frame[] = [];
  const waiting: ((f: Frame) => void)[] = [];
  ws.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else queue.push(frame);
  });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  const next = () => {
    const queued = queue.shift();
    return queued ? Promise.resolve(queued) : new Promise<Frame>((resolve) => waiting.push(resolve));
  };
  return { ws, next, closed };
}

describe("FakeDiscord REST strictness", () => {
  it("requires the exact bot token and answers unknown routes like Discord", async () => {
    for (const auth of [null, fake.token, "Bot wrong", `Bearer ${fake.token}`]) {
      const res = await call("GET", "/users/@me", undefined, auth);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: "401: Unauthorized", code: 0 });
    }
    const ok = await call("GET", "/users/@me");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/json");
    expect(ok.headers.get("x-ratelimit-limit")).toBe("50");
    expect(ok.headers.get("x-ratelimit-remaining")).toBe("49");
    expect(ok.headers.get("x-ratelimit-bucket")).toMatch(/^[0-9a-f]{32}$/);
    expect(ok.body).toMatchObject({ id: fake.botUser.id, bot: true });
    expect(await call("GET", "/nope")).toMatchObject({ status: 404, body: { message: "404: Not Found", code: 0 } });
    expect(await call("GET", `/channels/${guildId}9`)).toMatchObject({ status: 404, body: { code: 10003 } });
  });

  it("validates message bodies", async () => {
    const path = `/channels/${textChannelId}/messages`;
    expect(await call("POST", path, { content: "" })).toMatchObject({ status: 400, body: { code: 50006 } });
    const long = await call("POST", path, { content: "x".repeat(2001) });
    expect(long).toMatchObject({
      status: 400,
      body: { code: 50035, errors: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } },
    });
    const sent = await call("POST", path, { content: "hi <@900000000000000101>" });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      channel_id: textChannelId,
      author: { id: fake.botUser.id, bot: true },
      mentions: [{ id: SAMPLE.bob.id }],
      attachments: [],
      pinned: false,
      type: 0,
    });
  });

  it("keeps command ids across bulk overwrites and bumps versions only on change", async () => {
    const path = `/applications/${fake.applicationId}/commands`;
    const defs = [
      {
        name: "play",
        description: "Play a track",
        options: [{ name: "query", description: "q", type: 3, required: false }],
      },
    ];
    const first = await call("PUT", path, defs);
    expect(first.status).toBe(200);
    const [created] = first.body as { id: string; version: string; options: object[] }[];
    expect(created?.options).toEqual([{ name: "query", description: "q", type: 3 }]);
    const same = (await call("PUT", path, defs)).body as { id: string; version: string }[];
    expect(same[0]).toMatchObject({ id: created?.id, version: created?.version });
    const changed = (await call("PUT", path, [{ ...defs[0], description: "Play something" }])).body as {
      id: string;
      version: string;
    }[];
    expect(changed[0]?.id).toBe(created?.id);
    expect(changed[0]?.version).not.toBe(created?.version);
    expect(fake.commandsPuts).toBe(3);
    expect((await call("GET", path)).body).toEqual(changed);
    const bad = await call("PUT", path, [{ name: "Play", description: "x" }]);
    expect(bad).toMatchObject({ status: 400, body: { code: 50035, errors: { "0": { name: {} } } } });
    expect(await call("PUT", `/applications/1/commands`, [])).toMatchObject({ status: 403, body: { code: 50001 } });
  });
});

describe("FakeDiscord interaction rules", () => {
  it("refuses webhook use before the callback, then serves @original and follow-ups", async () => {
    const i = fake.sendSlash({ guildId, channelId: textChannelId, userId: SAMPLE.alice.id, name: "np" });
    const hook = `/webhooks/${fake.applicationId}/${i.token}`;
    expect(await call("PATCH", `${hook}/messages/@original`, { content: "x" }, null)).toMatchObject({
      status: 404,
      body: { code: 10015 },
    });
    expect(await call("POST", `${hook}?wait=true`, { content: "x" }, null)).toMatchObject({
      status: 404,
      body: { code: 10015 },
    });
    const cb = await call("POST", `/interactions/${i.id}/${i.token}/callback?with_response=true`, { type: 5 }, null);
    expect(cb.status).toBe(200);
    expect(cb.body).toMatchObject({
      interaction: { id: i.id, type: 2, response_message_loading: true },
      resource: { type: 5 },
    });
    const edited = await call("PATCH", `${hook}/messages/@original`, { content: "Now playing" }, null);
    expect(edited.body).toMatchObject({ content: "Now playing", flags: 0, webhook_id: fake.applicationId });
    expect(await i.waitForResponse(100)).toMatchObject({ content: "Now playing", deferred: true });
    const again = await call(
      "POST",
      `/interactions/${i.id}/${i.token}/callback`,
      { type: 4, data: { content: "y" } },
      null,
    );
    expect(again).toMatchObject({
      status: 400,
      body: { message: "Interaction has already been acknowledged.", code: 40060 },
    });
    expect((await call("POST", `${hook}?wait=true`, { content: "more" }, null)).status).toBe(200);
    expect(i.followups).toHaveLength(1);
    expect(await call("GET", `${hook}/messages/@original`, undefined, "Bot wrong")).toMatchObject({ status: 200 });
  });

  it("rejects wrong callback types and records autocomplete choices", async () => {
    const ac = fake.sendAutocomplete({
      guildId,
      channelId: textChannelId,
      userId: SAMPLE.alice.id,
      name: "play",
      options: [{ name: "query", type: 3, value: "nev", focused: true }],
    });
    const wrong = await call(
      "POST",
      `/interactions/${ac.id}/${ac.token}/callback`,
      { type: 4, data: { content: "x" } },
      null,
    );
    expect(wrong).toMatchObject({ status: 400, body: { code: 50035 } });
    const choices = [{ name: "Never Gonna Give You Up", value: "ngguy" }];
    const ok = await call("POST", `/interactions/${ac.id}/${ac.token}/callback`, { type: 8, data: { choices } }, null);
    expect(ok.status).toBe(204);
    expect(ac.autocompleteChoices).toEqual(choices);
  });

  it("updates the clicked message on a component type 7 callback", async () => {
    const posted = await call("POST", `/channels/${textChannelId}/messages`, {
      content: "Paused",
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: "player:resume", label: "Resume" }] }],
    });
    const messageId = (posted.body as { id: string }).id;
    const click = fake.sendComponent({
      guildId,
      channelId: textChannelId,
      userId: SAMPLE.bob.id,
      messageId,
      customId: "player:resume",
    });
    const cb = await call(
      "POST",
      `/interactions/${click.id}/${click.token}/callback`,
      { type: 7, data: { content: "Playing" } },
      null,
    );
    expect(cb.status).toBe(204);
    expect(await click.waitForResponse(100)).toMatchObject({ content: "Playing", deferred: false });
    expect(fake.messages(textChannelId)).toMatchObject([{ id: messageId, content: "Playing", edits: 1 }]);
    const duplicate = await call("POST", `/channels/${textChannelId}/messages`, {
      components: [{ type: 1, components: [1, 2].map(() => ({ type: 2, style: 1, custom_id: "same", label: "x" })) }],
    });
    expect(duplicate).toMatchObject({ status: 400, body: { code: 50035 } });
  });

  it("parses multipart bodies through payload_json", async () => {
    const form = new FormData();
    form.append(
      "payload_json",
      JSON.stringify({ content: "queue export", attachments: [{ id: 0, filename: "queue.txt" }] }),
    );
    form.append("files[0]", new Blob(["a\nb\n"], { type: "text/plain" }), "queue.txt");
    const res = await fetch(`${fake.apiBase}/v10/channels/${textChannelId}/messages`, {
      method: "POST",
      headers: { authorization: `Bot ${fake.token}` },
      body: form,
    });
    expect(res.status).toBe(200);
    const recorded = await fake.waitForRest((r) => r.method === "POST" && r.files.length > 0);
    expect(recorded.body).toMatchObject({ content: "queue export" });
    expect(recorded.files).toMatchObject([{ field: "files[0]", name: "queue.txt", size: 4 }]);
    expect(fake.messages(textChannelId)[0]?.attachments).toMatchObject([{ filename: "queue.txt", size: 4 }]);
  });
});

describe("FakeDiscord gateway strictness", () => {
  it("closes with 4004 on an IDENTIFY with a wrong token", async () => {
    const { ws, next, closed } = connect();
    expect(await next()).toMatchObject({ op: 10, d: { heartbeat_interval: 41_250 } });
    ws.send(JSON.stringify({ op: 2, d: { token: "wrong", intents: 1, properties: {} } }));
    expect(await closed).toBe(4004);
  });

  it("acks heartbeats, answers a bad RESUME with op 9 and gates events by intent", async () => {
    const { ws, next } = connect();
    await next();
    ws.send(JSON.stringify({ op: 1, d: null }));
    expect(await next()).toMatchObject({ op: 11 });
    ws.send(JSON.stringify({ op: 6, d: { token: fake.token, session_id: "nope", seq: 1 } }));
    expect(await next()).toMatchObject({ op: 9, d: false });

    const second = connect();
    await second.next();
    second.ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1 | (1 << 9), properties: {} } }));
    const ready = await second.next();
    expect(ready).toMatchObject({ op: 0, t: "READY", s: 1, d: { guilds: [{ id: guildId, unavailable: true }] } });
    const guild = await second.next();
    expect(guild).toMatchObject({ t: "GUILD_CREATE", s: 2, d: { id: guildId, unavailable: false, large: false } });
    await fake.waitForIdentify();
    fake.setVoiceState(guildId, SAMPLE.bob.id, SAMPLE.voiceChannelId); // no GUILD_VOICE_STATES: not sent
    fake.sendMessage({ guildId, channelId: textChannelId, userId: SAMPLE.carol.id, content: "secret" });
    const message = await second.next();
    expect(message).toMatchObject({ t: "MESSAGE_CREATE", s: 3, d: { content: "", author: { id: SAMPLE.carol.id } } });
  });
});
