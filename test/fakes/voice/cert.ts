import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getCACertificates, setDefaultCACertificates } from "node:tls";
import { generate } from "selfsigned";

export interface TestCertificate {
  readonly cert: string;
  readonly key: string;
  /** The certificate in a file, for NODE_EXTRA_CA_CERTS of child processes. */
  readonly certFile: string;
}

let made: Promise<TestCertificate> | null = null;

/** A self-signed certificate for 127.0.0.1, made once per test process. */
export function testCertificate(): Promise<TestCertificate> {
  made ??= generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  }).then((pems) => {
    const certFile = join(tmpdir(), `encore-fake-voice-${process.pid}.pem`);
    writeFileSync(certFile, pems.cert);
    return { cert: pems.cert, key: pems.private, certFile };
  });
  return made;
}

/**
 * Makes TLS clients in this process trust the certificate, next to the usual roots (@discordjs/voice connects to
 * `wss://` with no way to pass a CA). Child processes get `NODE_EXTRA_CA_CERTS=certFile` instead.
 */
export function trustInThisProcess(cert: TestCertificate): void {
  const current = getCACertificates("default");
  if (!current.includes(cert.cert)) setDefaultCACertificates([...current, cert.cert]);
}
