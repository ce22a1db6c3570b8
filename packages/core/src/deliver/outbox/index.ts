export type {
  OutboxCallPage,
  OutboxCallQuery,
  OutboxCallRecord,
  OutboxCounts,
  OutboxDeath,
  OutboxEventRecord,
  OutboxMinute,
  OutboxRecord,
  OutboxRetry,
  OutboxStatus,
  OutboxStore,
  StoredCall,
  StoredEvent,
  TruncatedCall,
} from "./outboxStore";
export { checkStoredEvent, MAX_KEPT_CALL_BYTES } from "./storedCall";
export { createMemoryOutboxStore } from "./memoryOutboxStore";
export { createPostgresOutboxStore } from "./postgresOutboxStore";
export { outboxTable, outboxTableSql, OUTBOX_TABLE } from "./outboxTable";
export type { OutboxColumn, OutboxIndex, OutboxTableDefinition } from "./outboxTable";
export type { SqlClient } from "./postgresOutboxStore";
export { createOutboxDestination } from "./outboxDestination";
export type { OutboxDestination, OutboxDestinationOptions, OutboxRoundSummary, OutboxStoreAction } from "./outboxDestination";
