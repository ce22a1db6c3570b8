import { Badge, Container, Heading, Text } from "@medusajs/ui";
import { trackmapApi } from "../lib/trackmapApi";
import { usePolled } from "../lib/usePolled";

const OUTBOX_TEXT = {
  on: "on: calls are stored in the database before they are sent",
  off: "off: calls are not kept (a dry run, or `outbox: false`)",
  unavailable: "unavailable: its table is missing (run `npx medusa db:migrate`); calls are sent directly",
} as const;

/** The plugin's set-up: write key or dry run, the outbox, the mappings in force and their warnings. */
export function StatusSection() {
  const { data: status, error } = usePolled(() => trackmapApi.status(), "status", 30_000);
  return (
    <Container className="divide-y p-0" data-testid="trackmap-status">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Status</Heading>
        {status && (
          <Badge color={status.dry_run ? "orange" : "green"}>{status.dry_run ? "Dry run: no write key, calls are logged" : "Write key set"}</Badge>
        )}
      </div>
      {error && <Text className="text-ui-fg-error px-6 py-4">{error}</Text>}
      {status && (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Text size="small">Outbox {OUTBOX_TEXT[status.outbox]}</Text>
          {!status.mappings_loaded && (
            <Text size="small" className="text-ui-fg-error">
              The mappings could not be loaded: no event is tracked (see the errors in the server's log).
            </Text>
          )}
          <Text size="small" weight="plus">
            {status.events.filter((event) => !event.disabled).length} event(s) mapped to Segment
          </Text>
          <ul className="txt-compact-small text-ui-fg-subtle grid grid-cols-1 gap-x-6 md:grid-cols-2">
            {status.events.map(({ event, mapping, from, disabled }) => (
              <li key={event} title={mapping} className={disabled ? "line-through" : undefined}>
                <code>{event}</code> · {mapping.split("/").slice(-1)[0]} ({from === "shipped" ? "default" : "the store's"})
                {disabled ? " · disabled" : ""}
              </li>
            ))}
          </ul>
          {status.warnings.length > 0 && (
            <div>
              <Text size="small" weight="plus">
                Warnings
              </Text>
              <ul className="txt-compact-small text-ui-fg-subtle">
                {status.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </Container>
  );
}
