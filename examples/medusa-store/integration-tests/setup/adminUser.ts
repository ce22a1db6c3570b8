import type { MedusaContainer } from "@medusajs/framework/types";
import { Modules } from "@medusajs/framework/utils";
import { createUsersWorkflow } from "@medusajs/medusa/core-flows";

export interface AdminLogin {
  email: string;
  password: string;
}

/**
 * An admin user who logs in with email and password, made as `medusa user -e -p` makes one: the user,
 * its emailpass identity, and the link between them.
 */
export async function createAdminUser(container: MedusaContainer, login: AdminLogin): Promise<void> {
  const {
    result: [user],
  } = await createUsersWorkflow(container).run({ input: { users: [{ email: login.email }] } });
  const auth = container.resolve(Modules.AUTH);
  const { authIdentity, error } = await auth.register("emailpass", { body: { email: login.email, password: login.password } });
  if (error || !authIdentity) throw new Error(`could not register ${login.email}: ${error}`);
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user!.id } });
}
