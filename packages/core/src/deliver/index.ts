/** The deliver stage: destinations that take prepared calls (Segment, console, JSON lines, memory, the outbox). */
export type { CallSource, DeliveryFailure, DeliveryFailureListener, DeliveryOutcome, Destination } from "./destination";
export { sendToDestination } from "./destination";
export { createSegmentDestination, DestinationConfigError } from "./segmentDestination";
export type { SegmentDestinationOptions } from "./segmentDestination";
export { createConsoleDestination, formatCall } from "./consoleDestination";
export type { ConsoleDestinationOptions } from "./consoleDestination";
export { createJsonLinesDestination } from "./jsonLinesDestination";
export type { JsonLinesDestinationOptions } from "./jsonLinesDestination";
export { createMemoryDestination } from "./memoryDestination";
export type { MemoryDestination } from "./memoryDestination";
export * from "./outbox";
