import { getContext, setContext } from 'svelte';
import type { EditorState } from '../state/editor.svelte';

const KEY = Symbol('layerlab-editor');

/** The editor a canvas shows; a context so the same components serve the main editor and read-only run views. */
export function provideEditor(editor: EditorState): void {
  setContext(KEY, editor);
}

export function useEditor(): EditorState {
  return getContext<EditorState>(KEY);
}
