import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("claim.created");
export default handler;
export { config };
