import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Series {
  label: string;
  values: number[];
  color: string;
}

/**
 * A time series chart (uPlot, loaded only with the analytics page): x is the
 * bucket start in seconds, one line per series, axis labels and the legend
 * with the hovered values as the tooltip.
 */
export function LineChart({ x, series, yLabel, xLabel, format }: { x: number[]; series: Series[]; yLabel: string; xLabel: string; format: (t: number) => string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth || 640),
        height: 260,
        scales: { x: { time: false } },
        axes: [ // i18n-ignore
          { label: xLabel, values: (_u, ticks) => ticks.map((t) => format(t)) },
          { label: yLabel },
        ],
        series: [{ label: xLabel, value: (_u, v) => (v == null ? "–" : format(v)) }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: x.length < 40 } }))],
      },
      [x, ...series.map((s) => s.values)],
      el,
    );
    const resize = () => plot.setSize({ width: Math.max(320, el.clientWidth), height: 260 });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      plot.destroy();
    };
  }, [x, series, yLabel, xLabel, format]);
  return <div ref={host} class="analytics-chart" data-testid="analytics-chart" />;
}
