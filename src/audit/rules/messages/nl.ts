import type { FindingStatus } from '../../contract/audit-result.js';
import { formatDate, formatNumber, formatPercent, formatPValue } from '../../contract/locale.js';
import type { Evidence, Subject, Template } from './catalogue.js';
import type { FindingKey, ReasonKey } from './en.js';
import { phrase } from './phrases.js';

/**
 * De Nederlandse zinnen van de bevindingen en de oordelen per eis: dezelfde sleutels als en.ts
 * (de compiler en tests/audit/rules/messages.test.ts bewaken dat). Woordkeus als in het Engels:
 * "nadelige impact aangewezen", "onvoldoende bewijs"; nooit "eerlijk" of "zonder bias". Getallen
 * met decimale komma (0,72), datums voluit (22 november 2026), via src/audit/contract/locale.ts.
 */
const n = (x: unknown) => (typeof x === 'number' ? x : null);
const pct = (x: unknown) => formatPercent(n(x), 'nl');
const num = (x: unknown, digits = 2) => formatNumber(n(x), 'nl', digits);
const pval = (x: unknown) => formatPValue(n(x), 'nl');
/** A p-value that keeps its size when tiny: scientific notation below 0,0001 (1,23e-7), never 0. */
const pvalSci = (x: unknown) => (typeof x === 'number' ? (x === 0 ? '< 1e-300' : x < 0.0001 ? x.toExponential(2).replace('.', ',') : formatNumber(x, 'nl', 4)) : 'n.b.');
/** A number as the rules wrote it (a threshold, a target), with a decimal comma: 0.25 -> 0,25. */
const raw = (x: unknown) => String(x).replace(/^(-?\d+)\.(\d+)$/, '$1,$2');
const groupText = (g: Record<string, string> | null) =>
  g === null ? 'geen groep' : Object.entries(g).map(([k, v]) => `${k}=${v}`).join(' × ');
const where = (s: Subject) => [s.tool ? `tool ${s.tool}` : null, s.stage ? `fase ${s.stage}` : null].filter(Boolean).join(', ');
/** "Bij tool x, fase y" (or nothing when the finding is about the whole audit). */
const at = (s: Subject) => {
  const w = where(s);
  return w === '' ? 'In de hele audit' : `Bij ${w}`;
};
/** English phrases the rules put into the evidence, in Dutch (phrases.ts). */
const tr = (x: unknown) => phrase('evidence', String(x), 'nl');
const list = (x: unknown, separator: string) => String(x).split(separator).map(tr).join(separator);

const BAND: Record<string, string> = { insufficient: 'onvoldoende', sufficient: 'voldoende', good: 'goed' };
const band = (x: unknown) => BAND[String(x)] ?? String(x);
const RISK: Record<string, string> = { high: 'hoog', medium: 'middel', low: 'laag' };
const risk = (x: unknown) => RISK[String(x)] ?? String(x);
const UNIT: Record<string, string> = { month: 'maand', quarter: 'kwartaal', windows: 'tijdvenster' };
const VERDICT: Record<string, string> = { pass: 'voldoet', warn: 'let op', fail: 'voldoet niet', insufficient_evidence: 'onvoldoende bewijs', not_assessed: 'niet beoordeeld' };

/** A tpr- of fpr-vergelijking: hoe vaak (on)geschikte kandidaten van een groep werden gekozen, tegenover de referentie. */
function errorRateMessage(who: 'qualified' | 'unqualified', e: Evidence, s: Subject, status: FindingStatus): string {
  const wie = who === 'qualified' ? 'geschikte' : 'ongeschikte';
  const base = `${at(s)} werd ${pct(e['rate'])} van de ${wie} kandidaten van ${groupText(s.groups)} geselecteerd, tegen ${pct(e['reference_rate'])} voor ${groupText(s.reference)} (ratio ${num(e['ratio'])}, Holm-gecorrigeerde p ${pvalSci(e['holm_p'])}, n = ${e['n']} met een criterium).`;
  if (status === 'fail') return `${base} Ongelijke foutpercentages aangewezen: de ratio ligt onder ${num(e['threshold'])} (een conventie) en het verschil is significant; ${who === 'qualified' ? 'geschikte kandidaten van deze groep worden vaker afgewezen (gelijke kansen, equal opportunity)' : 'voor deze groep geldt een strengere maatstaf (equalized odds)'}. Een signaal, geen juridische conclusie.`;
  if (status === 'warn') return `${base} Eén van de twee signalen slaat aan; bespreek dit met de leverancier.`;
  if (status === 'insufficient_evidence') return `${base} Onvoldoende bewijs: te weinig kandidaten met een criterium om te oordelen; lees dit nooit als "voldoet".`;
  return base;
}

