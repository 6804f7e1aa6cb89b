import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import type { RevenueTable } from './revenue-days';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = ['#3b5bdb', '#e8590c', '#2b8a3e', '#862e9c', '#c92a2a'];

/** Revenue per day as bars, one series per currency. The same numbers are in the table beside it for screen readers. */
export function RevenueChart({ table, label }: { table: RevenueTable; label: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: table.days,
        datasets: table.currencies.map((currency, i) => ({
          label: currency,
          data: table.revenue[currency] ?? [],
          backgroundColor: COLOURS[i % COLOURS.length],
        })),
      },
      options: {
        // Drawn at once: nothing moves for people who asked for reduced motion, and the canvas is complete when it appears.
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true } },
      },
    });
    return () => chart.destroy();
  }, [table]);

  return (
    <div className="chart">
      <canvas ref={canvasRef} role="img" aria-label={label} />
    </div>
  );
}
