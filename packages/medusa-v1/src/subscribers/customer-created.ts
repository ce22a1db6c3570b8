import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("customer.created");
export default handler;
export { config };
