/** Text into HTML text or attribute values: the one HTML escape, in ../escape.ts with the other formats'. */
export { escapeHtml } from '../escape.js';

/** JSON safe inside a <script> element: no "</script>" or "<!--" can appear once "<" is escaped. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

/** Tagged template that joins arrays and drops null/false, so sections read like the HTML they make. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += (Array.isArray(v) ? v.join('') : v === null || v === undefined || v === false ? '' : String(v)) + (strings[i + 1] ?? '');
  });
  return out;
}
