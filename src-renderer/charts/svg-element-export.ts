import { escapeXml } from '../artifacts/svg';

/** Presentation properties that CSS (classes, theme variables) may set and a standalone file must carry itself. */
const INLINED = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-size', 'font-weight', 'text-anchor'];

/**
 * A drawn <svg> as a standalone SVG file: each element's computed presentation inlined (theme colours are CSS
 * variables the file would not have), its on-screen size, a white background and the title on top.
 */
export function svgElementFile(svg: SVGSVGElement, title: string): { svg: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const sources = [svg, ...svg.querySelectorAll('*')];
  const targets = [clone, ...clone.querySelectorAll('*')];
  sources.forEach((source, i) => {
    const target = targets[i] as SVGElement;
    if (target.tagName === 'title') return;
    for (const attribute of [...target.attributes]) if (attribute.value.includes('var(')) target.removeAttribute(attribute.name);
    const style = getComputedStyle(source);
    target.setAttribute('style', INLINED.map((name) => `${name}:${style.getPropertyValue(name)}`).join(';'));
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('y', '26');
  const inner = new XMLSerializer().serializeToString(clone);
  const total = height + 26;
  return {
    svg:
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="system-ui, sans-serif">` +
      `<rect width="${width}" height="${total}" fill="#ffffff"/><text x="8" y="17" font-size="13" font-weight="600" fill="#222">${escapeXml(title)}</text>${inner}</svg>`,
    width,
    height: total,
  };
}
