/**
 * Import throughput and peak memory for a generated 200 MB CSV.
 * Run: npx tsx test/bench/import-csv.ts [--mb 200]
 * Baselines in the same run: reading the file's bytes through a plain stream, and one parse pass of
 * csv-parse (the import makes one such pass, keeping each cell as a number and a value id, then writes).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDataset } from '../../src-main/services/datasets';
import { VisitingParser } from '../../src-main/services/datasets/table-source';

const targetMb = Number(process.argv[process.argv.indexOf('--mb') + 1]) || 200;
const dir = mkdtempSync(join(tmpdir(), 'layerlab-bench-import-'));
const file = join(dir, 'big.csv');
const mb = (bytes: number) => bytes / 1e6;

async function generate(): Promise<number> {
  const out = createWriteStream(file);
  const colours = ['red', 'green', 'blue', 'cyan', 'magenta'];
  out.write('f1,f2,f3,f4,f5,f6,f7,f8,colour,label\n');
  let bytes = 0;
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  let rows = 0;
  while (bytes < targetMb * 1e6) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++, rows++) {
      const values = Array.from({ length: 8 }, () => (random() * 200 - 100).toFixed(4));
      lines.push(`${values.join(',')},${colours[Math.floor(random() * 5)]},class${Math.floor(random() * 3)}`);
    }
    const chunk = `${lines.join('\n')}\n`;
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

/** Runs `work`, sampling the resident set size every 20 ms; returns seconds and the peak RSS in MB. */
async function measure(work: () => Promise<unknown>): Promise<{ seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds, peakMb: mb(peak) };
}

async function plainRead(): Promise<void> {
  for await (const _chunk of createReadStream(file, { highWaterMark: 1 << 20 }));
}

async function parseOnce(): Promise<void> {
  // The way the import reads: csv-parse's parser, each record visited where it is pushed.
  let records = 0;
  const parser = new VisitingParser({ relax_column_count: true }, () => void records++);
  createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parser).resume();
  await once(parser, 'end');
}

try {
  const rows = await generate();
  const size = statSync(file).size;
  console.log(`generated ${mb(size).toFixed(1)} MB, ${rows} rows × 10 columns (8 numeric, 1 categorical, 1 label)`);
  const idleMb = mb(process.memoryUsage().rss);
  const read = await measure(plainRead);
  const parsed = await measure(parseOnce);
  const imported = await measure(() => importDataset({ files: [file], name: 'bench', target: 'label', dataDir: join(dir, 'data') }));
  const report = (label: string, m: { seconds: number; peakMb: number }) =>
    console.log(`${label.padEnd(26)} ${m.seconds.toFixed(2).padStart(7)} s  ${(mb(size) / m.seconds).toFixed(1).padStart(7)} MB/s  peak RSS ${m.peakMb.toFixed(0)} MB`);
  console.log(`RSS before: ${idleMb.toFixed(0)} MB; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the start`);
  report('plain stream read', read);
  report('csv-parse, one pass', parsed);
  report('import (1 pass + write)', imported);
  console.log(
    `import throughput ${(mb(size) / imported.seconds).toFixed(1)} MB/s = ${((parsed.seconds / imported.seconds) * 100).toFixed(0)}% of one csv-parse pass, ` +
      `${((read.seconds / imported.seconds) * 100).toFixed(1)}% of a plain read; peak RSS ${imported.peakMb.toFixed(0)} MB for a ${mb(size).toFixed(0)} MB file`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
