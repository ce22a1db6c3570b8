import {
  CartWorkflowEvents,
  CustomerWorkflowEvents,
  FulfillmentWorkflowEvents,
  OrderEditWorkflowEvents,
  OrderWorkflowEvents,
  PaymentEvents,
  ProductWorkflowEvents,
  RegionWorkflowEvents,
  SalesChannelWorkflowEvents,
  UserWorkflowEvents,
} from "@medusajs/framework/utils";

/** The Medusa events a mapping file can handle without code: those the core flows emit. */
export const TRACKABLE_EVENTS: string[] = [
  ...new Set(
    [
      OrderWorkflowEvents,
      OrderEditWorkflowEvents,
      FulfillmentWorkflowEvents,
      PaymentEvents,
      CustomerWorkflowEvents,
      CartWorkflowEvents,
      ProductWorkflowEvents,
      RegionWorkflowEvents,
      SalesChannelWorkflowEvents,
      UserWorkflowEvents,
    ].flatMap((events) => Object.values(events as Record<string, string>)),
  ),
].sort();
