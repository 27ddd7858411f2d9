/**
 * A fake Discord voice server on 127.0.0.1: the voice gateway v8 over WSS (Hello, Identify → Ready, Select Protocol →
 * Session Description, heartbeats, Resume) and the UDP side (IP discovery, RTP audio). It decrypts every RTP packet
 * with the session key and counts audio and silence frames per guild, so tests assert on what actually arrived.
 */
import { randomBytes } from "node:crypto";
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { Recorder } from "../discord/recorder.ts";
import type { TestCertificate } from "./cert.ts";
import { isRtp, readRtp } from "./rtp.ts";

export interface FakeVoiceOptions {
  readonly certificate: TestCertificate;
  /** Heartbeat interval in Hello (default 5000 ms). */
  readonly heartbeatIntervalMs?: number;
  /** Encryption modes offered in Ready (default the two Discord offers). */
  readonly modes?: readonly string[];
}

export interface VoiceSessionRecord {
  readonly guildId: string;
  readonly userId: string;
  readonly sessionId: string;
  readonly token: string;
  readonly ssrc: number;
  readonly maxDaveVersion: number;
  readonly at: number;
  /** Set once the client selected its protocol. */
  mode?: string;
  /** Set when the socket closed (the code the fake or the client used). */
  closedWith?: number;
}

export interface GuildAudio {
  /** Opus frames that were not silence. */
  audio: number;
  /** Silence frames (sent after pause, stop and between tracks). */
  silence: number;
  /** Packets that failed to decrypt (should stay 0). */
  undecryptable: number;
  lastAt: number;
}

interface Live {
  record: VoiceSessionRecord;
  ws: WebSocket;
  key: Buffer | null;
}

let nextSsrc = 1000;

export class FakeVoice {
  readonly sessions = new Recorder<VoiceSessionRecord>(
    "voice sessions",
    (s) => `guild ${s.guildId} ssrc ${s.ssrc} mode ${s.mode ?? "-"} closed ${s.closedWith ?? "-"}`,
  );
  /** Every JSON frame received from clients, in order. */
  readonly received: { op: number; d: unknown; guildId: string | null }[] = [];
  readonly #https: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #udp: Socket;
  readonly #opts: FakeVoiceOptions;
  readonly #live = new Map<string, Live>();
  readonly #bySsrc = new Map<number, Live>();
  readonly #audio = new Map<string, GuildAudio>();
  readonly #waiters = new Set<() => void>();

