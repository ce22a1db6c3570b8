import { Button, Container, Heading, Text, toast } from "@medusajs/ui";
import { useState } from "react";
import { trackmapApi } from "../lib/trackmapApi";
import { useAction } from "../lib/useAction";
import { usePolled } from "../lib/usePolled";
import { CallPager } from "./CallPager";
import { CallTable } from "./CallTable";

const PAGE_SIZE = 10;

/** Calls Segment refused or that failed validation: their reasons, and re-sending one, the selected, or all. */
export function DeadCallsSection() {
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { data, error, reload } = usePolled(() => trackmapApi.dead({ limit: PAGE_SIZE, offset: page * PAGE_SIZE }), String(page));

  const { run } = useAction();
  const resend = (which: string[] | "all") =>
    run(async () => {
      const resent = await trackmapApi.resend(which);
      toast.success(`${resent} call(s) put back to be sent`);
      setSelected(new Set());
      await reload();
    });
  const select = (messageId: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(messageId);
    else next.delete(messageId);
    setSelected(next);
  };
  const count = data?.count ?? 0;
  return (
    <Container className="divide-y p-0" data-testid="trackmap-dead">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Dead calls</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Refused by Segment or invalid: kept with the reason, sent again only on request (each keeps its messageId).
          </Text>
        </div>
        <div className="flex gap-x-2">
          <Button size="small" variant="secondary" disabled={selected.size === 0} onClick={() => resend([...selected])}>
            Re-send selected ({selected.size})
          </Button>
          <Button size="small" variant="secondary" disabled={count === 0} onClick={() => resend("all")}>
            Re-send all
          </Button>
        </div>
      </div>
      {error && <Text className="text-ui-fg-error px-6 py-4">{error}</Text>}
      <div className="overflow-x-auto">
        <CallTable
          calls={data?.calls ?? []}
          selected={selected}
          onSelect={select}
          onResend={(messageId) => resend([messageId])}
          showAttemptTimes
          empty="No dead calls."
        />
      </div>
      <CallPager count={count} pageSize={PAGE_SIZE} page={page} onPage={setPage} />
    </Container>
  );
}
