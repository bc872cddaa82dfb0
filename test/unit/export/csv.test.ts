import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportFileName, metricsCsv, toCsv } from '../../../src-shared/export/csv';

describe('CSV exports', () => {
  it('quotes commas, quotes and line breaks; empty for null; numbers as JavaScript prints them; csv-parse reads it back', () => {
    const text = toCsv(['name', 'value', 'note'], [['a,b', 0.1 + 0.2, 'say "hi"\nthen'], ['plain', NaN, null], ['flag', 1e-7, true]]);
    expect(text).toBe('name,value,note\n"a,b",0.30000000000000004,"say ""hi""\nthen"\nplain,NaN,\nflag,1e-7,true\n');
    expect(parse(text)).toEqual([['name', 'value', 'note'], ['a,b', '0.30000000000000004', 'say "hi"\nthen'], ['plain', 'NaN', ''], ['flag', '1e-7', 'true']]);
  });

  it('metric series in long form, one row per point, keys sorted', () => {
    const csv = metricsCsv({ r1: { 'val/loss': [{ step: 10, epoch: 1, wallMs: 5, value: 0.5 }], 'train/loss': [{ step: 1, epoch: 0.1, wallMs: 1, value: 2, stage: 1 }] } });
    expect(csv).toBe('run,key,stage,step,epoch,wall_ms,value\nr1,train/loss,1,1,0.1,1,2\nr1,val/loss,0,10,1,5,0.5\n');
    expect(exportFileName(['My run!', 'abc'], 'csv')).toBe('My-run-abc.csv');
  });
});
