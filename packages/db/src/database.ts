import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** A message's life: pending → queued (claimed by a tick) → sending (an attempt started) → sent | failed. */
export type MessageStatus = "pending" | "queued" | "sending" | "sent" | "failed";

/** Timestamps are written as Date or SQL `now()` and always read back as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface MessagesTable {
  id: Generated<number>;
  /** E.164, e.g. +905551111111. */
  recipient: string;
  content: string;
  status: ColumnType<MessageStatus, MessageStatus | undefined, MessageStatus>;
  /** Attempts started (each `queued|sending → sending` transition). */
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
  providerMessageId: string | null;
  /** Sent as the provider's Idempotency-Key on every attempt of this message. */
  idempotencyKey: Generated<string>;
  createdAt: Generated<Date>;
  queuedAt: Timestamp | null;
  sentAt: Timestamp | null;
  updatedAt: Generated<Date>;
}

export interface DispatcherStateTable {
  /** Always 1: the table holds one row. */
  id: ColumnType<number, 1 | undefined, never>;
  running: boolean;
  intervalMs: number;
  batchSize: number;
  updatedAt: Generated<Date>;
  updatedBy: string;
}

export type DispatcherEventKind = "start" | "stop" | "config";

export interface DispatcherEventsTable {
  id: Generated<number>;
  kind: DispatcherEventKind;
  /** Who caused it: an API key's name, or `system`. */
  actor: string;
  details: ColumnType<Record<string, unknown>, string, never>;
  createdAt: Generated<Date>;
}

export interface Database {
  messages: MessagesTable;
  dispatcherState: DispatcherStateTable;
  dispatcherEvents: DispatcherEventsTable;
}

export type Message = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type MessageUpdate = Updateable<MessagesTable>;
export type DispatcherState = Selectable<DispatcherStateTable>;
export type DispatcherEvent = Selectable<DispatcherEventsTable>;
