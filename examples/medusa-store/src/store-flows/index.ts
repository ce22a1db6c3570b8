// Helpers that drive a booted Medusa app through its own workflows, producing every commerce
// event the trackmap plugin handles. See seedStore first; every helper takes the app container.
export { seedStore, variantId, type Seed } from "./seedStore";
export { STICKER_COUNT } from "./seed/catalog";
export { placeOrder, type PlaceOrderOptions } from "./placeOrder";
export { createCustomer, importCustomers, updateCustomer } from "./customers";
export { cancelOrder } from "./cancelOrder";
export { fulfillAndShip } from "./fulfillAndShip";
export { capturePayment } from "./capturePayment";
export { returnItems } from "./returnItems";
export { createClaim } from "./createClaim";
export { createExchange } from "./createExchange";
export { deleteVariant } from "./deleteVariant";
export { orderLineBySku } from "./orderItems";
export { recordEvents, type EmittedEvent, type EventRecorder } from "./events";
export { writeFixture } from "./writeFixture";
export { FIXTURE_FIELDS } from "./fixtureFields";
