/**
 * Dragging a layer kind from the palette onto the canvas with pointer events (not HTML5 drag and drop, which
 * gives no position feedback over the canvas and behaves differently across shells).
 */
export class PaletteDrag {
  kind = $state<string | null>(null);
  x = $state(0);
  y = $state(0);

  constructor(private readonly drop: (kind: string, client: { x: number; y: number }) => void) {}

  start(kind: string, event: PointerEvent): void {
    if (event.button !== 0) return;
    event.preventDefault();
    this.kind = kind;
    this.x = event.clientX;
    this.y = event.clientY;
    const move = (e: PointerEvent) => {
      this.x = e.clientX;
      this.y = e.clientY;
    };
    const up = (e: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      const kindDropped = this.kind;
      this.kind = null;
      const target = document.elementFromPoint(e.clientX, e.clientY);
      if (kindDropped && target?.closest('[data-drop-target="canvas"]')) this.drop(kindDropped, { x: e.clientX, y: e.clientY });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
}
