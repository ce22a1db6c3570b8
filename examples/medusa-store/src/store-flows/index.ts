// Helpers that drive a booted Medusa app through its own workflows, producing every commerce
// event the trackmap plugin handles. See seedStore first; every helper takes the app container.
export { seedStore, variantId, type Seed } from "./seedStore";
export { STICKER_COUNT } from "./seed/catalog";
export type { RegionKey } from "./seed/regions";
export { placeOrder, type PlaceOrderOptions, type PlacedOrder, type OrderItem } from "./placeOrder";
export { createCustomer, importCustomers, updateCustomer, uniqueEmail } from "./customers";
export { cancelOrder } from "./cancelOrder";
export { fulfillAndShip } from "./fulfillAndShip";
export { capturePayment } from "./capturePayment";
export { returnItems, type ReturnItem } from "./returnItems";
export { createClaim } from "./createClaim";
export { createExchange } from "./createExchange";
export { deleteVariant } from "./deleteVariant";
export { orderLines, orderLineBySku } from "./orderItems";
export { recordEvents, runAndWaitFor, type EmittedEvent, type EventRecorder } from "./events";
export { loadRecord, writeFixture } from "./writeFixture";
export { FIXTURE_FIELDS } from "./fixtureFields";