const findings: Record<FindingKey, Template> = {
  'disparity.selection_rate': (e, s, status) => {
    const base = `${at(s)} werd ${groupText(s.groups)} geselecteerd in ${pct(e['rate'])} van de gevallen, tegen ${pct(e['reference_rate'])} voor ${groupText(s.reference)} (impact ratio ${num(e['impact_ratio'])}, Holm-gecorrigeerde p ${pval(e['holm_p'])}, n = ${e['n']}).`;
    if (status === 'fail') return `${base} Nadelige impact aangewezen: zowel de vier-vijfderegel als de significantietoets slaan aan. Dit is een signaal, geen juridische conclusie; naar Nederlands en Europees recht vraagt het om een objectieve rechtvaardiging van de tool.`;
    if (status === 'warn') return `${base} Eén van de twee signalen slaat aan; bespreek dit met de leverancier.`;
    if (status === 'insufficient_evidence') return `${base} Onvoldoende bewijs: te weinig kandidaten om te oordelen; lees dit nooit als "voldoet".`;
    return base;
  },
  'disparity.selection_rate.pass': (e, s) =>
    `${at(s)} is naar ${e['attributes']} geen nadelige impact aangewezen: de laagste impact ratio is ${num(e['min_impact_ratio'])} (${e['min_group']}) en geen vergelijking is significant na Holm-correctie.`,
  'disparity.scoring_rate': (e, s, status) => {
    const base = `${at(s)} scoorde ${pct(e['scoring_rate'])} van ${groupText(s.groups)} boven de mediaan van de fase, tegen ${pct(e['reference_scoring_rate'])} van ${groupText(s.reference)} (impact ratio van het scorepercentage ${num(e['impact_ratio'])}, Holm-gecorrigeerde p ${pval(e['holm_p'])}, gestandaardiseerd verschil van de gemiddelden ${num(e['smd'])}).`;
    if (status === 'insufficient_evidence') return `${base} Onvoldoende bewijs: te weinig kandidaten met een score.`;
    return status === 'fail' ? `${base} Nadelige impact in de scores aangewezen.` : `${base} Eén signaal slaat aan.`;
  },
  'disparity.scoring_rate.pass': (e, s) =>
    `${at(s)} laten de scorepercentages naar ${e['attributes']} geen nadelige impact zien: laagste impact ratio van het scorepercentage ${num(e['min_impact_ratio'])} (${e['min_group']}).`,
  'disparity.bottom_line': (e, s, status) => {
    const base = `Over het hele selectieproces kwam ${groupText(s.groups)} in ${pct(e['cumulative_rate'])} van de gevallen door alle fasen, tegen ${pct(e['reference_cumulative_rate'])} voor ${groupText(s.reference)} (impact ratio van het eindresultaat ${num(e['impact_ratio'])}).`;
    if (status === 'insufficient_evidence') return `${base} Onvoldoende bewijs: minder dan ${e['min_group_size']} kandidaten begonnen aan het proces.`;
    return status === 'warn' ? `${base} Het eindresultaat ligt onder vier vijfde (UGESP 1607.4(C) vraagt naar elke fase én het proces als geheel).` : base;
  },
  'disparity.bottom_line.pass': (e) =>
    `Over het hele selectieproces zijn de impact ratio's van het eindresultaat naar ${e['attributes']} alle minstens ${num(e['threshold'])} (laagste ${num(e['min_impact_ratio'])}, ${e['min_group']}).`,
  'disparity.pooled_across_stages': (e, s, status) => {
    const base = `Over de fasen samen (Cochran–Mantel–Haenszel) had ${groupText(s.groups)} ${num(e['odds_ratio'])} keer de kans (odds) om geselecteerd te worden van ${groupText(s.reference)} in dezelfde fase (p ${pval(e['p'])}).`;
    const hetero = typeof e['breslow_day_p'] === 'number' && e['breslow_day_p'] < 0.05 ? ' De odds ratio verschilt tussen de fasen (Breslow–Day); lees daarom de rijen per fase en niet het samengevoegde getal.' : '';
    return status === 'warn' ? `${base} Er is een consequent nadeel over de fasen heen aangewezen.${hetero}` : `${base}${hetero}`;
  },
  'disparity.pooled_across_strata': (e, s, status) => {
    const column = e['stratum_column'];
    const base = `${at(s)} had ${groupText(s.groups)} binnen elke ${column} (${e['strata']} strata, Cochran–Mantel–Haenszel${e['correction'] === 'uncorrected' ? ' zonder continuïteitscorrectie' : ''}) ${num(e['odds_ratio'])} keer de kans (odds) om geselecteerd te worden van ${groupText(s.reference)} (95%-BI ${num(e['odds_ratio_lower'])} tot ${num(e['odds_ratio_upper'])}, p ${pvalSci(e['p'])}); over de strata samen is de impact ratio ${num(e['pooled_impact_ratio'])}.`;
    const hetero = typeof e['breslow_day_p'] === 'number' && e['breslow_day_p'] < 0.05 ? ` De odds ratio verschilt tussen de strata (Breslow–Day p ${pvalSci(e['breslow_day_p'])}); lees daarom de strata en niet het gemeenschappelijke getal.` : '';
    const missing = typeof e['without_stratum'] === 'number' && e['without_stratum'] > 0 ? ` ${e['without_stratum']} kandidaten zonder ${column} zijn buiten beschouwing gelaten.` : '';
    return status === 'warn' ? `${base} Er is een consequent nadeel binnen de waarden van ${column} aangewezen.${hetero}${missing}` : `${base}${hetero}${missing}`;
  },
  'disparity.simpson_paradox': (e, s) =>
    `${at(s)} doet zich de paradox van Simpson voor: over alle waarden van ${e['stratum_column']} samen werd ${groupText(s.groups)} ${num(e['pooled_impact_ratio'])} keer zo vaak geselecteerd als ${groupText(s.reference)} (Fisher-p ${pvalSci(e['pooled_fisher_p'])}), maar binnen elke waarde van ${e['stratum_column']} is de kans (odds) op selectie ${num(e['odds_ratio'])} keer die van hen (Cochran–Mantel–Haenszel p ${pvalSci(e['p'])}). De twee wijzen in tegengestelde richting: de groepen solliciteerden in verschillende verhoudingen naar de waarden van ${e['stratum_column']}, dus het samengevoegde getal zegt meer over waar ze solliciteerden dan over hoe elke waarde hen behandelde. Lees de strata voordat u conclusies trekt.`,
  'disparity.stratum_selection_rate': (e, s, status) => {
    const base = `${at(s)}, binnen ${e['stratum']}, werd ${groupText(s.groups)} geselecteerd in ${pct(e['rate'])} van de gevallen, tegen ${pct(e['reference_rate'])} voor ${groupText(s.reference)} (impact ratio ${num(e['impact_ratio'])}, Holm-gecorrigeerde p ${pvalSci(e['holm_p'])}, n = ${e['n']}).`;
    if (status === 'fail') return `${base} Nadelige impact binnen dit stratum aangewezen: zowel de vier-vijfderegel als de significantietoets slaan aan (een signaal, geen juridische conclusie).`;
    if (status === 'warn') return `${base} Eén van de twee signalen slaat aan binnen dit stratum; bespreek dit met de leverancier.`;
    if (status === 'insufficient_evidence') return `${base} Onvoldoende bewijs: te weinig kandidaten in dit stratum om te oordelen; lees dit nooit als "voldoet".`;
    return base;
  },
  'disparity.stratum_selection_rate.pass': (e, s) =>
    `${at(s)}, binnen ${e['stratum']}, is naar ${e['attributes']} geen nadelige impact aangewezen: de laagste impact ratio is ${num(e['min_impact_ratio'])} (${e['min_group']}) en geen vergelijking is significant na Holm-correctie.`,
  'error_rates.tpr': (e, s, status) => errorRateMessage('qualified', e, s, status),
  'error_rates.fpr': (e, s, status) => errorRateMessage('unqualified', e, s, status),
  'error_rates.tpr.pass': (e, s) =>
    `${at(s)} werden geschikte kandidaten (criterium 1) van elke groep van ${e['attributes']} geselecteerd in minstens ${num(e['threshold'])} keer het percentage van ${groupText(s.reference)}, of niet significant minder vaak (laagste ratio van de terecht-positieven ${num(e['min_ratio'])}, ${e['min_group']}): geen ongelijke kansen aangewezen.`,
  'error_rates.fpr.pass': (e, s) =>
    `${at(s)} werden ongeschikte kandidaten (criterium 0) van elke groep van ${e['attributes']} geselecteerd in minstens ${num(e['threshold'])} keer het percentage van ${groupText(s.reference)}, of niet significant minder vaak (laagste ratio van de fout-positieven ${num(e['min_ratio'])}, ${e['min_group']}).`,
  'error_rates.undefined': (e, s) =>
    `${at(s)} hebben ${e['with_criterion']} van ${e['candidates']} kandidaten een criterium van 0 of 1 (${e['selected_with_criterion']} geselecteerd, ${e['rejected_with_criterion']} afgewezen; ${e['qualified']} geschikt, ${e['unqualified']} niet), dus alleen ${e['defined']} kunnen worden gemeten. Voor percentages terecht- en fout-positieven moeten ook afgewezen kandidaten worden gevolgd (en beide criteriumwaarden voorkomen); tot dan is of geschikte kandidaten van een groep vaker worden afgewezen onvoldoende bewijs, nooit "voldoet".`,
  'disparity.reference_absent': (e) =>
    `Het beleid noemt ${e['attribute']}=${e['named_reference']} als referentiegroep, maar geen kandidaat heeft die waarde (gevonden waarden: ${e['values_seen']}). Elke vergelijking naar ${e['attribute']} is daarom onvoldoende bewijs: corrigeer de referentie in het beleid of de data.`,
  'disparity.stage_absent': (e) =>
    `Het beleid noemt fase ${e['stage']}, maar geen rij heeft die (gevonden fasen: ${e['stages_seen']}). Het selectieproces is onvolledig, dus het eindresultaat is voor die fase niet te beoordelen: corrigeer de fasen in het beleid of de data.`,
  'disparity.attribute_looks_like_identifier': (e) =>
    `${e['attribute']} heeft ${e['distinct_values']} verschillende waarden bij ${e['candidates']} kandidaten in één fase: het lijkt een identificatienummer of vrije tekst en geen groep, dus de vergelijkingen zijn te klein om te beoordelen. Deel de waarden in groepen in met values in het beleid, of kies een andere kolom.`,
  'disparity.no_protected_attributes': () =>
    'Er zijn geen beschermde kenmerken genoemd, dus ongelijkheid tussen groepen kon niet worden beoordeeld. Noem ze met --protected of in het beleid.',
  'validity.criterion': (e, s, status) => {
    const corrected = typeof e['r_corrected_range'] === 'number' ? ` Gecorrigeerd voor beperkte spreiding (u = ${num(e['u'])}): r = ${num(e['r_corrected_range'])}, alleen ter informatie.` : '';
    const base = `${at(s)} correleren de score en het criterium r = ${num(e['r'])} (95%-BI ${num(e['r_lower'])} tot ${num(e['r_upper'])}, p ${pval(e['p'])}, n = ${e['n']} aangenomen kandidaten met een criterium).${corrected}`;
    const inBand = `de waargenomen r valt in de band "${band(e['rating'])}" (banden naar COTAN zijn conventies)`;
    if (status === 'pass') return `${base} Validiteit aangetoond: ${inBand} en de correlatie is significant (UGESP 1607.14(B)(5)).`;
    if (status === 'warn') return `${base} Validiteit maar deels aangetoond: ${inBand}; band en significantietoets spreken elkaar tegen.`;
    if (status === 'fail') return `${base} Validiteit niet aangetoond: ${inBand} en de correlatie is niet significant positief.`;
    return `${at(s)} hebben maar ${e['n']} kandidaten zowel een score als een criteriumwaarde. Onvoldoende bewijs over validiteit, nooit "voldoet": er zijn er ongeveer ${e['n_needed']} nodig om r = ${raw(e['target_r'])} aan te tonen met onderscheidend vermogen ${raw(e['power'])} (minstens ${e['min_criterion_n']} om er een te rapporteren).`;
  },
  'validity.differential_validity': (e, s, status) => {
    const pair = `${groupText(s.groups)} (r = ${num(e['r'])}, n = ${e['n']}) en ${groupText(s.reference)} (r = ${num(e['reference_r'])}, n = ${e['reference_n']})`;
    if (status === 'warn') return `${at(s)} voorspelt de score het criterium met verschillende validiteit voor ${pair} (Holm-gecorrigeerde p ${pval(e['holm_p'])}). Differentiële validiteit aangewezen: de score voorspelt minder goed voor de groep met de lagere r.`;
    return `${at(s)} is er onvoldoende bewijs om de validiteit te vergelijken voor ${pair}: er zijn ongeveer ${e['n_needed']} rijen met een criterium per groep nodig. Lees dit nooit als "voldoet".`;
  },
  'validity.differential_validity.pass': (e, s) =>
    `${at(s)} laat de validiteit naar ${e['attribute']} geen aantoonbaar verschil zien met ${groupText(s.reference)} (r = ${num(e['reference_r'])}): ${e['groups_compared']} groep(en) vergeleken, kleinste Holm-gecorrigeerde p ${pval(e['min_holm_p'])}.`,
  'validity.differential_prediction': (e, s, status) => {
    const g = groupText(s.groups);
    const ref = groupText(s.reference);
    if (status === 'insufficient_evidence') {
      const why = typeof e['n_needed'] === 'number' ? `de toetsen kunnen een relevant verschil missen; er zijn ongeveer ${e['n_needed']} rijen met een criterium nodig` : `minder dan ${e['min_criterion_n']} rijen met een criterium in een groep, of geen spreiding in de score`;
      return `${at(s)} is er onvoldoende bewijs over differentiële predictie voor ${g} tegenover ${ref} (n = ${e['n']} en ${e['reference_n']}): ${why}. Lees dit nooit als "voldoet".`;
    }
    const under = e['underpredicted'];
    if (e['reading'] === 'slopes_differ') return `${at(s)} hangt de score anders samen met prestatie voor ${g} dan voor ${ref} (verschil in helling ${num(e['slope_difference'], 3)} per scorepunt, Holm-gecorrigeerde p ${pval(e['slope_difference_holm_p'])}); gemiddeld onderschat de gemeenschappelijke voorspelling de prestatie van ${groupText({ [Object.keys(s.groups ?? {})[0] ?? 'groep']: String(under) })} (Cleary-model).`;
    const size = `${num(Math.abs(Number(e['intercept_difference'])))} criteriumpunten (${num(Math.abs(Number(e['intercept_difference_std'])))} SD) bij gelijke score, Holm-gecorrigeerde p ${pval(e['intercept_difference_holm_p'])}`;
    if (e['reading'] === 'underpredicts_group') return `${at(s)} onderschat de score de prestatie van ${g}: bij dezelfde score presteert ${g} beter dan ${ref}, met ${size}. De tool benadeelt ${g} (Cleary-model).`;
    return `${at(s)} overschat de score de prestatie van ${g} en onderschat hij daardoor die van ${ref}: bij dezelfde score presteert ${ref} beter, met ${size}. De tool benadeelt ${ref} (Cleary-model).`;
  },
  'validity.differential_prediction.pass': (e, s) =>
    `${at(s)} voorspelt de score de prestatie even goed voor elke groep van ${e['attribute']} en ${groupText(s.reference)} (${e['groups_compared']} vergeleken; grootste gestandaardiseerde verschil in intercept ${num(e['max_abs_intercept_difference_std'])}, in helling ${num(e['max_abs_slope_difference_std'])}); geen differentiële predictie aangewezen.`,
  'validity.no_evidence': (e) => {
    const why = e['reason'] === 'no_score' ? 'de data heeft geen score' : e['reason'] === 'no_criterion' ? 'de data heeft geen criteriumkolom (latere functieprestatie)' : 'geen kandidaat heeft zowel een score als een criteriumwaarde';
    return `Geen bewijs van validiteit: ${why}, dus of de tool functieprestatie voorspelt is niet te beoordelen. Onvoldoende bewijs, nooit "voldoet": een criteriumonderzoek heeft ongeveer ${e['n_needed']} aangenomen kandidaten met een prestatiemaat nodig om r = ${raw(e['target_r'])} aan te tonen met onderscheidend vermogen ${raw(e['power'])}.`;
  },
  'automation.unreviewed_rejections': (e, s, status) => {
    const share = `${e['rejected_unreviewed']} van ${e['rejected_with_known_review']} afwijzingen (${pct(e['arr'])}, 95%-BI ${pct(e['arr_lower'])} tot ${pct(e['arr_upper'])})`;
    if (status === 'fail') return `${at(s)} werden ${share} door de tool genomen zonder dat een mens ze beoordeelde. AVG art. 22(1) verbiedt een kandidaat af te wijzen met een besluit dat uitsluitend op geautomatiseerde verwerking berust (overweging 71 noemt e-recruiting zonder menselijke tussenkomst), en er is geen grondslag uit art. 22(2) met de waarborgen van art. 22(3) verklaard. Laat elke afwijzing beoordelen door iemand met de bevoegdheid en deskundigheid om de uitkomst te veranderen, of leg de grondslag, het recht op menselijke tussenkomst en een bezwaarroute vast.`;
    if (status === 'warn' && e['reason'] === 'unreviewed') return `${at(s)} werden ${share} door de tool alleen genomen. Er zijn een grondslag uit art. 22(2) (${tr(e['art22_basis'])}) en een bezwaarroute verklaard, wat art. 22 toestaat; deze audit heeft ze niet gecontroleerd (UAVG art. 40 dekt geen profilering door een private werkgever).`;
    if (status === 'warn') return `${at(s)} werd elk van de ${e['rejected']} afwijzingen door een mens beoordeeld, maar de beoordelingen lijken een rubberstempel (hoog risico, zie de bevinding over de kwaliteit van de beoordeling). Volgens WP29 WP251rev.01 en HvJ EU C-634/21 SCHUFA blijft een besluit na een schijnbeoordeling "uitsluitend geautomatiseerd"; behandel deze afwijzingen onder art. 22 dus als geautomatiseerd totdat de beoordelingen betekenisvol zijn. Dit is een signaal; of een beoordeling betekenisvol is, is een juridisch oordeel.`;
    if (status === 'insufficient_evidence') return `${at(s)} is van ${e['rejected_review_unknown']} van ${e['rejected']} afwijzingen niet vastgelegd of een mens ze beoordeelde, dus naleving van AVG art. 22 is niet aan te tonen. Onvoldoende bewijs, nooit "voldoet": leg reviewed_by_human vast bij elk besluit.`;
    return `${at(s)} werden alle ${e['rejected']} afwijzingen door een mens beoordeeld: geen afwijzing was uitsluitend geautomatiseerd (AVG art. 22); rubberstempelrisico ${risk(e['rubber_stamp_risk'])}.`;
  },
  'automation.rubber_stamp': (e, s, status) => {
    if (status === 'insufficient_evidence') return `${at(s)} zijn maar ${e['reviews']} besluiten beoordeeld: te weinig (er zijn er minstens 100 nodig) om te oordelen of de beoordelingen betekenisvol zijn of een rubberstempel. Onvoldoende bewijs, nooit "voldoet".`;
    const facts = [
      typeof e['override_rate'] === 'number' ? `beoordelaars veranderden de uitkomst van de tool in ${pct(e['override_rate'])} van ${e['reviews']} beoordelingen (${e['overrides_up']} afwijzingen omgezet in doorgaan, ${e['overrides_down']} andersom)` : null,
      typeof e['review_seconds_median'] === 'number' ? `de mediane beoordeling duurde ${num(e['review_seconds_median'], 0)} s (10% duurde ${num(e['review_seconds_p10'], 0)} s of korter; ${pct(e['short_share'])} korter dan ${e['min_review_seconds']} s)` : null,
      typeof e['batch_index'] === 'number' ? `${pct(e['batch_index'])} van de besluiten kwam in snelle series (binnen 10 s na het vorige besluit van dezelfde beoordelaar, reeksen van 10 of meer)` : `goedkeuring in series kon niet worden nagegaan (${tr(e['batch_note'])})`,
      Number(e['never_override_reviewers']) > 0 ? `${e['never_override_reviewers']} beoordelaar(s) veranderden over 50 of meer beoordelingen nooit de uitkomst van de tool: ${list(e['never_override_list'], ', ')}` : null,
    ].filter(Boolean);
    const base = `${at(s)}: ${facts.join('; ')}.`;
    if (status === 'pass') return `${base} Geen rubberstempelsignaal: de beoordelingen laten onenigheid met de tool zien en tijd om de zaak te wegen (risico laag).`;
    return `${base} Rubberstempelrisico ${risk(e['risk'])}: deze beoordelingen zijn mogelijk geen betekenisvolle menselijke tussenkomst (AVG art. 22 en overweging 71; WP29 WP251rev.01; HvJ EU C-634/21 SCHUFA, waarin een score waarop het besluit "in sterke mate" steunt zelf het besluit is). Een betekenisvolle beoordeling vraagt iemand met de bevoegdheid en deskundigheid om de uitkomst te veranderen, met de tijd en informatie om de hele sollicitatie te wegen in plaats van de score, en de vrijheid om het oneens te zijn: geef beoordelaars genoeg tijd per zaak, geen goedkeuring in bulk, en volg het wijzigingspercentage per beoordelaar.`;
  },
  'automation.unequal_automation': (e, s, status) => {
    if (status === 'warn') return `${at(s)} werden afwijzingen van ${groupText(s.groups)} vaker aan de tool alleen overgelaten: ${pct(e['arr'])} van ${e['rejected']} zonder menselijke beoordeling, tegen ${pct(e['arr_rest'])} bij de andere groepen (Holm-gecorrigeerde p ${pval(e['holm_p'])}). Uitsluitend geautomatiseerde afwijzing (AVG art. 22) treft deze groep dan ongelijk, wat ook indirect onderscheid kan zijn (AWGB art. 2); beoordeel afwijzingen van elke groep op dezelfde manier.`;
    if (status === 'insufficient_evidence') return `${at(s)} kon het aandeel afwijzingen zonder menselijke beoordeling niet worden vergeleken voor ${e['small_groups']}: elk minder dan ${e['min_group_size']} afwijzingen. Onvoldoende bewijs voor die groepen; de andere groepen verschillen niet significant (laagste Holm-gecorrigeerde p ${pval(e['lowest_holm_p'])}).`;
    return `${at(s)} verschilt het aandeel afwijzingen zonder menselijke beoordeling niet significant tussen groepen (${e['attributes']}; ${e['groups_compared']} vergeleken, laagste Holm-gecorrigeerde p ${pval(e['lowest_holm_p'])} voor ${e['lowest_group']}).`;
  },
  'automation.unequal_review': (e, s, status) => {
    if (status === 'warn') return `${at(s)} werden beoordeelde afwijzingen van ${groupText(s.groups)} vaker afgeraffeld: ${pct(e['short_share'])} van ${e['timed_rejected']} beoordelingen duurde korter dan de minimale tijd voor een betekenisvolle beoordeling, tegen ${pct(e['short_rest'])} bij de andere groepen (Holm-gecorrigeerde p ${pval(e['holm_p'])}). Afgestempelde afwijzingen tellen onder AVG art. 22 als uitsluitend geautomatiseerd (WP251rev.01, HvJ EU C-634/21 SCHUFA) en treffen hier deze groep ongelijk.`;
    if (status === 'insufficient_evidence') return `${at(s)} konden korte beoordelingen van afwijzingen niet worden vergeleken voor ${e['small_groups']}: elk minder dan ${e['min_group_size']} beoordelingen met een tijd. Onvoldoende bewijs voor die groepen; de andere groepen verschillen niet significant (laagste Holm-gecorrigeerde p ${pval(e['lowest_holm_p'])}).`;
    return `${at(s)} komen afgeraffelde beoordelingen van afwijzingen bij geen enkele groep significant vaker voor (${e['attributes']}; laagste Holm-gecorrigeerde p ${pval(e['lowest_holm_p'])} voor ${e['lowest_group']}).`;
  },
  'automation.human_disparity': (e, s, status) => {
    if (status === 'warn') return `${at(s)} lieten beoordelaars ${groupText(s.groups)} minder vaak doorgaan dan andere kandidaten met dezelfde uitkomst van de tool (Mantel-Haenszel odds ratio ${num(e['odds_ratio'])}, Holm-gecorrigeerde p ${pval(e['holm_p'])}): de menselijke beoordeling voegt ongelijkheid toe. De impact ratio tegenover ${groupText(s.reference)} is ${num(e['tool_impact_ratio'])} voor de tool alleen en ${num(e['final_impact_ratio'])} na beoordeling. Ga na waarop beoordelaars hun wijzigingen baseren.`;
    if (status === 'insufficient_evidence') return `${at(s)} was niet te beoordelen of beoordelaars groepen verschillend behandelen voor ${e['small_groups']}: elk minder dan ${e['min_group_size']} beoordeelde besluiten. Onvoldoende bewijs voor die groepen; geen andere groep verschilt significant (laagste Holm-gecorrigeerde p ${pval(e['lowest_holm_p'])}).`;
    return `${at(s)} bevoordelen of benadelen de wijzigingen van beoordelaars geen enkele groep significant (${e['attributes']}; laagste Holm-gecorrigeerde p ${pval(e['lowest_holm_p'])} voor ${e['lowest_group']}).`;
  },
  'reliability.test_retest': (e, s, status) => {
    if (status === 'insufficient_evidence') return `${at(s)} hebben maar ${e['n_pairs']} kandidaten een score bij twee pogingen (er zijn er minstens ${e['min_pairs']} nodig, of de scores variëren niet): onvoldoende bewijs over test-hertestbetrouwbaarheid, nooit "voldoet".`;
    const ci = typeof e['icc_agreement_lower'] === 'number' ? `95%-BI ${num(e['icc_agreement_lower'])} tot ${num(e['icc_agreement_upper'])}; ` : '';
    const base = `${at(s)} zijn ${e['n_pairs']} kandidaten twee keer beoordeeld: test-hertest-ICC(2,1) ${num(e['icc_agreement'])} (${ci}Pearson r ${num(e['pearson_r'])}, gemiddelde verandering tussen de pogingen ${num(e['mean_change'])}).`;
    if (status === 'fail') return `${base} De betrouwbaarheid valt in de band "onvoldoende": dezelfde kandidaat kan bij een tweede poging een andere uitkomst krijgen, wat niet volstaat voor besluiten over individuen (banden naar COTAN, toegepast als conventie).`;
    return `${base} De betrouwbaarheid valt in de band "${band(e['rating'])}" (banden naar COTAN, toegepast als conventie).`;
  },
  'reliability.differential': (e, s, status) => {
    const pair = `${groupText(s.groups)} (hertest-r = ${num(e['pearson_r'])}, ${e['n_pairs']} kandidaten twee keer beoordeeld) en ${groupText(s.reference)} (r = ${num(e['reference_r'])}, ${e['reference_n_pairs']})`;
    if (status === 'warn') {
      const lower = Number(e['pearson_r']) < Number(e['reference_r']) ? groupText(s.groups) : groupText(s.reference);
      return `${at(s)} scoort de tool dezelfde kandidaat in de ene groep consequenter dan in de andere: ${pair}, Holm-gecorrigeerde p ${pval(e['holm_p'])}. Voor ${lower} geeft een tweede poging eerder een andere uitkomst; vraag de leverancier waarom de meting voor deze groep minder stabiel is.`;
    }
    if (e['holm_p'] === null && Number(e['n_pairs']) >= Number(e['min_pairs']) && Number(e['reference_n_pairs']) >= Number(e['min_pairs'])) {
      return `${at(s)} kon de betrouwbaarheid niet worden vergeleken voor ${pair}: r is in een groep onbepaald of precies 1 (geen spreiding, of elke herscore identiek). Onvoldoende bewijs, nooit "voldoet".`;
    }
    if (Number(e['n_pairs']) < Number(e['min_pairs']) || Number(e['reference_n_pairs']) < Number(e['min_pairs'])) {
      return `${at(s)} zijn te weinig kandidaten twee keer beoordeeld om de betrouwbaarheid te vergelijken voor ${pair}: er zijn er minstens ${e['min_pairs']} per groep nodig. Onvoldoende bewijs, nooit "voldoet".`;
    }
    return `${at(s)} verschilt de betrouwbaarheid van ${pair} niet significant, maar de toets kan een relevant verschil missen (hij toont alleen Fisher-z-verschillen van ${num(e['minimum_detectable_q'])} of meer aan). Onvoldoende bewijs, nooit "voldoet".`;
  },
  'reliability.differential.pass': (e, s) =>
    `${at(s)} laat de test-hertestbetrouwbaarheid naar ${e['attribute']} geen aantoonbaar verschil zien met ${groupText(s.reference)} (hertest-r = ${num(e['reference_r'])}): ${e['groups_compared']} groep(en) vergeleken, kleinste Holm-gecorrigeerde p ${pval(e['min_holm_p'])}.`,
  'reliability.determinism': (e, s, status) => {
    const differ = Number(e['identical_input_pairs']) - Number(e['identical_rescores']);
    if (status === 'warn') return `${at(s)} gaven ${differ} van ${e['identical_input_pairs']} herscores van identieke invoer (alle kenmerken gelijk bij beide pogingen) een andere score (${pct(1 - Number(e['share']))}): de tool is niet deterministisch, dus een uitkomst kan van toeval afhangen (AI-verordening art. 15(1) vraagt consistente prestaties).`;
    return `${at(s)} gaven alle ${e['identical_input_pairs']} herscores van identieke invoer (alle kenmerken gelijk bij beide pogingen) dezelfde score.`;
  },
  'reliability.internal_consistency': (e, s, status) => {
    if (status === 'insufficient_evidence') return `${at(s)} hebben maar ${e['n']} kandidaten alle items (er zijn er minstens ${e['min_n']} nodig, of de items variëren niet): onvoldoende bewijs over interne consistentie, nooit "voldoet".`;
    const base = `${at(s)} hebben de ${e['items']} items een Cronbachs alfa van ${num(e['alpha'])} (95%-BI ${num(e['alpha_lower'])} tot ${num(e['alpha_upper'])}, n = ${e['n']}).`;
    if (status === 'fail') return `${base} De interne consistentie valt in de band "onvoldoende": de items meten niet betrouwbaar genoeg één ding voor besluiten over individuen (banden naar COTAN, toegepast als conventie).`;
    return `${base} De interne consistentie valt in de band "${band(e['rating'])}" (banden naar COTAN, toegepast als conventie).`;
  },
  'reliability.no_evidence': (e) =>
    `Geen bewijs van betrouwbaarheid: de data heeft ${tr(e['needs'])} nodig, dus of de tool consistent meet is niet te beoordelen. Onvoldoende bewijs, nooit "voldoet".`,
  'stability.drift': (e, s, status) => {
    const unit = UNIT[String(e['unit'])] ?? String(e['unit']);
    if (status === 'insufficient_evidence') return `${at(s)} hebben minder dan twee perioden (${unit}) genoeg kandidaten om te vergelijken, dus drift is niet van toeval te onderscheiden. Onvoldoende bewijs, nooit "voldoet".`;
    if (status === 'warn') {
      const psi = e['first_psi_drift'] === null ? '' : ` De verdeling van de scores verschoof vanaf ${e['first_psi_drift']} (grootste PSI ${num(e['max_psi'])} in ${e['max_psi_period']} tegenover ${e['baseline_period']}).`;
      const ir = Number(e['crossed_groups']) > 0 ? ` Impact ratio's zakten onder de grens na een basisperiode erboven: ${list(e['crossings'], '; ')}.` : '';
      return `${at(s)} is het gedrag van de tool over ${e['periods']} perioden verschoven.${psi}${ir} Zoek uit wat er veranderde (een nieuw model, een andere groep sollicitanten); de driftgrenzen zijn conventies (requirements.md Q7).`;
    }
    const psi = e['max_psi'] === null ? 'er is geen scoreverdeling om te vergelijken' : `de grootste PSI van de score tegenover ${e['baseline_period']} is ${num(e['max_psi'])} (${e['max_psi_period']}), binnen wat toeval of de grens van ${raw(e['psi_threshold'])} toelaat`;
    return `${at(s)} is er geen drift over ${e['periods']} perioden (${unit}): ${psi}, en geen impact ratio zakte onder de vier-vijfdegrens na een begin erboven.`;
  },
  'stability.perturbation': (e, s, status) => {
    const change = typeof e['mean_abs_change'] === 'number' ? `; de score veranderde gemiddeld ${num(e['mean_abs_change'])} punten (${num(e['mean_abs_change_sd'])} SD)` : '';
    const flips = `${e['flips']} van ${e['decided']} besluiten (${pct(e['flip_rate'])}, 95%-bovengrens ${pct(e['flip_rate_upper'])})`;
    if (status === 'insufficient_evidence') return `${at(s)} hebben maar ${e['decided']} originelen en hun variant "${e['variant']}" allebei een besluit (er zijn er minstens ${e['min_pairs']} nodig)${change}. Onvoldoende bewijs over robuustheid voor deze wijziging, nooit "voldoet".`;
    const group = s.groups && typeof e['group_holm_p'] === 'number' && e['group_holm_p'] < 0.05 ? ` Besluiten over ${groupText(s.groups)} sloegen vaker om: ${pct(e['group_flip_rate'])} tegen ${pct(e['reference_flip_rate'])} voor ${groupText(s.reference)} (Holm-gecorrigeerde p ${pval(e['group_holm_p'])}).` : '';
    if (status === 'fail') return `${at(s)} liet de wijziging "${e['variant']}", die er niet toe zou mogen doen, ${flips} omslaan${change}.${group} Robuustheid voor irrelevante wijzigingen is niet aangetoond (AI-verordening art. 15(4); de grens voor het omslagpercentage is een conventie).`;
    return `${at(s)} liet de wijziging "${e['variant']}" ${flips} omslaan${change}; geen groep werd meer getroffen dan een andere.`;
  },
  'verdict_stability.four_fifths': (e, s, status) => {
    const least = `het oordeel "${VERDICT[String(e['verdict'])] ?? String(e['verdict'])}" voor ${groupText(s.groups)} tegenover ${groupText(s.reference)} (impact ratio ${num(e['impact_ratio'])}, 95%-bereik over de hersteekproeven ${num(e['impact_ratio_lower'])} tot ${num(e['impact_ratio_upper'])}) hield stand in ${pct(e['verdict_held'])} van ${e['replicates']} bootstrap-hersteekproeven van de aantallen (de uitkomst van de vier-vijfderegel in ${pct(e['four_fifths_held'])})`;
    if (status === 'pass') return `${at(s)} zijn alle ${e['comparisons']} oordelen over ongelijkheid stabiel bij hersteekproeven; het minst stabiele: ${least}.`;
    return `${at(s)} zijn ${e['fragile']} van ${e['comparisons']} oordelen over ongelijkheid wankel: met net iets andere data zouden ze anders kunnen uitvallen (${list(e['fragile_groups'], '; ')}). Het minst stabiele: ${least}.`;
  },
  'stability.no_evidence': (e) => `Stabiliteit niet volledig beoordeeld: ${list(e['missing'], '; ')}. Onvoldoende bewijs op deze punten, nooit "voldoet".`,
  'similarity.coupling': (e, s, status) => {
    const zero = `correleert de score van de tool ${num(e['rho'])} (95%-BI ${num(e['rho_lower'])} tot ${num(e['rho_upper'])}, p ${pval(e['p'])}, n = ${e['n']}) met hoe sterk een kandidaat lijkt op het benchmarkprofiel (de zittende medewerkers waarop de tool is afgestemd)`;
    const partial = typeof e['partial_rho'] === 'number' ? `; bij gelijke functieprestatie (het criterium) is de correlatie ${num(e['partial_rho'])} (95%-BI ${num(e['partial_lower'])} tot ${num(e['partial_upper'])}, p ${pval(e['partial_p'])}, n = ${e['partial_n']})` : '';
    const curve = typeof e['most_alike_rate'] === 'number' ? ` Het vijfde van de sollicitanten dat het meest op de benchmark lijkt werd in ${pct(e['most_alike_rate'])} van de gevallen geselecteerd, het vijfde dat er het minst op lijkt in ${pct(e['least_alike_rate'])}.` : '';
    if (status === 'not_assessed') return `${at(s)} is er geen scorekolom, dus de samenhang tussen score en gelijkenis is niet beoordeeld.${curve}`;
    if (status === 'insufficient_evidence') return `${at(s)} zijn er te weinig kandidaten met een score en alle kenmerken (n = ${e['n']}) om te oordelen of de score gelijkenis met de benchmark volgt; onvoldoende bewijs, nooit "voldoet".${curve}`;
    const base = `${at(s)} ${zero}${partial}.${curve}`;
    if (status === 'fail') return `${base} Similar-to-me-bias aangewezen: de score beloont gelijkenis met de zittende medewerkers meer dan wat prestatie voorspelt (grens ${num(e['threshold'])}). Vraag de leverancier welke kenmerken de score bepalen en waarom elk ervan functierelevant is.`;
    if (status === 'warn') return `${base} De score volgt gelijkenis met de zittende medewerkers (boven ${num(e['threshold'])}); ${typeof e['partial_rho'] === 'number' ? 'functieprestatie verklaart daar een deel van' : 'er zijn geen prestatiegegevens die laten zien of dat functierelevant is'}. Bespreek dit met de leverancier.`;
    return `${base} Geen similar-to-me-samenhang aangewezen (grens ${num(e['threshold'])}).`;
  },
  'similarity.homogeneity': (e, s, status) => {
    const base = `${at(s)} variëren de kenmerken van de ${e['n_selected']} geselecteerde kandidaten ${pct(e['h'])} zo sterk als die van de ${e['n_pool']} sollicitanten (homogeniteitsratio ${num(e['h'])}, 95%-BI ${num(e['h_lower'])} tot ${num(e['h_upper'])})`;
    if (status === 'warn') return `${base}: de tool selecteert een duidelijk eenvormigere groep dan er solliciteerde (grens ${num(e['threshold'])}), een teken van selectie op één profiel.`;
    if (status === 'insufficient_evidence') return `${base}. Onvoldoende bewijs om eenvormiging te beoordelen (${tr(e['verdict_rule'])}); lees dit nooit als "voldoet".`;
    return `${base}; geen eenvormiging aangewezen (grens ${num(e['threshold'])}).`;
  },
  'similarity.mirror': (e, s, status) => {
    const g = groupText(s.groups);
    const shares = `${g} vormt ${pct(e['benchmark_share'])} van de benchmark, ${pct(e['pool_share'])} van de sollicitanten en ${pct(e['selected_share'])} van de geselecteerden (representatieratio ${num(e['representation_ratio'])})`;
    const js = `Jensen-Shannon-divergentie van de geselecteerden tot de benchmark ${num(e['js_selected_benchmark'], 3)} en tot de sollicitanten ${num(e['js_selected_pool'], 3)} bits`;
    if (status === 'warn') return `${at(s)} weerspiegelen de geselecteerden de samenstelling naar ${e['attribute']} van de benchmark in plaats van die van de sollicitanten: ${shares}; ${js}. De selectie herhaalt de ondervertegenwoordiging onder de zittende medewerkers (AI-verordening art. 10(3) vraagt representatieve data).`;
    if (status === 'insufficient_evidence') return `${at(s)} zijn er te weinig geselecteerde of benchmarkkandidaten met een bekende ${e['attribute']} om de samenstelling te vergelijken; onvoldoende bewijs, nooit "voldoet".`;
    return `${at(s)} weerspiegelen de geselecteerden naar ${e['attribute']} geen benchmark met ondervertegenwoordiging: ${shares}; ${js}.`;
  },
  'similarity.diversity_loss': (e, s, status) => {
    const base = `${at(s)} is de diversiteit naar ${e['attribute']} (Gini-Simpson) ${num(e['diversity_selected'])} onder de geselecteerden tegen ${num(e['diversity_pool'])} onder de sollicitanten (verandering ${num(e['diversity_change'])}, chi-kwadraat-p ${pval(e['p'])})`;
    if (status === 'warn') return `${base}: de geselecteerde groep is minder divers dan de sollicitanten (grens -${num(e['threshold'])}).`;
    if (status === 'insufficient_evidence') return `${base}. Te weinig geselecteerde kandidaten om te oordelen; onvoldoende bewijs, nooit "voldoet".`;
    return `${base}; geen diversiteitsverlies aangewezen.`;
  },
  'similarity.proxy': (e, s, status) => {
    const base = `De ${e['traits']} kenmerkkolommen (het profiel waar de tool naar kijkt) voorspellen ${groupText(s.groups)} met een gekruisvalideerde AUC van ${num(e['auc'])} (95%-BI ${num(e['auc_lower'])} tot ${num(e['auc_upper'])}, ${e['n']} sollicitanten in de steekproef; 0,5 = niet beter dan gokken)`;
    if (status === 'warn') return `${base}: samen kunnen ze dienen als vervanger (proxy) voor ${e['attribute']} (grens ${num(e['threshold'])}; AVG art. 22(4) en art. 9 verbieden besluiten op basis van bijzondere persoonsgegevens). Vraag de leverancier elk kenmerk als functierelevant te onderbouwen.`;
    if (status === 'insufficient_evidence') return `Proxytoets voor ${e['attribute']}: ${tr(e['verdict_rule'])}. Onvoldoende bewijs, nooit "voldoet".`;
    return `${base}; geen proxy voor ${e['attribute']} aangewezen (grens ${num(e['threshold'])}).`;
  },
  'similarity.no_benchmark': (e) =>
    `De data heeft ${e['traits']} kenmerkkolommen maar geen benchmark (rijen met role=benchmark en alle kenmerken, of een bestand via --benchmark), dus gelijkenis met de zittende medewerkers, de kloon-curve en de demografische spiegel zijn niet beoordeeld; eenvormigheid en de proxytoets wel.`,
};

