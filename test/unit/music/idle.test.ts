import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/core/logger.ts";
import { IdleWatcher, settingsWithChangeHook } from "../../../src/music/idle.ts";
import { PlayerEvents } from "../../../src/music/player-events.ts";
import { DEFAULT_GUILD_SETTINGS, type GuildSettings, type SettingsStore } from "../../../src/store/types.ts";
import { fakeTrack } from "../../helpers/command-context.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

const G = "1";
const VOICE = "20";

/** The parts of a lavalink-client player the watcher touches, recording what it was asked to do. */
class FakePlayer {
  readonly guildId = G;
  voiceChannelId: string | null = VOICE;
  queue: { current: object | null } = { current: { title: "a track" } };
  paused = false;
  readonly calls: string[] = [];
  /** The next leaves the engine refuses (node unavailable). */
  refuseLeaves = 0;
  private readonly manager: FakeManager;
  constructor(manager: FakeManager) {
    this.manager = manager;
  }
  async pause() {
    this.paused = true;
    this.calls.push("pause");
  }
  async resume() {
    this.paused = false;
    this.calls.push("resume");
  }
  async destroy(reason: string) {
    this.calls.push(`destroy:${reason}`);
    if (this.refuseLeaves > 0) {
      this.refuseLeaves--;
      throw new Error("Music nodes are unavailable");
    }
    this.manager.players.delete(this.guildId);
    this.manager.emit("playerDestroy", this, reason);
  }
}

/** Players and the engine-neutral player events, emitted under lavalink-client's names as the engines report them. */
class FakeManager {
  readonly players = new Map<string, FakePlayer>();
  readonly events = new PlayerEvents(createLogger({ level: "silent" }));
  emit(event: "playerCreate" | "trackStart" | "queueEnd" | "playerDestroy", player: FakePlayer, _reason?: string) {
    if (event === "playerCreate") this.events.emit("playerCreated", player.guildId);
    if (event === "trackStart") this.events.emit("trackStart", player.guildId, fakeTrack("a track"));
    if (event === "queueEnd") this.events.emit("queueEnd", player.guildId);
    if (event === "playerDestroy") this.events.emit("playerGone", player.guildId);
  }
  getPlayer(guildId: string) {
    return this.players.get(guildId);
  }
  create(opts: { track?: boolean } = {}): FakePlayer {
    const p = new FakePlayer(this);
    if (opts.track === false) p.queue.current = null;
    this.players.set(G, p);
    this.emit("playerCreate", p);
    return p;
  }
}

function setup(overrides: Partial<GuildSettings> = {}, startListeners = 2) {
  const clock = new FakeClock();
  const manager = new FakeManager();
  const settings: GuildSettings = { ...DEFAULT_GUILD_SETTINGS, ...overrides };
  const room = { listeners: startListeners };
  const idle = new IdleWatcher({
    manager,
    events: manager.events,
    clock,
    logger: createLogger({ level: "silent" }),
    settingsFor: () => settings,
    listeners: () => room.listeners,
    retryMs: 5000,
  });
  idle.start();
  /** A member joins or leaves; the app reports it after Discord's cache has it. */
  const voice = (listeners: number) => {
    room.listeners = listeners;
    idle.evaluate(G);
  };
  const change = (patch: Partial<GuildSettings>) => {
    Object.assign(settings, patch);
    idle.settingsChanged(G);
  };
  return { clock, manager, idle, voice, change };
}

