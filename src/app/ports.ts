/**
 * What use cases need from the outside world. Adapters implement these: src/db (stores), src/queue (job queue),
 * src/telegram and src/db/outbox (notifiers). Use cases never construct clients and never read the clock.
 */

/** An inline keyboard button whose callback data is a short server-side token. */
export interface MessageButton {
  text: string;
  callbackData: string;
}

export interface OutgoingMessage {
  /** Telegram chat id, as a decimal string. */
  chatId: string;
  text: string;
  buttons?: MessageButton[][];
  /** A picture sent with the text as its caption (digests). */
  photo?: { png: Uint8Array; fileName: string };
  /**
   * Channel routing (src/app/channels/router.ts): the reminder row being sent, what it is, and the lowest channel
   * rank it may go on (a fallback row skips the channels tried before). Notifiers that only know Telegram ignore it.
   */
  routing?: { reminderId: number; kind: string; dueItemId: number | null; minRank?: number; subject?: string };
}

export interface SentMessage {
  messageId: number;
}

/** Why a send failed, in the terms delivery decisions need (see src/telegram/README.md). */
export type DeliveryFailure =
  | { kind: 'rate_limited'; retryAfterS: number }
  | { kind: 'blocked'; reason: string }
  | { kind: 'chat_not_found'; reason: string }
  | { kind: 'chat_migrated'; migrateToChatId: number; reason: string }
  | { kind: 'not_sent'; reason: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'permanent'; reason: string };

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly failure: DeliveryFailure,
    options?: { cause?: unknown },
  ) {
    super(`delivery failed (${failure.kind})${'reason' in failure ? `: ${failure.reason}` : ''}`, options);
  }
}

/** Sends one message. Throws `DeliveryError` on failure. */
export interface Notifier {
  readonly kind: 'telegram' | 'outbox' | 'recording';
  send(message: OutgoingMessage, options?: SendOptions): Promise<SentMessage>;
}

/** Per-send limits a {@link Notifier} honours. */
export interface SendOptions {
  /**
   * Milliseconds within which the send must be settled: no in-process wait (a 429's `retry_after`) may go past
   * it, and a request still unanswered then is abandoned, failing as `unknown`. Default: the notifier's own timeout.
   */
  budgetMs?: number;
}

/** Per-chat pacing shared by every worker process (src/telegram/chat-pacer.ts). */
export interface ChatPacer {
  /** Reserves the chat's next send slot; resolves with the milliseconds to wait from `now`. */
  reserve(chatId: bigint | number, now: Date): Promise<number>;
}

/**
 * Telegram's overall send limit as an admission test at the instant of sending, shared by every worker process
 * (src/telegram/chat-pacer.ts, `SendGate`).
 */
export interface SendGate {
  /** 0: admitted now (the admission counts); otherwise the milliseconds to wait before asking again. */
  admit(now: Date): Promise<number>;
}

/** The delayed-job side of reminders: one job per reminder row, id derived from the row. */
export interface ReminderQueue {
  /**
   * Adds a send job per row, due at its planned instant (explicit timestamp: lateness does not include the time
   * spent enqueueing). Rows whose job is already queued are not duplicated. Resolves with the number of rows.
   */
  enqueueSends(rows: readonly { id: number; plannedAtMs: number }[], nowMs: number): Promise<number>;
  /** The generation recorded on the queue's marker; null when the marker is gone (the queue lost its data). */
  generation(): Promise<number | null>;
  /** Records `generation` on the queue's marker (creating it when missing). */
  setGeneration(generation: number): Promise<void>;
  /**
   * Reminder ids of send jobs a worker took at least `heldForMs` ago (real time) and still holds. A live worker
   * claims the row within moments of taking its job and settles it within the send lease, so a job held longer
   * belongs to a worker that died — possibly before claiming the row, which then stays `planned` under a job
   * that only the queue's stalled-job check (tens of seconds) would release. Optional: a queue that cannot lose
   * a worker (the simulator's) has none.
   */
  abandonedSends?(heldForMs: number): Promise<number[]>;
}

/**
 * Inline buttons under each reminder message, provided by the bot (src/bot/reminder-buttons.ts): ✅ Hoàn thành,
 * ⏳ Xin gia hạn, 🔄 Đang thực hiện, 📄 Chi tiết. Each button's callback data is a short random token stored in
 * `callback_tokens` with the action, the due item and the reminder id; nothing else travels through Telegram.
 */
export interface ReminderButtons {
  /** Issues the tokens and returns the keyboard rows, labelled in `locale`. `kind` is the reminder's kind. */
  forReminder(args: { reminderId: number; dueItemId: number; recipientChatId: string; locale: string; kind: string }): Promise<MessageButton[][]>;
}
