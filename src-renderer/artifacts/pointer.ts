/** A pointer event's position in the drawing's own units (the SVG is scaled to its box's width). */
export function pointerIn(host: HTMLElement, event: PointerEvent, drawingWidth: number): { x: number; y: number } {
  const box = host.getBoundingClientRect();
  const factor = box.width > 0 ? drawingWidth / box.width : 1;
  return { x: (event.clientX - box.left) * factor, y: (event.clientY - box.top) * factor };
}