describe("IdleWatcher: alone", () => {
  it("leaves once alone for the configured time, counted from when the last listener left", () => {
    const { clock, manager, voice } = setup({ aloneLeaveSeconds: 60 });
    const p = manager.create();
    clock.advance(10_000);
    voice(0);
    clock.advance(59_999);
    expect(p.calls).toEqual([]);
    clock.advance(1);
    expect(p.calls).toEqual(["destroy:AloneTimeout"]);
  });

  it("a listener coming back cancels the leave; the next time alone counts from zero", () => {
    const { clock, manager, voice } = setup({ aloneLeaveSeconds: 60 });
    const p = manager.create();
    voice(0);
    clock.advance(50_000);
    voice(1);
    clock.advance(60_000);
    expect(p.calls).toEqual([]);
    voice(0);
    clock.advance(59_999);
    expect(p.calls).toEqual([]);
    clock.advance(1);
    expect(p.calls).toEqual(["destroy:AloneTimeout"]);
  });

  it("a changed timeout moves the deadline of a bot already alone, or leaves at once when it has passed", () => {
    const { clock, manager, voice, change } = setup({ aloneLeaveSeconds: 120 });
    const p = manager.create();
    voice(0);
    clock.advance(30_000);
    change({ aloneLeaveSeconds: 40 });
    clock.advance(9_999);
    expect(p.calls).toEqual([]);
    clock.advance(1);
    expect(p.calls).toEqual(["destroy:AloneTimeout"]);

    const second = setup({ aloneLeaveSeconds: 120 });
    const q = second.manager.create();
    second.voice(0);
    second.clock.advance(30_000);
    second.change({ aloneLeaveSeconds: 10 });
    expect(q.calls).toEqual(["destroy:AloneTimeout"]);
  });

  it("counts a player restored into an empty channel as alone from its creation", () => {
    const { clock, manager } = setup({ aloneLeaveSeconds: 5 }, 0);
    const p = manager.create();
    clock.advance(5_000);
    expect(p.calls).toEqual(["destroy:AloneTimeout"]);
  });
});

describe("IdleWatcher: pause when alone", () => {
  it("pauses instead of leaving and resumes when someone returns", () => {
    const { clock, manager, voice } = setup({ aloneLeaveSeconds: 5, pauseWhenAlone: true });
    const p = manager.create();
    voice(0);
    expect(p.calls).toEqual(["pause"]);
    clock.advance(60_000);
    expect(p.calls).toEqual(["pause"]);
    voice(1);
    expect(p.calls).toEqual(["pause", "resume"]);
    voice(2);
    expect(p.calls).toEqual(["pause", "resume"]);
  });

  it("does not resume what a member paused", () => {
    const { manager, voice } = setup({ pauseWhenAlone: true });
    const p = manager.create();
    p.paused = true;
    voice(0);
    voice(1);
    expect(p.calls).toEqual([]);
    expect(p.paused).toBe(true);
  });

  it("with nothing to pause, leaves on the alone timeout as usual", () => {
    const { clock, manager, voice } = setup({ aloneLeaveSeconds: 5, pauseWhenAlone: true, queueEndLeaveSeconds: 600 });
    const p = manager.create({ track: false });
    voice(0);
    clock.advance(5_000);
    expect(p.calls).toEqual(["destroy:AloneTimeout"]);
  });

  it("pauses in 24/7 mode too, without ever leaving", () => {
    const { clock, manager, voice } = setup({ aloneLeaveSeconds: 5, pauseWhenAlone: true, twentyFourSeven: true });
    const p = manager.create();
    voice(0);
    clock.advance(600_000);
    expect(p.calls).toEqual(["pause"]);
  });
});

describe("IdleWatcher: queue end", () => {
  it("leaves once the queue has been over for the configured time; a new track cancels it", () => {
    const { clock, manager } = setup({ queueEndLeaveSeconds: 30 });
    const p = manager.create();
    p.queue.current = null;
    manager.emit("queueEnd", p);
    clock.advance(20_000);
    p.queue.current = { title: "next" };
    manager.emit("trackStart", p);
    clock.advance(60_000);
    expect(p.calls).toEqual([]);
    p.queue.current = null;
    manager.emit("queueEnd", p);
    clock.advance(29_999);
    expect(p.calls).toEqual([]);
    clock.advance(1);
    expect(p.calls).toEqual(["destroy:QueueEndTimeout"]);
  });

  it("a player that has not started its first track is not idle, even with a zero timeout", () => {
    const { clock, manager, idle } = setup({ queueEndLeaveSeconds: 0 });
    const p = manager.create({ track: false });
    idle.evaluate(G);
    clock.advance(60_000);
    expect(p.calls).toEqual([]);
  });
});