  private constructor(opts: FakeVoiceOptions) {
    this.#opts = opts;
    this.#https = createServer({ cert: opts.certificate.cert, key: opts.certificate.key });
    this.#https.on("upgrade", (req, socket, head) => {
      socket.on("error", () => {});
      const v = new URL(req.url ?? "/", "https://127.0.0.1").searchParams.get("v");
      if (v !== "8") {
        socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
    });
    this.#udp = createSocket("udp4");
    this.#udp.on("message", (msg, rinfo) => this.#onUdp(msg, rinfo));
  }

  static async start(opts: FakeVoiceOptions): Promise<FakeVoice> {
    const fake = new FakeVoice(opts);
    await new Promise<void>((resolve) => fake.#https.listen(0, "127.0.0.1", resolve));
    await new Promise<void>((resolve) => fake.#udp.bind(0, "127.0.0.1", resolve));
    return fake;
  }

  /** `endpoint` for VOICE_SERVER_UPDATE. */
  get endpoint(): string {
    return `127.0.0.1:${(this.#https.address() as AddressInfo).port}`;
  }

  /** Frames counted for the guild so far (zeros before any). */
  audio(guildId: string): Readonly<GuildAudio> {
    return { ...(this.#audio.get(guildId) ?? { audio: 0, silence: 0, undecryptable: 0, lastAt: 0 }) };
  }

  /** Whether a client holds a voice gateway session for the guild now. */
  connected(guildId: string): boolean {
    return this.#live.has(guildId);
  }

  /** Resolves once the guild's audio counter reached `count` (absolute), or rejects after `timeoutMs`. */
  waitForAudio(guildId: string, count: number, timeoutMs: number): Promise<void> {
    return this.#wait(
      () => this.audio(guildId).audio >= count,
      timeoutMs,
      () => {
        const a = this.audio(guildId);
        return `${count} audio frames in guild ${guildId} (have ${a.audio} audio, ${a.silence} silence)\n${this.sessions.recent()}`;
      },
    );
  }

  /** Resolves once a session for the guild is live (or rejects). */
  waitForSession(guildId: string, timeoutMs: number): Promise<void> {
    return this.#wait(
      () => this.#live.get(guildId)?.record.mode !== undefined,
      timeoutMs,
      () => `a voice session for guild ${guildId}\n${this.sessions.recent()}`,
    );
  }

  /** Closes the guild's voice gateway socket with a Discord close code (4014 kicked, 4006, 4017, 4022…). */
  close(guildId: string, code: number): void {
    const live = this.#live.get(guildId);
    if (!live) throw new Error(`no voice session for guild ${guildId}`);
    live.ws.close(code, "closed by the fake");
  }

  async stop(): Promise<void> {
    for (const live of this.#live.values()) live.ws.terminate();
    this.#live.clear();
    this.sessions.rejectAll("fake voice server stopped");
    await new Promise<void>((resolve) => this.#udp.close(() => resolve()));
    this.#wss.close();
    this.#https.closeAllConnections();
    await new Promise<void>((resolve) => this.#https.close(() => resolve()));
  }

  #wait(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what()}`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  #notify(): void {
    for (const check of [...this.#waiters]) check();
  }

  #accept(ws: WebSocket): void {
    ws.on("error", () => {});
    let live: Live | null = null;
    const send = (op: number, d: unknown) => ws.send(JSON.stringify({ op, d }));
    send(8, { heartbeat_interval: this.#opts.heartbeatIntervalMs ?? 5000 });
    ws.on("message", (data, binary) => {
      if (binary) return;
      let frame: { op?: number; d?: Record<string, unknown> };
      try {
        frame = JSON.parse(String(data));
      } catch {
        ws.close(4002, "Failed to decode payload");
        return;
      }
      const d = frame.d ?? {};
      this.received.push({ op: frame.op ?? -1, d, guildId: live?.record.guildId ?? null });
      switch (frame.op) {
        case 0: {
          const record: VoiceSessionRecord = {
            guildId: String(d.server_id),
            userId: String(d.user_id),
            sessionId: String(d.session_id),
            token: String(d.token),
            maxDaveVersion: Number(d.max_dave_protocol_version ?? 0),
            ssrc: nextSsrc++,
            at: Date.now(),
          };
          live = { record, ws, key: null };
          this.#live.get(record.guildId)?.ws.terminate();
          this.#live.set(record.guildId, live);
          this.#bySsrc.set(record.ssrc, live);
          this.sessions.push(record);
          const { port } = this.#udp.address();
          send(2, {
            ssrc: record.ssrc,
            ip: "127.0.0.1",
            port,
            modes: this.#opts.modes ?? ["aead_aes256_gcm_rtpsize", "aead_xchacha20_poly1305_rtpsize"],
            heartbeat_interval: 1,
          });
          break;
        }
        case 1: {
          if (!live) return ws.close(4003, "Not authenticated");
          const data_ = (d.data ?? {}) as { mode?: string };
          live.key = randomBytes(32);
          live.record.mode = String(data_.mode);
          this.sessions.notify(live.record);
          send(4, { mode: data_.mode, secret_key: [...live.key], dave_protocol_version: 0 });
          this.#notify();
          break;
        }
        case 3:
          send(6, { t: (d as { t?: unknown }).t ?? Date.now() });
          break;
        case 7: {
          const resumed = this.#live.get(String(d.server_id));
          if (!resumed || resumed.record.sessionId !== String(d.session_id))
            return ws.close(4006, "Session no longer valid");
          resumed.ws = ws;
          live = resumed;
          send(9, null);
          break;
        }
        default:
          break;
      }
    });
    ws.on("close", (code) => {
      if (!live) return;
      live.record.closedWith = code;
      this.sessions.notify(live.record);
      if (this.#live.get(live.record.guildId) === live && live.ws === ws) this.#live.delete(live.record.guildId);
    });
  }

  #onUdp(msg: Buffer, rinfo: RemoteInfo): void {
    if (msg.length === 74 && msg.readUInt16BE(0) === 1) {
      const reply = Buffer.alloc(74);
      reply.writeUInt16BE(2, 0);
      reply.writeUInt16BE(70, 2);
      reply.writeUInt32BE(msg.readUInt32BE(4), 4);
      reply.write(rinfo.address, 8, "utf8");
      reply.writeUInt16BE(rinfo.port, 72);
      this.#udp.send(reply, rinfo.port, rinfo.address);
      return;
    }
    if (!isRtp(msg)) return;
    const ssrc = msg.readUInt32BE(8);
    const live = this.#bySsrc.get(ssrc);
    if (!live) return;
    const packet = readRtp(msg, live.key);
    const guildId = live.record.guildId;
    const counts = this.#audio.get(guildId) ?? { audio: 0, silence: 0, undecryptable: 0, lastAt: 0 };
    if (packet.opus === null) counts.undecryptable++;
    else if (packet.silence) counts.silence++;
    else counts.audio++;
    counts.lastAt = Date.now();
    this.#audio.set(guildId, counts);
    this.#notify();
  }
}
