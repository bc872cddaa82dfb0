import { afterEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/store';
import { newRun, tempDataDir } from '../store/fixtures';

describe('StudyStore (real SQLite file)', () => {
  let store: RunStore | undefined;
  afterEach(() => store?.close());

  it('stores a study as an experiment of kind study, finds it by key, and lists its runs per slot', () => {
    const dataDir = tempDataDir();
    store = RunStore.open(dataDir);
    const study = store.studies.create({
      name: 'dropout study',
      key: 'k1',
      templateId: 'mlp',
      template: { id: 'mlp' },
      options: { seeds: 2 },
    });
    expect(store.experiments.get(study.id)?.kind).toBe('study');
    expect(store.studies.findByKey('k1')?.id).toBe(study.id);
    expect(store.studies.findByKey('k2')).toBeUndefined();

    const first = store.createRun(newRun({ experimentId: study.id }));
    const retry = store.createRun(newRun({ experimentId: study.id }));
    store.studies.linkRun(study.id, { runId: first.id, variant: 'dropout', seed: 1 });
    store.studies.linkRun(study.id, { runId: retry.id, variant: 'dropout', seed: 1 });
    store.close();

    store = RunStore.open(dataDir);
    const reopened = store.studies.get(study.id)!;
    expect(reopened).toMatchObject({ key: 'k1', templateId: 'mlp', options: { seeds: 2 } });
    expect(store.studies.runsOf(study.id)).toEqual([
      { runId: first.id, variant: 'dropout', seed: 1 },
      { runId: retry.id, variant: 'dropout', seed: 1 },
    ]);
    expect(store.studies.list().map((s) => s.id)).toEqual([study.id]);
    store.deleteRun(first.id);
    expect(store.studies.runsOf(study.id).map((link) => link.runId)).toEqual([retry.id]);
  });

  it('refuses a second study with the same key', () => {
    store = RunStore.open(tempDataDir());
    store.studies.create({ name: 'a', key: 'same', templateId: 't', template: {}, options: {} });
    expect(() => store!.studies.create({ name: 'b', key: 'same', templateId: 't', template: {}, options: {} })).toThrow(/UNIQUE/);
    expect(store.experiments.list()).toHaveLength(1);
  });
});
