/** The mark drawn over the favicon: a dot for unread messages, a larger "@" for mentions. */
export type FaviconMark = 'unread' | 'mention';

const SIZE = 64;

/**
 * The icon with the mark in its top-right corner, as a PNG data URL; null where a
 * canvas cannot draw (no 2D context, a tainted canvas, a test DOM).
 */
export function drawFaviconBadge(
  document: Document,
  icon: CanvasImageSource,
  mark: FaviconMark,
): string | null {
  try {
    const canvas = document.createElement('canvas');
    canvas.width = SIZE;
    canvas.height = SIZE;
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(icon, 0, 0, SIZE, SIZE);
    const radius = mark === 'mention' ? 20 : 14;
    const centre = SIZE - radius - 1;
    // A ring in the icon's own background colour keeps the mark apart from the glyph.
    context.beginPath();
    context.arc(centre, radius + 1, radius + 3, 0, 2 * Math.PI);
    context.fillStyle = '#0f172a';
    context.fill();
    context.beginPath();
    context.arc(centre, radius + 1, radius, 0, 2 * Math.PI);
    context.fillStyle = '#dc2626';
    context.fill();
    if (mark === 'mention') {
      context.fillStyle = '#ffffff';
      context.font = `bold ${radius * 1.5}px system-ui, sans-serif`;
      context.textAlign = 'center';
      context.textBaseline = 'middle';
      context.fillText('@', centre, radius + 3);
    }
    const url = canvas.toDataURL('image/png');
    return url.startsWith('data:image/png') ? url : null;
  } catch {
    return null;
  }
}

/** Whether this document can draw on a canvas at all (not in a test DOM, say). */
export function canDraw(document: Document): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

/** The favicon (`href` as the link has it, relative to the base) ready to draw; null if it cannot load. */
export function loadIcon(document: Document, href: string): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    try {
      const image = document.createElement('img');
      image.onload = () => resolve(image);
      image.onerror = () => resolve(null);
      image.src = href;
    } catch {
      resolve(null);
    }
  });
}
