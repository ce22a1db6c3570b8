import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("order.placed");
export default handler;
export { config };
