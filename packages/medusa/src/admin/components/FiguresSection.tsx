import { Container, Heading, Select, Text } from "@medusajs/ui";
import { useState } from "react";
import { trackmapApi } from "../lib/trackmapApi";
import { usePolled } from "../lib/usePolled";
import { MinuteChart } from "./MinuteChart";

const FIGURES = [
  ["pending", "Pending"],
  ["retrying", "Retrying"],
  ["dead", "Dead"],
] as const;

/** The outbox's figures and calls per minute, refreshed every few seconds. */
export function FiguresSection() {
  const [hours, setHours] = useState(3);
  const { data: figures, error } = usePolled(() => trackmapApi.figures(hours), String(hours));
  return (
    <Container className="divide-y p-0" data-testid="trackmap-figures">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Outbox</Heading>
        <div className="w-32">
          <Select value={String(hours)} onValueChange={(value) => setHours(Number(value))}>
            <Select.Trigger>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {[1, 3, 6, 12, 24].map((h) => (
                <Select.Item key={h} value={String(h)}>{`Last ${h} h`}</Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      </div>
      {error && <Text className="text-ui-fg-error px-6 py-4">{error}</Text>}
      {figures && !figures.counts && (
        <Text className="text-ui-fg-subtle px-6 py-4">The outbox is {figures.outbox}: there are no figures to show.</Text>
      )}
      {figures?.counts && (
        <>
          <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
            {FIGURES.map(([key, label]) => (
              <Figure key={key} label={label} value={figures.counts![key]} testId={`figure-${key}`} />
            ))}
            <Figure label="Delivered, last 24 h" value={figures.delivered_last_24h ?? 0} testId="figure-delivered" />
          </div>
          <div className="px-6 py-4">
            <Text size="small" className="text-ui-fg-subtle mb-2">
              Calls per minute: stored (grey), delivered to Segment (green)
            </Text>
            <MinuteChart perMinute={figures.per_minute} now={figures.now} hours={hours} />
          </div>
        </>
      )}
    </Container>
  );
}

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div>
      <Text size="small" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Heading level="h2" data-testid={testId}>
        {value.toLocaleString()}
      </Heading>
    </div>
  );
}
