import { Button, Checkbox, Input, Label, Text } from "@medusajs/ui";
import { type ReactNode, useState } from "react";
import { formatSeconds } from "../lib/formatSeconds";
import { type BackfillEstimate, type BackfillRequest, type BackfillState, trackmapApi } from "../lib/trackmapApi";
import { useAction } from "../lib/useAction";

const DEFAULT_RATE = 100;

/**
 * What to backfill: the records created in a date range, the events, the rate. "Dry run" asks for the
 * estimate (records, calls, time at the rate, the first calls); "Start" is enabled only once the estimate
 * shown is that of the form as it is, so that nothing starts unseen.
 */
export function BackfillForm({ events, onStarted }: { events: BackfillState["events"]; onStarted: (jobId: string) => void }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [rate, setRate] = useState(String(DEFAULT_RATE));
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(events.filter((e) => e.tracked).map((e) => e.event)));
  const [estimate, setEstimate] = useState<{ of: string; estimate: BackfillEstimate }>();
  const { busy, run } = useAction();

  const request: BackfillRequest = {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    events: events.map((e) => e.event).filter((event) => chosen.has(event)),
    rate: Number(rate),
  };
  const key = JSON.stringify(request);
  const valid = chosen.size > 0 && rate.trim() !== "" && Number.isFinite(request.rate) && request.rate! >= 0;
  const seen = estimate?.of === key ? estimate.estimate : undefined;

  const dryRun = () => run(async () => setEstimate({ of: key, estimate: await trackmapApi.estimateBackfill(request) }));
  const start = () =>
    run(async () => {
      const job = await trackmapApi.startBackfill(request);
      if (job) onStarted(job.id);
    });
  const choose = (event: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(event);
    else next.delete(event);
    setChosen(next);
  };

  return (
    <div className="flex flex-col gap-y-4 px-6 py-4" data-testid="backfill-form">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Field id="backfill-from" label="Created from">
          <Input id="backfill-from" type="date" size="small" value={from} onChange={(change) => setFrom(change.target.value)} />
        </Field>
        <Field id="backfill-to" label="Created before">
          <Input id="backfill-to" type="date" size="small" value={to} onChange={(change) => setTo(change.target.value)} />
        </Field>
        <Field id="backfill-rate" label="Calls per second (0: no limit)">
          <Input id="backfill-rate" type="number" min={0} size="small" value={rate} onChange={(change) => setRate(change.target.value)} />
        </Field>
      </div>
      <fieldset className="flex flex-col gap-y-2">
        <legend className="txt-compact-small-plus mb-2">Events</legend>
        <div className="grid grid-cols-1 gap-2 md:grid-cols-3">
          {events.map(({ event, tracked }) => (
            <div key={event} className="flex items-center gap-x-2" title={tracked ? undefined : "No mapping handles it (or it is disabled): no call"}>
              <Checkbox
                id={`backfill-event-${event}`}
                checked={chosen.has(event)}
                disabled={!tracked}
                onCheckedChange={(checked) => choose(event, checked === true)}
              />
              <Label htmlFor={`backfill-event-${event}`} size="small" className={tracked ? undefined : "text-ui-fg-disabled"}>
                {event}
              </Label>
            </div>
          ))}
        </div>
      </fieldset>
      <div className="flex gap-x-2">
        <Button size="small" variant="secondary" disabled={!valid || busy} isLoading={busy && !seen} onClick={dryRun}>
          Dry run
        </Button>
        <Button size="small" disabled={!valid || busy || !seen} onClick={start}>
          Start
        </Button>
      </div>
      {!seen && estimate && (
        <Text size="small" className="text-ui-fg-subtle">
          The form changed since the dry run: run it again to see what would be sent.
        </Text>
      )}
      {seen && <EstimateView estimate={seen} />}
    </div>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={id} size="small">
        {label}
      </Label>
      {children}
    </div>
  );
}

function EstimateView({ estimate }: { estimate: BackfillEstimate }) {
  const time =
    estimate.seconds === undefined ? "as fast as Segment takes them" : `about ${formatSeconds(estimate.seconds)} at ${estimate.rate} calls/s`;
  return (
    <div className="flex flex-col gap-y-2" data-testid="backfill-estimate">
      <Text size="small" weight="plus">
        {`${estimate.records} records, about ${estimate.calls} calls (estimated from the first ${estimate.sampled}), ${time}.`}
      </Text>
      {estimate.errors.length > 0 && (
        <ul className="txt-compact-small text-ui-fg-error">
          {estimate.errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <Text size="small" className="text-ui-fg-subtle">
        {estimate.firstCalls.length ? "The first calls, as they would be sent:" : "No call: nothing in the range gives one."}
      </Text>
      {estimate.firstCalls.length > 0 && (
        <pre className="txt-compact-xsmall bg-ui-bg-subtle max-h-96 overflow-auto whitespace-pre-wrap rounded p-3" data-testid="backfill-first-calls">
          {JSON.stringify(estimate.firstCalls, null, 2)}
        </pre>
      )}
    </div>
  );
}
