export type { OutboxCounts, OutboxDeath, OutboxRecord, OutboxRetry, OutboxStatus, OutboxStore } from "./outboxStore";
export { createMemoryOutboxStore } from "./memoryOutboxStore";
export { createPostgresOutboxStore, outboxTableSql, OUTBOX_TABLE } from "./postgresOutboxStore";
export type { SqlClient } from "./postgresOutboxStore";
export { createOutboxDestination } from "./outboxDestination";
export type { OutboxDestination, OutboxDestinationOptions, OutboxRoundSummary, OutboxStoreAction } from "./outboxDestination";
