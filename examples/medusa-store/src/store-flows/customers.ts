import type { IAuthModuleService, MedusaContainer } from "@medusajs/framework/types";
import { Modules } from "@medusajs/framework/utils";
import { createCustomerAccountWorkflow, createCustomersWorkflow, updateCustomersWorkflow } from "@medusajs/medusa/core-flows";
import { runAndWaitFor, type EmittedEvent } from "./events";

export type CustomerInput = {
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  metadata?: Record<string, unknown>;
};

let nextCustomer = 0;

/** A unique address per call: customer emails with an account must be unique. */
export function uniqueEmail(prefix = "customer"): string {
  return `${prefix}-${Date.now().toString(36)}-${++nextCustomer}@example.com`;
}

/**
 * Registers a customer the way the storefront's sign-up does: an emailpass auth identity
 * (POST /auth/customer/emailpass/register), then createCustomerAccountWorkflow
 * (POST /store/customers), which creates the customer with `has_account: true` through
 * createCustomersWorkflow — the workflow that emits `customer.created` ({ id }).
 * Guests never get here: a cart with only an email creates its customer in the cart flow,
 * without that event.
 */
export async function createCustomer(
  container: MedusaContainer,
  input: CustomerInput = {},
): Promise<{ customerId: string; email: string; authIdentityId: string; event: EmittedEvent<{ id: string }> }> {
  const email = input.email ?? uniqueEmail();
  const auth = container.resolve<IAuthModuleService>(Modules.AUTH);
  const { success, authIdentity, error } = await auth.register("emailpass", { body: { email, password: "supersecret" } });
  if (!success || !authIdentity) throw new Error(`Could not register ${email}: ${error}`);

  const { result: customer, event } = await runAndWaitFor<{ id: string }, { id: string }>(
    container,
    "customer.created",
    async () =>
      (
        await createCustomerAccountWorkflow(container).run({
          input: {
            authIdentityId: authIdentity.id,
            customerData: {
              email,
              first_name: input.first_name ?? "Ada",
              last_name: input.last_name ?? "Lovelace",
              phone: input.phone,
              metadata: input.metadata,
            },
          },
        })
      ).result,
    (data, created) => data.id === created.id,
  );
  return { customerId: customer.id, email, authIdentityId: authIdentity.id, event };
}

/**
 * Creates many customer accounts at once, as a migration from another shop does: one
 * createCustomersWorkflow run, which emits one `customer.created` ({ id }) per customer.
 * Returns their ids.
 */
export async function importCustomers(container: MedusaContainer, count: number, prefix = "imported"): Promise<string[]> {
  const customersData = Array.from({ length: count }, (_, i) => ({
    email: uniqueEmail(prefix),
    first_name: "Customer",
    last_name: `No. ${i + 1}`,
    has_account: true,
  }));
  const { result } = await createCustomersWorkflow(container).run({ input: { customersData } });
  return result.map((customer) => customer.id);
}

/** Updates a customer as the admin or the customer's account page does; emits `customer.updated` ({ id }). */
export async function updateCustomer(
  container: MedusaContainer,
  customerId: string,
  update: Omit<CustomerInput, "email"> & { email?: string; company_name?: string },
): Promise<{ customerId: string; event: EmittedEvent<{ id: string }> }> {
  const { event } = await runAndWaitFor<unknown, { id: string }>(
    container,
    "customer.updated",
    () => updateCustomersWorkflow(container).run({ input: { selector: { id: customerId }, update } }),
    (data) => data.id === customerId,
  );
  return { customerId, event };
}
