import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';

const BENCHMARKS_FILE = path.resolve(__dirname, '..', 'BENCHMARKS.md');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const ratio = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
export const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Replaces the section between `<!-- bench:<name>:start -->` and its end marker in BENCHMARKS.md, or
 * appends it, then formats the file as `npm run lint` expects (tables aligned by Prettier).
 */
export async function writeBenchmarkSection(name: string, lines: string[]): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = [start, ...lines, end].join('\n');
  const current = readFileSync(BENCHMARKS_FILE, 'utf8');
  const pattern = new RegExp(`${start}[\\s\\S]*${end}`);
  const updated = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`;
  const options = await prettier.resolveConfig(BENCHMARKS_FILE);
  writeFileSync(BENCHMARKS_FILE, await prettier.format(updated, { ...options, filepath: BENCHMARKS_FILE }));
}
