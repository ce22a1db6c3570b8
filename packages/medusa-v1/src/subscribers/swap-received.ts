import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("swap.received");
export default handler;
export { config };
