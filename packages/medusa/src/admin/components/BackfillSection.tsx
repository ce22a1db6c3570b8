import { Container, Heading, Text } from "@medusajs/ui";
import { useEffect, useState } from "react";
import { trackmapApi } from "../lib/trackmapApi";
import { usePolled } from "../lib/usePolled";
import { BackfillForm } from "./BackfillForm";
import { BackfillProgress } from "./BackfillProgress";

/**
 * History into Segment (docs/backfill.md): a form to dry run then start a backfill, and while one is active
 * (from this page or another process) its progress, with pause, resume and cancel. The page follows the job it
 * saw by its id, so that its end (completed, canceled, failed) stays in view until the operator starts anew.
 */
export function BackfillSection() {
  const [followed, setFollowed] = useState<string>();
  const [dismissed, setDismissed] = useState<string>();
  const { data, error, reload } = usePolled(() => trackmapApi.backfill(followed), followed ?? "active", 1000);
  const job = data?.backfill && data.backfill.id !== dismissed ? data.backfill : undefined;
  useEffect(() => {
    if (job && job.id !== followed) setFollowed(job.id);
  }, [job, followed]);

  const follow = (id: string) => {
    setFollowed(id);
    void reload();
  };
  const startAnew = () => {
    setDismissed(followed);
    setFollowed(undefined);
  };
  return (
    <Container className="divide-y p-0" data-testid="trackmap-backfill">
      <div className="px-6 py-4">
        <Heading level="h2">Backfill</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          The store's past customers and orders sent to Segment through the same mappings, each call at its record's own time and with the messageId
          live tracking gives it: a call Segment already has is not sent again.
        </Text>
      </div>
      {error && <Text className="text-ui-fg-error px-6 py-4">{error}</Text>}
      {job ? (
        <BackfillProgress job={job} onChange={reload} onStartAnew={startAnew} />
      ) : (
        data && <BackfillForm events={data.events} onStarted={follow} />
      )}
    </Container>
  );
}
