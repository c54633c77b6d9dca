import { vegaScripts } from './assets.js';
import { escapeHtml, html } from './escape.js';

/**
 * The opening of a report's HTML document, through </head>: its language, the generator, the
 * escaped title, the style and, when it draws charts, the Vega scripts (inline: reports work offline).
 */
export function documentHead(o: { lang: string; title: string; version: string; style: string; charts: boolean }): string {
  return html`<!DOCTYPE html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="hireaudit ${escapeHtml(o.version)}">
<title>${escapeHtml(o.title)}</title>
<style>${o.style}</style>
${o.charts ? vegaScripts().map((s) => html`<script>${s}</script>\n`) : ''}
</head>`;
}
