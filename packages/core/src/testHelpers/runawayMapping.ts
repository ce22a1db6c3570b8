/**
 * A store mapping whose regular expression backtracks: each more character before "@shop.com!"
 * doubles its time, and JSONata cannot stop it inside the built-in. For the tests of the budget.
 */
export const BACKTRACKING_REGEX = String.raw`/^([a-zA-Z0-9_.+-]+)+@shop\.com$/`;

/** `customer.checked` → track "Customer Checked", with the backtracking match in `calls[0].track` (line 3). */
export const CHECKED_MAPPING = `on: customer.checked
calls:
  - track:
      event: Customer Checked
      userId: = event.data.id
      properties:
        shop_email: = $contains(event.data.email, ${BACKTRACKING_REGEX})
`;

/** 38 characters: seconds of backtracking on this machine, far past any budget the tests give. */
export const SLOW_EMAIL = `${"a".repeat(28)}@shop.com!`;
