import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("swap.created");
export default handler;
export { config };