/** Waarom een eis haar status kreeg: één bijzin per reden van de regelsets. */
const reasons: Record<ReasonKey, string> = {
  declared_yes: 'verklaard door de leverancier of werkgever (niet gecontroleerd door deze audit)',
  declared_no: 'verklaard als niet gedaan',
  not_declared: 'hiervoor is een verklaring in het beleidsbestand nodig; niets in de data kan het laten zien',
  partly_declared: 'maar deels verklaard',
  no_metrics: 'de data bevat er geen meting voor',
  proxy_or_disparity: 'uit de metingen van ongelijkheid en proxy\'s',
  unequal_chances_signal: 'signalen van ongelijke selectie of proxy\'s vragen om na te gaan of alleen functierelevante informatie wordt gebruikt',
  no_signal: 'geen signaal van ongelijke kansen in de metingen',
  validity_measured: 'uit de criteriumvaliditeit gemeten in de data',
  validity_declared_only: 'er is een validatieonderzoek verklaard, maar er zijn geen criteriumgegevens aangeleverd om het te controleren',
  no_validity_evidence: 'geen bewijs van validiteit: geen criterium in de data en geen verklaard validatieonderzoek',
  retention_too_long: 'gegevens worden zonder toestemming langer dan 4 weken na afwijzing bewaard',
  retention_reconsent: 'gegevens die met toestemming langer dan een jaar worden bewaard, vragen om hernieuwde toestemming',
  retention_ok: 'bewaartermijn binnen de code',
  indirect_distinction_signal: 'signalen van indirect onderscheid; het Nederlandse recht kent geen getalsgrens, dus een signaal vraagt om een objectieve rechtvaardiging',
  automation_measured: 'uit het aandeel afwijzingen zonder menselijke beoordeling',
  automated_with_basis: 'er zijn afwijzingen zonder beoordeling, maar er is een grondslag uit art. 22(2) met waarborgen verklaard',
  needs_review_columns: 'hiervoor zijn reviewed_by_human (en review_seconds, reviewer_id, human_override) in de data nodig, of een verklaring',
  review_quality: 'uit de rubberstempelsignalen van de beoordelingen',
  proxy_probe: 'uit de proxytoets (kenmerken die een beschermd kenmerk voorspellen)',
  information_incomplete: 'kandidaten worden niet volledig geïnformeerd, of niet elke afgewezen kandidaat kan uitleg krijgen',
  dpia_done: 'er is een DPIA verklaard van vóór de auditdatum',
  dpia_after_audit: 'de verklaarde DPIA-datum ligt na de auditdatum',
  uavg40_misused: 'UAVG art. 40 dekt geen profilering door een private werkgever',
  uavg40_not_relied_on: 'er wordt geen beroep gedaan op UAVG art. 40',
  high_risk: 'wervingstools zijn AI-systemen met een hoog risico; de plichten uit bijlage III hieronder gelden vanaf hun datum',
  claims_no_profiling: 'verklaard dat er geen personen worden geprofileerd, wat bij het scoren van sollicitanten zelden klopt',
  bias_examination: 'uit de metingen van representatie in de benchmark en van similar-to-me',
  needs_benchmark: 'hiervoor zijn rijen met role=benchmark en kolommen trait_* nodig',
  logs_too_short: 'logs worden korter dan zes maanden bewaard',
  oversight_measured: 'uit de rubberstempelsignalen van de beoordelingen',
  robustness_measured: 'uit de metingen van betrouwbaarheid, drift en irrelevante wijzigingen',
  needs_retest_or_periods: 'hiervoor zijn gegevens over attempt, decided_at of variant_of nodig',
  deployer_duty_missing: 'een plicht van de gebruiksverantwoordelijke is verklaard als niet nagekomen',
  fria_not_required: 'een private werkgever: geen plicht tot een FRIA',
  explanation_incomplete: 'niet elke betrokken kandidaat kan uitleg krijgen',
  adverse_impact: 'uit de vergelijkingen van selectiepercentages',
  needs_protected_attributes: 'hiervoor zijn beschermde kenmerken nodig',
  bottom_line: 'uit de vergelijking over het hele selectieproces',
  needs_several_stages: 'hiervoor is meer dan één fase nodig',
  no_adverse_impact: 'er is geen nadelige impact gevonden',
  no_comparison_judged: 'geen vergelijking tussen groepen kon worden beoordeeld (geen bruikbare besluiten, geen beschermd kenmerk, of te kleine groepen), dus nadelige impact is aangetoond noch uitgesloten',
  needs_score: 'hiervoor is een scorekolom nodig om een grensscore met minder nadelige impact te zoeken',
  alternative_cut_exists: 'er bestaat een grensscore waarbij elke groep vier vijfde haalt: onderzoek die als alternatief',
  no_alternative_cut: 'geen grensscore haalt vier vijfde voor elke groep',
  reported: 'percentages en impact ratio\'s worden gerapporteerd, ook voor combinaties van kenmerken',
  no_intersections: 'combinaties van kenmerken (intersecties) ontbreken',
  small_groups_listed: 'groepen onder het aandeel voor kleine groepen worden genoemd',
  unknown_reported: 'aantallen in een onbekende categorie worden gerapporteerd',
  summary_complete: 'de openbare samenvatting kan worden gemaakt',
  works_council_exists: 'er is een ondernemingsraad verklaard',
  works_council_not_required: 'in de onderneming werken minder dan 50 personen, dus WOR art. 2 verplicht geen ondernemingsraad',
  works_council_required: 'in de onderneming werken 50 of meer personen maar er is geen ondernemingsraad: WOR art. 2 verplicht de ondernemer er een in te stellen, en tot die tijd kan niemand de instemming geven die de tool nodig heeft (art. 27)',
  wor_not_applicable: 'niet van toepassing: in de onderneming werken minder dan 50 personen en er is geen ondernemingsraad, dus instemming van een ondernemingsraad is niet nodig (een personeelsvertegenwoordiging onder WOR art. 35c heeft hierover geen instemmingsrecht)',
  council_missing: 'een ondernemingsraad is verplicht (WOR art. 2) maar ontbreekt, dus niemand kon instemmen; zodra hij is ingesteld, is zijn instemming nodig voordat de tool wordt gebruikt',
  consent_before_use: 'de ondernemingsraad stemde in voordat de tool voor het eerst werd gebruikt',
  consent_before_audit: 'de ondernemingsraad stemde in vóór de auditdatum; verklaar toolFirstUseDate om te laten zien dat de instemming vóór het eerste gebruik kwam',
  consent_after_use: 'de ondernemingsraad stemde pas in nadat de tool voor het eerst werd gebruikt: het gebruik daarvoor berustte op een besluit zonder instemming, dat de ondernemingsraad nietig kon maken door binnen een maand nadat hij ervan hoorde schriftelijk een beroep op de nietigheid te doen (WOR art. 27(5))',
  consent_needed_before_use: 'de ondernemingsraad heeft nog niet ingestemd; dat moet voordat de tool op de verklaarde datum voor het eerst wordt gebruikt (WOR art. 27(1))',
  consent_not_given: 'de ondernemingsraad heeft niet ingestemd. Een besluit zonder zijn instemming is nietig als de ondernemingsraad binnen een maand nadat hij hoort dat het wordt uitgevoerd schriftelijk een beroep doet op de nietigheid (WOR art. 27(5)); de ondernemer kan in plaats daarvan de kantonrechter om vervangende toestemming vragen (art. 27(4))',
  decided_without_consent: 'de tool werd gebruikt zonder instemming van de ondernemingsraad (niet gegeven, of pas gegeven na de onderzochte besluiten). Een besluit zonder zijn instemming is nietig als de ondernemingsraad binnen een maand nadat hij hoort dat het wordt uitgevoerd schriftelijk een beroep doet op de nietigheid, en de ondernemer moet het dan niet langer uitvoeren (WOR art. 27(5)); de ondernemer kan de kantonrechter om vervangende toestemming vragen (art. 27(4))',
};

/** Hoe een oordeel per eis zijn status noemt. */
const status: Record<FindingStatus, string> = {
  pass: 'voldaan',
  warn: 'aandacht nodig',
  fail: 'niet voldaan',
  insufficient_evidence: 'onvoldoende bewijs',
  not_assessed: 'niet beoordeeld',
};

/** "<titel>: <status> — <waarom>.<wanneer>", de datum voluit (2 december 2027). */
const requirement = (title: string, statusPhrase: string, why: string, appliesFrom: string | null) =>
  `${title}: ${statusPhrase} — ${why}.${appliesFrom === null ? '' : ` Deze plicht geldt vanaf ${formatDate(appliesFrom, 'nl')}; tot dan is het een waarschuwing.`}`;

export const nl = { findings, reasons, status, requirement };

