import { LIST_USAGE } from './list';
import { RUN_USAGE } from './run';
import { RESUME_USAGE } from './resume';
import { SHOW_USAGE } from './show';
import { EXPORT_USAGE } from './export';
import { SERVE_USAGE } from './serve';
import { DATASET_USAGE } from './dataset';
import { STUDY_USAGE } from './study';
import { PLAN_USAGE } from './plan';
import { REPORT_USAGE } from './report';
import { BACKUP_USAGE } from './backup';

export const HELP_TEXT = `LayerLab: draw a network, train it, keep every run, compare.

usage:
  ${RUN_USAGE}
      Train SPEC.json (a model spec, or a template {spec, config, dataset}); flags override its settings.
      Progress goes to stderr; with --json the last line of stdout is the result as one JSON object.
      Ctrl-C stops the run after the current batch (status "stopped").
  ${RESUME_USAGE}
      Continue a crashed or stopped run from its last checkpoint (saved at each epoch's end, and on Ctrl-C)
      as a new run that names it as its parent: same network, settings, seed and data; its metrics start
      with the parent's up to the checkpoint. Output and exit codes as for run.
  ${LIST_USAGE}
      The runs in the history, newest first.
  ${SHOW_USAGE}
      One run: settings, results and every metric series (RUN_ID may be a unique prefix).
  ${EXPORT_USAGE}
      A run's network with its final weights (tfjs: TF.js Layers model.json; onnx: model.onnx taking raw
      inputs; keras, pytorch: a Python script and weights.npz) or its numbers (record: run.json, metrics: CSV).
      PATH is a file for one-file formats, else a folder; a PATH ending in .zip gets a zip.
  ${SERVE_USAGE}
      The workbench in a browser, served from this machine on 127.0.0.1. --allow-host NAME also answers
      requests addressed to NAME (a reverse proxy's name); --allow-dir DIR lets the browser import dataset
      files by path from DIR (otherwise it uploads them) and send Slurm plans to a shared folder inside DIR.
  ${DATASET_USAGE}
      Import, list, show or remove your own datasets (IDX, CSV).
  ${STUDY_USAGE}
      Dropout study: the template and its ablation without dropout (dropout bypassed, max-norm off) on
      seeds 1..N, --parallel runs at once (default one per core); then mean ± sd, paired t, Wilcoxon,
      McNemar, the 95% CI and a verdict. The same command again resumes it, skipping completed runs
      and continuing interrupted ones from their checkpoints. It is the dropout plan of the plans below;
      plan ablate --preset dbn-dropout-finetuning is it on the DBN (dropout vs standard fine-tuning).
  ${PLAN_USAGE}
      Experiment plans over any setting, by the dotted path Compare shows (config.learningRate,
      config.maxNorm, node.h1.units, dataset.trainLimit, procedure.PARAM). ablate: value A vs value B on
      seeds 1..N, then the paired statistics and a verdict. sweep: a grid (the product of every --grid)
      and/or --random trials drawn from --space, × seeds; a results table sorted by the objective, the best
      marked. The same command again (even with more seeds or trials) reuses the runs done and continues
      interrupted ones; Ctrl-C stops the plan. list / show: the plans in the history.
      --slurm SHARED_DIR sends the slots to a Slurm cluster as one job array instead (docs/slurm.md):
      each task writes a run record under SHARED_DIR; status shows the slots' states and live figures,
      sync brings finished records into this history (again: nothing twice), cancel scancels, resubmit
      sends the failed, cancelled and timed-out slots again.
  ${REPORT_USAGE}
      A study's self-contained HTML report (verdict, tables, SVG charts, exact settings, fingerprints).
  ${BACKUP_USAGE}
      A consistent copy of history.db (SQLite's online backup, safe while runs write); artifacts/ is not
      included. Restore it by copying it back as history.db while LayerLab is not running.
  layerlab help

The history (history.db and artifacts/) lives in --data-dir, else $LAYERLAB_DATA_DIR, else the app-data
folder the desktop app uses.

exit codes: 0 success; 1 the run failed, diverged or crashed; 2 bad input (spec, config, arguments,
dataset); 130 stopped by Ctrl-C.
`;

export function helpCommand(): number {
  process.stdout.write(HELP_TEXT);
  return 0;
}
