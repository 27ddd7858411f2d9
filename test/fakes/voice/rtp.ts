import { createDecipheriv } from "node:crypto";

/** An Opus silence frame; @discordjs/voice sends five of them when playback pauses or stops. */
const SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

export interface RtpPacket {
  readonly ssrc: number;
  readonly sequence: number;
  readonly timestamp: number;
  /** The Opus frame, when the packet decrypted with the session key. */
  readonly opus: Buffer | null;
  readonly silence: boolean;
}

/** True for an RTP v2 packet (IP discovery is 74 bytes of type 1, keep-alives are 8 bytes). */
export function isRtp(msg: Buffer): boolean {
  return msg.length > 12 + 16 + 4 && (msg[0] ?? 0) >> 6 === 2 && msg.length !== 74;
}

/** Parses and decrypts an `aead_aes256_gcm_rtpsize` packet: 12-byte header as AAD, GCM tag, 4-byte nonce at the end. */
export function readRtp(msg: Buffer, key: Buffer | null): RtpPacket {
  const ssrc = msg.readUInt32BE(8);
  const sequence = msg.readUInt16BE(2);
  const timestamp = msg.readUInt32BE(4);
  let opus: Buffer | null = null;
  if (key) {
    try {
      const nonce = Buffer.alloc(12);
      msg.copy(nonce, 0, msg.length - 4);
      const decipher = createDecipheriv("aes-256-gcm", key, nonce);
      decipher.setAAD(msg.subarray(0, 12));
      decipher.setAuthTag(msg.subarray(msg.length - 20, msg.length - 4));
      opus = Buffer.concat([decipher.update(msg.subarray(12, msg.length - 20)), decipher.final()]);
    } catch {
      opus = null;
    }
  }
  return { ssrc, sequence, timestamp, opus, silence: opus?.equals(SILENCE) ?? false };
}
