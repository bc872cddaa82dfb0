import type { AppState, View } from './app.svelte';

/** Where the window is: the tab, and the run or runs it shows. Kept in the URL's hash and the browser's history. */
export interface Place {
  view: View;
  runId: string | null;
  compareIds: string[];
}

const VIEWS: readonly View[] = ['editor', 'runs', 'run', 'compare', 'datasets', 'plans'];

/** `#runs`, `#run/<id>`, `#compare/<id>,<id>`; the editor is `#editor`. */
export function placeToHash(place: Place): string {
  if (place.view === 'run' && place.runId) return `#run/${encodeURIComponent(place.runId)}`;
  if (place.view === 'compare' && place.compareIds.length) return `#compare/${place.compareIds.map(encodeURIComponent).join(',')}`;
  return `#${place.view === 'run' ? 'runs' : place.view}`;
}

/** The place a hash names; null for an empty or unknown hash (the window then stays where it starts). */
export function placeFromHash(hash: string): Place | null {
  const [head, rest = ''] = hash.replace(/^#/, '').split('/', 2);
  const view = VIEWS.find((known) => known === head);
  if (!view) return null;
  if (view === 'run') return rest ? { view, runId: decodeURIComponent(rest), compareIds: [] } : { view: 'runs', runId: null, compareIds: [] };
  if (view === 'compare') return { view, runId: null, compareIds: rest ? rest.split(',').map(decodeURIComponent) : [] };
  return { view, runId: null, compareIds: [] };
}

export function samePlace(a: Place, b: Place): boolean {
  return placeToHash(a) === placeToHash(b);
}

function currentPlace(app: AppState): Place {
  return { view: app.view, runId: app.openRunId, compareIds: [...app.compareIds] };
}

function go(app: AppState, place: Place): void {
  if (place.view === 'run' && place.runId) app.openRunId = place.runId;
  if (place.view === 'compare') app.compareIds = place.compareIds;
  app.view = place.view;
}

/**
 * Every change of tab, run or comparison becomes a browser history entry, so Back and Forward move between the
 * app's views instead of leaving it (and a reload comes back to the same view). Returns the cleanup.
 */
export function followNavigation(app: AppState, win: Window = window): () => void {
  const start = placeFromHash(win.location.hash);
  if (start) go(app, start);
  win.history.replaceState({ layerlab: true }, '', placeToHash(currentPlace(app)));
  let shown = currentPlace(app);

  const onPopState = () => {
    const place = placeFromHash(win.location.hash);
    if (!place) return;
    shown = place;
    go(app, place);
  };
  win.addEventListener('popstate', onPopState);

  const stop = $effect.root(() => {
    $effect(() => {
      const place = currentPlace(app);
      if (samePlace(place, shown)) return;
      shown = place;
      win.history.pushState({ layerlab: true }, '', placeToHash(place));
    });
  });
  return () => {
    win.removeEventListener('popstate', onPopState);
    stop();
  };
}
