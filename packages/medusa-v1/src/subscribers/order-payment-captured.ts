import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("order.payment_captured");
export default handler;
export { config };
