export type { OutboxCounts, OutboxDeath, OutboxRecord, OutboxRetry, OutboxStatus, OutboxStore } from "./outboxStore";
export { createMemoryOutboxStore } from "./memoryOutboxStore";
export { createOutboxDestination } from "./outboxDestination";
export type { OutboxDestination, OutboxDestinationOptions, OutboxRoundSummary, OutboxStoreAction } from "./outboxDestination";