describe("IdleWatcher: 24/7", () => {
  it("never leaves, alone or idle; turning it off applies both rules from when they started", () => {
    const { clock, manager, voice, change } = setup({
      twentyFourSeven: true,
      aloneLeaveSeconds: 60,
      queueEndLeaveSeconds: 30,
    });
    const p = manager.create();
    p.queue.current = null;
    manager.emit("queueEnd", p);
    clock.advance(10_000);
    voice(0);
    clock.advance(3_600_000);
    expect(p.calls).toEqual([]);
    change({ twentyFourSeven: false });
    expect(p.calls).toEqual(["destroy:AloneTimeout"]);
  });

  it("turning it on cancels a pending leave", () => {
    const { clock, manager, voice, change } = setup({ aloneLeaveSeconds: 60 });
    const p = manager.create();
    voice(0);
    clock.advance(30_000);
    change({ twentyFourSeven: true });
    clock.advance(3_600_000);
    expect(p.calls).toEqual([]);
  });

  it("an idle player rejoined in 24/7 mode counts as queue-over from the moment 24/7 is turned off", () => {
    const { clock, manager, change } = setup({ twentyFourSeven: true, queueEndLeaveSeconds: 30 });
    const p = manager.create({ track: false });
    clock.advance(3_600_000);
    change({ twentyFourSeven: false });
    clock.advance(29_999);
    expect(p.calls).toEqual([]);
    clock.advance(1);
    expect(p.calls).toEqual(["destroy:QueueEndTimeout"]);
  });
});

describe("IdleWatcher: lifecycle", () => {
  it("a destroyed player leaves no timer behind, and nothing happens after stop()", () => {
    const { clock, manager, idle, voice } = setup({ aloneLeaveSeconds: 5 });
    const p = manager.create();
    voice(0);
    void p.destroy("LeaveCommand");
    clock.advance(10_000);
    expect(p.calls).toEqual(["destroy:LeaveCommand"]);

    const q = manager.create();
    voice(0);
    idle.stop();
    voice(0);
    clock.advance(10_000);
    expect(q.calls).toEqual([]);
  });
});

describe("settingsWithChangeHook", () => {
  it("reports updates and resets after they are applied, not reads", () => {
    const seen: string[] = [];
    let current: GuildSettings = { ...DEFAULT_GUILD_SETTINGS };
    const store: SettingsStore = {
      get: () => current,
      update: (_g, patch) => {
        current = { ...current, ...patch };
        return current;
      },
      reset: () => {
        current = { ...DEFAULT_GUILD_SETTINGS };
        return current;
      },
      flush: async () => {},
      guildsWith: () => [],
    };
    const wrapped = settingsWithChangeHook(store, (g) => seen.push(`${g}:${wrapped.get(g).twentyFourSeven}`));
    wrapped.get(G);
    expect(wrapped.update(G, { twentyFourSeven: true }).twentyFourSeven).toBe(true);
    expect(wrapped.reset(G, "twentyFourSeven").twentyFourSeven).toBe(false);
    expect(seen).toEqual([`${G}:true`, `${G}:false`]);
  });
});

describe("IdleWatcher: a refused leave", () => {
  it("keeps the guild's state and tries again after the retry delay, not at every tick", async () => {
    const { clock, manager, voice } = setup({ aloneLeaveSeconds: 60 });
    const p = manager.create();
    p.refuseLeaves = 1;
    voice(0);
    await clock.advanceAsync(60_000);
    expect(p.calls).toEqual(["destroy:AloneTimeout"]);
    expect(manager.players.has(G)).toBe(true);
    await clock.advanceAsync(4_999);
    expect(p.calls).toEqual(["destroy:AloneTimeout"]);
    await clock.advanceAsync(1);
    expect(p.calls).toEqual(["destroy:AloneTimeout", "destroy:AloneTimeout"]);
    expect(manager.players.has(G)).toBe(false);
    expect(clock.pending()).toBe(0);
  });

  it("while the node stays away, each retry waits twice as long as the one before", async () => {
    const { clock, manager, voice } = setup({ aloneLeaveSeconds: 60 });
    const p = manager.create();
    p.refuseLeaves = 3;
    voice(0);
    await clock.advanceAsync(60_000);
    await clock.advanceAsync(5_000);
    expect(p.calls).toHaveLength(2);
    await clock.advanceAsync(9_999);
    expect(p.calls).toHaveLength(2);
    await clock.advanceAsync(1);
    expect(p.calls).toHaveLength(3);
    await clock.advanceAsync(20_000);
    expect(p.calls).toHaveLength(4);
    expect(manager.players.has(G)).toBe(false);
  });

  it("a voice change while the leave is refused re-checks at once; a listener back cancels the retry", async () => {
    const { clock, manager, voice } = setup({ aloneLeaveSeconds: 60 });
    const p = manager.create();
    p.refuseLeaves = 1;
    voice(0);
    await clock.advanceAsync(60_000);
    voice(1);
    await clock.advanceAsync(60_000);
    expect(p.calls).toEqual(["destroy:AloneTimeout"]);
    expect(manager.players.has(G)).toBe(true);
  });
});
