export { type TestCertificate, testCertificate, trustInThisProcess } from "./cert.ts";
export { FakeVoice, type FakeVoiceOptions, type VoiceSessionRecord } from "./fake-voice.ts";
