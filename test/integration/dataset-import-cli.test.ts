import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerlab, runAndShow, VEGA } from './dataset-import-helpers';

const templates = join(process.cwd(), 'resources/templates');

describe('bring your own table, end to end through the CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-table-import-'));

  it('imports cars.json and trains the regression template, reporting RMSE and MAE', () => {
    const imported = layerlab(['dataset', 'import', join(VEGA, 'cars.json'), '--name', 'cars', '--target', 'Miles_per_Gallon', '--drop-missing', '--data-dir', dataDir, '--json']);
    expect(imported.status).toBe(0);
    const meta = JSON.parse(imported.stdout);
    expect(meta).toMatchObject({ task: 'regression', inputShape: [20], droppedRows: 14 });

    const { detail, last } = runAndShow([join(templates, 'salary-regression-dropout.json'), '--epochs', '8'], dataDir);
    expect(detail.run.status).toBe('completed');
    expect(detail.run.datasetFingerprint).toBe(meta.fingerprint);
    const rmse = last('test/rmse')!;
    const mae = last('test/mae')!;
    // Predicting the mean would give about the target's sd; a trained net must do clearly better.
    expect(rmse).toBeLessThan(meta.targetStats.sd * 0.8);
    expect(mae).toBeGreaterThan(0);
    expect(mae).toBeLessThanOrEqual(rmse);
    expect(detail.run.testRmse).toBeCloseTo(rmse, 6);
    console.log(`cars: test RMSE ${rmse.toFixed(3)} mpg, MAE ${mae.toFixed(3)} mpg after 8 epochs (target sd ${meta.targetStats.sd.toFixed(3)})`);
  });

  it('imports seattle-weather.csv and trains the tabular classifier, reporting the error rate', () => {
    const imported = layerlab(['dataset', 'import', join(VEGA, 'seattle-weather.csv'), '--name', 'seattle-weather', '--target', 'weather', '--data-dir', dataDir, '--json']);
    expect(imported.status).toBe(0);
    const meta = JSON.parse(imported.stdout);
    expect(meta.classNames).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);

    const { detail, last } = runAndShow([join(templates, 'tabular-classifier.json'), '--epochs', '10'], dataDir);
    expect(detail.run.status).toBe('completed');
    const errorRate = last('test/error_rate')!;
    const majority = Math.max(...meta.classCounts.test) / meta.testCount;
    expect(detail.run.testErrorRate).toBeCloseTo(errorRate, 6);
    // Better than always answering the most common test class.
    expect(errorRate).toBeLessThan(1 - majority);
    console.log(`seattle-weather: test error rate ${(errorRate * 100).toFixed(1)}% after 10 epochs (majority-class baseline ${((1 - majority) * 100).toFixed(1)}%)`);
  });

  it('exits 2 on a broken file, names the file and line, and leaves nothing behind', () => {
    const file = join(dataDir, 'ragged.csv');
    writeFileSync(file, 'a,b,y\n1,2,x\n3,4\n');
    const result = layerlab(['dataset', 'import', file, '--name', 'ragged', '--data-dir', dataDir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/ragged\.csv, line 3: ragged row: 2 fields/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dataDir, 'datasets', 'ragged'))).toBe(false);
    expect(readdirSync(join(dataDir, 'datasets')).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('lists, shows and removes through the CLI', () => {
    expect(layerlab(['dataset', 'list', '--data-dir', dataDir]).stdout).toMatch(/cars\s+regression[\s\S]*seattle-weather\s+classification/);
    expect(layerlab(['dataset', 'show', 'cars', '--data-dir', dataDir]).stdout).toMatch(/Origin\s+categorical\s+0\s+one-hot: Europe, Japan, USA/);
    expect(layerlab(['dataset', 'remove', 'cars', '--data-dir', dataDir]).status).toBe(0);
    const gone = layerlab(['dataset', 'show', 'cars', '--data-dir', dataDir]);
    expect(gone.status).toBe(2);
    expect(gone.stderr).toMatch(/no imported dataset "cars"/);
  });
});
