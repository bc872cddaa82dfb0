import type { EditorState } from '../state/editor.svelte';

export interface ShortcutActions {
  save(): void;
  open(): void;
  help(): void;
}

/** Every shortcut, for the sheet `?` opens. */
export const SHORTCUTS: { keys: string; does: string }[] = [
  { keys: 'Tab / Shift+Tab', does: 'move between palette layers, fields and buttons' },
  { keys: 'Enter (on a palette layer)', does: 'add that layer below the selected one, wired to it' },
  { keys: 'Delete / Backspace', does: 'delete the selected layers and connections' },
  { keys: 'Ctrl+Z', does: 'undo (also a New, template or Train again that replaced the network)' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', does: 'redo' },
  { keys: 'Ctrl+S', does: 'save the network as JSON' },
  { keys: 'Ctrl+O', does: 'open a network JSON' },
  { keys: 'Shift+drag', does: 'select several layers' },
  { keys: '?', does: 'show this sheet; Escape closes it' },
];

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
  if (!mod && event.key === '?') return run(event, actions.help);
  return false;
}

function run(event: KeyboardEvent, action: () => void): true {
  event.preventDefault();
  action();
  return true;
}
