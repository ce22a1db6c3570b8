import type { TrackmapFigures } from "../lib/trackmapApi";

const WIDTH = 1200;
const HEIGHT = 90;

/**
 * Calls per minute over the last `hours`, as bars in plain SVG: calls stored (grey) behind calls
 * Segment accepted (green). Minutes without calls are gaps.
 */
export function MinuteChart({ perMinute, now, hours }: { perMinute: TrackmapFigures["per_minute"]; now: string; hours: number }) {
  const end = Math.floor(new Date(now).getTime() / 60_000);
  const minutes = hours * 60;
  const barWidth = WIDTH / minutes;
  const highest = Math.max(1, ...perMinute.map((minute) => Math.max(minute.stored, minute.delivered)));
  const bar = (count: number) => (count / highest) * (HEIGHT - 4);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 20}`} className="w-full" role="img" aria-label={`calls per minute over the last ${hours} hours`}>
      <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} stroke="currentColor" strokeOpacity={0.2} />
      {perMinute.map(({ minute, stored, delivered }) => {
        const x = (minutes - 1 - (end - Math.floor(new Date(minute).getTime() / 60_000))) * barWidth;
        return (
          <g key={minute}>
            <title>{`${new Date(minute).toLocaleTimeString()}: ${stored} stored, ${delivered} delivered`}</title>
            <rect x={x} y={HEIGHT - bar(stored)} width={Math.max(barWidth, 1)} height={bar(stored)} fill="#a1a1aa" />
            <rect x={x} y={HEIGHT - bar(delivered)} width={Math.max(barWidth, 1)} height={bar(delivered)} fill="#10b981" />
          </g>
        );
      })}
      <text x={0} y={HEIGHT + 16} fontSize={12} fill="currentColor">{`${hours} h ago`}</text>
      <text x={WIDTH} y={HEIGHT + 16} fontSize={12} fill="currentColor" textAnchor="end">
        now · highest {highest}/min
      </text>
    </svg>
  );
}
