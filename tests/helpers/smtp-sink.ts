/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every message it accepts, parsed with
 * `mailparser`. Recipients listed in `reject` are refused at RCPT TO with 550 5.1.1 (a bounce at send time).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  /** When the server took the message (Date.now()). */
  at: number;
  envelopeTo: string[];
  /** The envelope sender (MAIL FROM), where bounces go. */
  envelopeFrom: string;
  raw: string;
  parsed: ParsedMail;
}

export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  readonly reject = new Set<string>();
  /** Skip parsing (benchmarks): `parsed` is then an empty object. */
  parse = true;
  #server: SMTPServer;
  #port = 0;

  constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.reject.has(address.address.toLowerCase())) {
          const err = Object.assign(new Error('5.1.1 <' + address.address + '>: Recipient address rejected: User unknown'), { responseCode: 550 });
          callback(err);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const at = Date.now();
          const raw = Buffer.concat(chunks).toString('utf8');
          (this.parse ? simpleParser(raw) : Promise.resolve({} as ParsedMail))
            .then((parsed) => {
              const from = session.envelope.mailFrom;
              this.messages.push({ at, envelopeTo: session.envelope.rcptTo.map((r) => r.address), envelopeFrom: from ? from.address : '', raw, parsed });
              callback();
            })
            .catch((err: Error) => callback(err));
        });
      },
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.#port}`;
  }

  to(address: string): SinkMessage[] {
    return this.messages.filter((m) => m.envelopeTo.includes(address));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
