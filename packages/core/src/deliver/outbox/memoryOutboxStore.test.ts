import { createMemoryOutboxStore } from "./memoryOutboxStore";
import { describeOutboxStoreContract } from "./outboxStore.contract";

describeOutboxStoreContract("the memory outbox store", () => createMemoryOutboxStore());
