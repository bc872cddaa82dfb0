import type { EditorState } from '../state/editor.svelte';

export interface ShortcutActions {
  save(): void;
  open(): void;
}

function typingInField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

/** The editor's keyboard shortcuts; returns true when the key was handled. */
export function handleEditorKey(event: KeyboardEvent, editor: EditorState, actions: ShortcutActions): boolean {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === 's') return run(event, actions.save);
  if (mod && key === 'o') return run(event, actions.open);
  if (typingInField(event.target)) return false;
  if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) return run(event, () => editor.redo());
  if (mod && key === 'z') return run(event, () => editor.undo());
  if (!mod && (event.key === 'Delete' || event.key === 'Backspace')) return run(event, () => editor.deleteSelected());
  return false;
}

function run(event: KeyboardEvent, action: () => void): true {
  event.preventDefault();
  action();
  return true;
}
