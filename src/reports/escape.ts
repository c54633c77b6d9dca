/**
 * Escaping of user-controlled text (group values, column, stage and tool names, file names,
 * policy declarations, and the finding sentences that quote them) for each output format, one
 * function per format and only here. Every renderer passes text through the function of the
 * format it writes; tests/reports/escape.test.ts and tests/hostile feed them hostile strings.
 */

/** C0 and C1 control characters (tab, line feed and carriage return excepted) and U+FFFE/U+FFFF: not allowed in XML 1.0, noise elsewhere. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
/** Lone UTF-16 surrogates: not characters, refused by XML parsers and encoders alike. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text without the characters no output format can carry. */
function withoutControls(text: string): string {
  return text.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** Text into HTML text or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return withoutControls(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** Text into XML character data (JUnit, SVG <title>/<desc>). */
export function escapeXml(text: string): string {
  return withoutControls(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Text into a double-quoted XML attribute value; line breaks and tabs kept as character references. */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replaceAll('"', '&quot;').replaceAll('\n', '&#10;').replaceAll('\r', '&#13;').replaceAll('\t', '&#9;');
}

/**
 * A whole SVG document made well-formed XML: characters XML 1.0 forbids (a control character in a
 * group value reaches Vega's text marks and aria labels, which escape only & < > and quotes) are
 * removed. Without this, the SVG is not XML and resvg refuses it for the PNG.
 */
export function sanitizeSvg(svg: string): string {
  return withoutControls(svg);
}

/**
 * Text into Markdown (CommonMark / GitHub Flavored): a literal string, never markup. Line breaks
 * become spaces (a value cannot start a new block), and every character that can open markup is
 * backslash-escaped: HTML tags, comments and autolinks (< before a letter, / ! or ?: "<30" and
 * "<0.0001" open nothing and stay as they are; nor does a lone > mid-line) and entities (&), links and images ([ ] so `![](…)` and
 * `[x](javascript:…)` stay text), emphasis and code (* ` ~, and _ unless inside a word, where it
 * cannot emphasise, so cv_screen stays readable) and table cells (|).
 */
export function escapeMarkdown(text: string): string {
  return withoutControls(text)
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*[\]&|~]|<(?=[A-Za-z/!?])/g, (c) => `\\${c}`)
    .replace(/_/g, (c, i: number, s: string) => (/[\p{L}\p{N}]/u.test(s[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(s[i + 1] ?? '') ? c : `\\${c}`));
}
