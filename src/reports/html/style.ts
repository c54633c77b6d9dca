/**
 * The report's only stylesheet: system fonts, print-friendly, verdicts in words as well as colour.
 * Every text colour meets WCAG 2.1 AA contrast (4.5:1) on its background, checked with axe-core in
 * tests/reports/html-a11y.test.ts: the fail badge is a darker vermillion than the charts' Okabe-Ito
 * #D55E00 (white on #D55E00 is 3.9:1, on #B84A00 5.2:1); warn and not-assessed badges use dark text.
 */
export const STYLE = `
:root { --fail: #B84A00; --warn: #E69F00; --insufficient_evidence: #767676; --not_assessed: #999999; --pass: #0072B2; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Liberation Sans", Arial, sans-serif; margin: 0 auto; max-width: 1180px; padding: 1.5rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; } h2 { border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 2.2rem; } h3 { margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { display: inline-block; padding: .05rem .45rem; border-radius: .25rem; color: #fff; font-weight: 600; font-size: .8rem; white-space: nowrap; }
.status.fail { background: var(--fail); } .status.warn { background: var(--warn); color: #1a1a1a; } .status.insufficient_evidence { background: var(--insufficient_evidence); }
.status.not_assessed { background: var(--not_assessed); color: #1a1a1a; } .status.pass { background: var(--pass); }
.overall { font-size: 1.15rem; margin: .75rem 0; }
.note { background: #fff8e1; border-left: 4px solid var(--warn); padding: .5rem .75rem; }
.scroll { max-width: 100%; overflow-x: auto; }
.charts { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 1rem 1.5rem; }
figure { margin: 0; max-width: 100%; overflow-x: auto; } figcaption { font-size: .85rem; color: #444; max-width: 760px; }
.chart { min-height: 120px; }
details > summary { cursor: pointer; }
dl.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 0 .75rem; margin: .25rem 0; font-size: .85rem; }
dl.evidence dt { color: #555; } dl.evidence dd { margin: 0; font-variant-numeric: tabular-nums; }
footer { margin-top: 3rem; color: #555; font-size: .85rem; }
@media print { .charts { display: block; } figure { break-inside: avoid; } }
`;
