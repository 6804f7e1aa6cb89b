/** One sample of a Prometheus text exposition: `name{label="value",…} 12.5`. */
export type Sample = { name: string; labels: Record<string, string>; value: number };

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Enough of the text format for tests: samples with their labels; comments and timestamps ignored. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = value!.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** A scrape of one process's /metrics, with ways to look a series up. */
export async function scrapeMetrics(baseUrl: string) {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`${baseUrl}/metrics answered ${response.status}`);
  const samples = parsePrometheusText(await response.text());
  const matching = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return {
    samples,
    names: new Set(samples.map((s) => s.name)),
    matching,
    /** The sum of every series of that name with those labels (undefined: none exported). */
    value(name: string, labels: Record<string, string> = {}): number | undefined {
      const found = matching(name, labels);
      return found.length ? found.reduce((sum, s) => sum + s.value, 0) : undefined;
    },
  };
}

export type Scrape = Awaited<ReturnType<typeof scrapeMetrics>>;
