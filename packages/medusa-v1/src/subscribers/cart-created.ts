import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("cart.created");
export default handler;
export { config };
