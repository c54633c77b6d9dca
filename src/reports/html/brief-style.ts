/**
 * The works-council briefing's stylesheet: compact type so it prints on two A4 pages (checked in
 * tests/reports/or-brief-browser.test.ts with Chromium's print-to-PDF), charts scaled to half the
 * page width side by side, text colours meeting WCAG 2.1 AA contrast (checked with axe-core).
 */
export const BRIEF_STYLE = `
@page { size: A4; margin: 12mm 14mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Liberation Sans", Arial, sans-serif; color: #1a1a1a; line-height: 1.3; margin: 0 auto; max-width: 200mm; padding: 1rem; font-size: 10.5pt; }
h1 { font-size: 15pt; margin: 0 0 .15rem; }
h2 { font-size: 11.5pt; margin: .55rem 0 .15rem; border-bottom: 1px solid #bbb; }
p { margin: .15rem 0 .25rem; }
ul { margin: .1rem 0 .3rem; padding-left: 1.1rem; }
li { margin: .05rem 0; }
.meta { color: #444; font-size: 9pt; }
.purpose { font-style: italic; }
.charts { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: flex-start; }
figure { margin: 0; flex: 1 1 45%; max-width: 49%; }
figcaption { font-size: 8.5pt; color: #444; }
.chart svg { max-width: 100%; height: auto; }
.with-aside { display: grid; grid-template-columns: 1fr 49%; gap: 0 .75rem; align-items: start; } .with-aside figure { max-width: 100%; }
section.terms ul { columns: 2; column-gap: 1.2rem; } section.terms li { font-size: 9pt; break-inside: avoid; }
.questions { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.2rem; }
.footer { margin-top: .5rem; font-size: 8.5pt; color: #444; }
@media print { body { padding: 0; max-width: none; font-size: 9pt; line-height: 1.25; } figure { break-inside: avoid; } h2 { break-after: avoid; } }
`;
