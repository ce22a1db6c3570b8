import { Container, Heading, Input, Select, Text } from "@medusajs/ui";
import { useState } from "react";
import { trackmapApi } from "../lib/trackmapApi";
import { usePolled } from "../lib/usePolled";
import { CallPager } from "./CallPager";
import { CallTable } from "./CallTable";

const PAGE_SIZE = 20;
const ANY = "any";
const STATUSES = ["pending", "retrying", "dead", "delivered"];
const TYPES = ["track", "identify", "group", "page", "alias"];

/** The calls in the outbox, newest first, in the manner of Segment's debugger: filter by event, type and status. */
export function RecentCallsSection() {
  const [page, setPage] = useState(0);
  const [event, setEvent] = useState("");
  const [status, setStatus] = useState(ANY);
  const [type, setType] = useState(ANY);
  const filter = { event: event.trim() || undefined, status: status === ANY ? undefined : status, type: type === ANY ? undefined : type };
  const { data, error } = usePolled(
    () => trackmapApi.calls({ limit: PAGE_SIZE, offset: page * PAGE_SIZE, ...filter }),
    JSON.stringify([page, filter]),
  );
  const count = data?.count ?? 0;
  const filtered = (set: (value: string) => void) => (value: string) => {
    set(value);
    setPage(0);
  };
  return (
    <Container className="divide-y p-0" data-testid="trackmap-recent">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <Heading level="h2">Recent calls</Heading>
        <div className="flex gap-x-2">
          <Input
            size="small"
            placeholder="Track event, e.g. Order Completed"
            value={event}
            onChange={(change) => filtered(setEvent)(change.target.value)}
            aria-label="event"
          />
          <Choice label="type" value={type} options={TYPES} onChange={filtered(setType)} />
          <Choice label="status" value={status} options={STATUSES} onChange={filtered(setStatus)} />
        </div>
      </div>
      {error && <Text className="text-ui-fg-error px-6 py-4">{error}</Text>}
      <CallTable calls={data?.calls ?? []} empty="No calls match." />
      {data?.count_capped && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-3" data-testid="trackmap-recent-capped">
          {`More than ${count.toLocaleString("en-US")} calls match: the pages stop there. Filter by event, type or status to see older ones.`}
        </Text>
      )}
      <CallPager count={count} pageSize={PAGE_SIZE} page={page} onPage={setPage} />
    </Container>
  );
}

function Choice({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange: (value: string) => void }) {
  return (
    <div className="w-36">
      <Select size="small" value={value} onValueChange={onChange}>
        <Select.Trigger aria-label={label}>
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          <Select.Item value={ANY}>{`Any ${label}`}</Select.Item>
          {options.map((option) => (
            <Select.Item key={option} value={option}>
              {option}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    </div>
  );
}
