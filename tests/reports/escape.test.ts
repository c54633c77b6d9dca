import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, escapeXml, escapeXmlAttribute, sanitizeSvg } from '../../src/reports/escape.js';

/**
 * One escape function per output format (src/reports/escape.ts). The oracle for Markdown is a
 * CommonMark renderer (markdown-it, raw HTML allowed as in GitLab/GitHub comments): an escaped
 * string must render as exactly its own text, with no element of its own.
 */
const md = new MarkdownIt({ html: true, linkify: false });
const renderedText = (s: string) => md.renderInline(escapeMarkdown(s));
const decode = (html: string) => html.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');

describe('escapeMarkdown', () => {
  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(2)>',
    '![](http://evil.invalid/p.png)',
    '[x](javascript:alert(3))',
    '**bold** _em_ `code` ~~gone~~',
    'a | b \\ c',
    '&lt;b&gt; entity',
    'cv_screen and _x_',
  ])('%s renders as its own text', (s) => {
    const html = renderedText(s);
    expect(html).not.toMatch(/<[a-z]/i);
    expect(decode(html)).toBe(s);
  });

  it('keeps intra-word underscores and plain text readable', () => {
    expect(escapeMarkdown('cv_screen / age_band=18-24')).toBe('cv_screen / age_band=18-24');
  });

  it('puts line breaks and control characters out of the way', () => {
    expect(escapeMarkdown('a\nb\r\nc\u0001d')).toBe('a b cd');
  });
});

describe('HTML and XML', () => {
  it('escapeHtml escapes markup and quotes and drops control characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\u0001</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapeXml drops what XML 1.0 forbids; attributes keep line breaks as references', () => {
    expect(escapeXml('a<b>&\u0000\u0008\u001b\uffff')).toBe('a&lt;b&gt;&amp;');
    expect(escapeXmlAttribute('"x"\n\t')).toBe('&quot;x&quot;&#10;&#9;');
  });

  it('sanitizeSvg removes control characters anywhere in a document and keeps the rest byte for byte', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text aria-label="fe\u0001male">fe\u0001male é</text></svg>';
    expect(sanitizeSvg(svg)).toBe('<svg xmlns="http://www.w3.org/2000/svg"><text aria-label="female">female é</text></svg>');
  });
});
