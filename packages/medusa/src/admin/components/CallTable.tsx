import { Button, Checkbox, StatusBadge, Table, Text } from "@medusajs/ui";
import { Fragment, useState } from "react";
import type { AdminTrackmapCall } from "../lib/trackmapApi";

const STATUS_COLOR = { pending: "blue", retrying: "orange", dead: "red", delivered: "green" } as const;

interface CallTableProps {
  calls: AdminTrackmapCall[];
  /** Dead calls: a box to select each, and its reason. */
  selected?: ReadonlySet<string>;
  onSelect?: (messageId: string, selected: boolean) => void;
  /** A re-send button on each dead row (a failed event is mapped again). */
  onResend?: (messageId: string) => void;
  empty: string;
  /** A column with each call's messageId (on an order's or a customer's page, where rows are few). */
  showMessageId?: boolean;
  /** Columns with when each call was first and last handed to Segment (dead calls). */
  showAttemptTimes?: boolean;
}

/** Calls as Segment's debugger lists them: one line each, its JSON on click. */
export function CallTable({ calls, selected, onSelect, onResend, empty, showMessageId, showAttemptTimes }: CallTableProps) {
  const [open, setOpen] = useState<string>();
  if (calls.length === 0) {
    return (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        {empty}
      </Text>
    );
  }
  const columns = 6 + (onSelect ? 1 : 0) + (onResend ? 1 : 0) + (showMessageId ? 1 : 0) + (showAttemptTimes ? 2 : 0);
  return (
    <Table>
      <Table.Header>
        <Table.Row>
          {onSelect && <Table.HeaderCell />}
          <Table.HeaderCell>Call</Table.HeaderCell>
          {showMessageId && <Table.HeaderCell>messageId</Table.HeaderCell>}
          <Table.HeaderCell>User</Table.HeaderCell>
          <Table.HeaderCell>Stored</Table.HeaderCell>
          {showAttemptTimes && <Table.HeaderCell>First attempt</Table.HeaderCell>}
          {showAttemptTimes && <Table.HeaderCell>Last attempt</Table.HeaderCell>}
          <Table.HeaderCell>Status</Table.HeaderCell>
          <Table.HeaderCell>Attempts</Table.HeaderCell>
          <Table.HeaderCell>Reason</Table.HeaderCell>
          {onResend && <Table.HeaderCell />}
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {calls.map((call) => (
          <Fragment key={call.message_id}>
            <Table.Row
              className="cursor-pointer"
              data-message-id={call.message_id}
              onClick={() => setOpen(open === call.message_id ? undefined : call.message_id)}
            >
              {onSelect && (
                <Table.Cell onClick={(event) => event.stopPropagation()}>
                  <Checkbox
                    aria-label={`select ${call.message_id}`}
                    checked={selected?.has(call.message_id) ?? false}
                    onCheckedChange={(checked) => onSelect(call.message_id, checked === true)}
                  />
                </Table.Cell>
              )}
              <Table.Cell>{describe(call)}</Table.Cell>
              {showMessageId && (
                <Table.Cell className="txt-compact-xsmall max-w-[160px] truncate font-mono" title={call.message_id}>
                  {call.message_id}
                </Table.Cell>
              )}
              <Table.Cell className="max-w-[180px] truncate" title={call.user_id ?? call.anonymous_id ?? undefined}>
                {call.user_id ?? call.anonymous_id ?? "–"}
              </Table.Cell>
              <Time at={call.created_at} />
              {showAttemptTimes && <Time at={call.first_attempt_at} testId="first-attempt" />}
              {showAttemptTimes && <Time at={call.last_attempt_at} testId="last-attempt" />}
              <Table.Cell>
                <StatusBadge color={STATUS_COLOR[call.status]}>{call.status}</StatusBadge>
              </Table.Cell>
              <Table.Cell>{call.attempts}</Table.Cell>
              <Table.Cell className="max-w-[320px] truncate" title={call.last_error ?? undefined}>
                {call.last_error ?? ""}
              </Table.Cell>
              {onResend && (
                <Table.Cell className="whitespace-nowrap" onClick={(event) => event.stopPropagation()}>
                  {call.status === "dead" && (
                    <Button size="small" variant="secondary" onClick={() => onResend(call.message_id)}>
                      {call.kind === "event" ? "Map again" : "Re-send"}
                    </Button>
                  )}
                </Table.Cell>
              )}
            </Table.Row>
            {open === call.message_id && (
              <Table.Row>
                <td colSpan={columns} className="px-6 py-2">
                  <pre className="txt-compact-xsmall bg-ui-bg-subtle max-h-96 overflow-auto whitespace-pre-wrap rounded p-3" data-testid="call-json">
                    {JSON.stringify({ messageId: call.message_id, ...(call.call as object) }, null, 2)}
                  </pre>
                </td>
              </Table.Row>
            )}
          </Fragment>
        ))}
      </Table.Body>
    </Table>
  );
}

/** A time in the admin's locale, exact on hover; a dash for none (never tried). */
function Time({ at, testId }: { at: string | null; testId?: string }) {
  return (
    <Table.Cell title={at ?? undefined} data-testid={testId}>
      {at ? new Date(at).toLocaleString() : "–"}
    </Table.Cell>
  );
}

/** `track "Order Completed"`, `identify`, or a failed event: `order.placed (mapping failed)`. */
function describe(call: AdminTrackmapCall): string {
  if (call.kind === "event") return `${call.event ?? "event"} (mapping failed)`;
  return call.event ? `${call.type} "${call.event}"` : call.type;
}
