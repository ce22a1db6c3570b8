import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("order.canceled");
export default handler;
export { config };
