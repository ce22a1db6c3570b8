import { Button, Container, Heading, Text, toast } from "@medusajs/ui";
import { useState } from "react";
import { trackmapApi } from "../lib/trackmapApi";
import { useAction } from "../lib/useAction";
import { usePolled } from "../lib/usePolled";
import { CallTable } from "./CallTable";

const PAGE_SIZE = 10;

/**
 * The Segment calls made for one order (the subject of its event, or a record its mapping loaded), or for
 * one customer and their orders, newest first, with status, time and messageId (in the JSON), and re-send of a dead one.
 */
export function EntityCallsWidget({ entityId, what }: { entityId: string; what: "order" | "customer" }) {
  const [page, setPage] = useState(0);
  // A customer's page shows their orders' calls too (stored under the orders' ids).
  const load = what === "customer" ? trackmapApi.forCustomer : trackmapApi.forEntity;
  const { data, error, reload } = usePolled(() => load(entityId, { limit: PAGE_SIZE, offset: page * PAGE_SIZE }), `${entityId}:${page}`);
  const { run } = useAction();
  const resend = (messageId: string) =>
    run(async () => {
      await trackmapApi.resend([messageId]);
      toast.success("Put back to be sent");
      await reload();
    });
  return (
    <Container className="divide-y p-0" data-testid="trackmap-entity-calls">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Segment</Heading>
        <div className="flex gap-x-2">
          <Button size="small" variant="transparent" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Newer
          </Button>
          <Button size="small" variant="transparent" disabled={!data?.has_more} onClick={() => setPage(page + 1)}>
            Older
          </Button>
        </div>
      </div>
      {error && <Text className="text-ui-fg-error px-6 py-4">{error}</Text>}
      <div className="overflow-x-auto">
        <CallTable calls={data?.calls ?? []} onResend={resend} showMessageId empty={`No Segment calls for this ${what} in the outbox.`} />
      </div>
    </Container>
  );
}
