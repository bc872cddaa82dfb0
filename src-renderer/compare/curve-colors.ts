/** A run's colour mixed towards white by `amount` (0 = the colour, 1 = white): its training curves' shade. */
export function tint(color: string, amount: number): string {
  const match = /^#([0-9a-f]{6})$/i.exec(color);
  if (!match) throw new Error(`tint: expected a #rrggbb colour, got "${color}"`);
  const value = parseInt(match[1], 16);
  const channel = (shift: number) => {
    const c = (value >> shift) & 0xff;
    return Math.round(c + (255 - c) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(16)}${channel(8)}${channel(0)}`;
}

/** How much lighter than the run's own colour (its validation curve) each kind of curve is drawn in Compare. */
export const CURVE_TINT = { step: 0.65, train: 0.45, val: 0, 'val-second': 0.25 } as const;
