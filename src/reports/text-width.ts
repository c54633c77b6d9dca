/**
 * Text widths for Vega's headless renderer. Without a canvas Vega guesses 0.8 em per character,
 * about 50% too wide for a sans-serif face: axis titles then push the plot around and labels get
 * cut short. These are the Helvetica advance widths of the Adobe Core 14 AFM files (1/1000 em),
 * which Arial and Liberation Sans (the PNG font) share; bold is taken as 8% wider.
 */
const WIDTHS =
  // ' ' ! " # $ % & ' ( ) * + , - . /
  '278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 ' +
  // 0-9 : ; < = > ? @
  '556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556 1015 ' +
  // A-Z
  '667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 ' +
  // [ \ ] ^ _ `
  '278 278 278 469 556 333 ' +
  // a-z
  '556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 ' +
  // { | } ~
  '334 260 334 584';
const ASCII = WIDTHS.trim().split(/\s+/).map(Number);
const OTHER: Record<string, number> = { '×': 584, '≥': 549, '≤': 549, '±': 584, '–': 556, '—': 1000, '…': 1000, '•': 350 };

export function textWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? ASCII[code - 32]! : (OTHER[ch] ?? 556);
  }
  return (units / 1000) * fontSize * (bold ? 1.08 : 1);
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
  limit?: number;
}

/** Vega's textMetrics.width signature; a limited (truncated) text is at most its limit wide. */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600);
  const width = textWidth(text == null ? '' : String(text).trim(), size, bold);
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
}
