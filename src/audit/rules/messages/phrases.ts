import type { Language } from '../../contract/policy.js';

/**
 * The fixed texts of the rules that an AuditResult stores besides the finding sentences: each
 * rule's source and threshold (finding.rule), the rule sets' names and editions
 * (finding.requirement), and the few English phrases that rules put into a finding's evidence
 * (batch_note, missing, needs …). The result keeps them as written at audit time; a report in
 * another language translates them through these pairs. `{0}`, `{1}` … stand for the numbers
 * and names the rules fill in (policy thresholds, counts, groups); they may move in the sentence.
 * A text no pair matches stays as it is, and tests/audit/rules/localize.test.ts fails when a
 * golden result holds such a text.
 */
type Pair = readonly [en: string, nl: string];

const THRESHOLDS: readonly Pair[] = [
  // disparity
  ['fail if impact ratio < {0} and Holm-adjusted Fisher p < {1}; warn if one holds; insufficient evidence under n = {2}', 'voldoet niet als de impact ratio < {0} en de Holm-gecorrigeerde Fisher-p < {1}; let op als één van beide geldt; onvoldoende bewijs onder n = {2}'],
  ['fail if scoring-rate impact ratio < {0} and Holm-adjusted p < {1}', 'voldoet niet als de impact ratio van het scorepercentage < {0} en de Holm-gecorrigeerde p < {1}'],
  ['warn if the bottom-line impact ratio < {0}', 'let op als de impact ratio over het hele proces (bottom line) < {0}'],
  ['warn if CMH p < {0} with a common odds ratio below 1', 'let op als de CMH-p < {0} bij een gemeenschappelijke odds ratio onder 1'],
  ['warn if CMH p < {0} with a common odds ratio below 1 (CMH without continuity correction, policy conventions.cmh)', 'let op als de CMH-p < {0} bij een gemeenschappelijke odds ratio onder 1 (CMH zonder continuïteitscorrectie, conventions.cmh in het beleid)'],
  ['warn if the pooled impact ratio and the common odds ratio across strata lie on opposite sides of 1 and the pooled Fisher p or the CMH p is < {0} (convention)', 'let op als de samengevoegde impact ratio en de gemeenschappelijke odds ratio over de strata aan weerszijden van 1 liggen en de samengevoegde Fisher-p of de CMH-p < {0} is (conventie)'],
  ['fail if the tpr or fpr ratio < {0} and Holm-adjusted Fisher p < {1}; warn if one holds; insufficient evidence under n = {2}', 'voldoet niet als de ratio van de tpr of fpr < {0} en de Holm-gecorrigeerde Fisher-p < {1}; let op als één van beide geldt; onvoldoende bewijs onder n = {2}'],
  ['the named reference group must occur in the data', 'de genoemde referentiegroep moet in de data voorkomen'],
  ['every stage the policy names must occur in the data', 'elke fase die het beleid noemt moet in de data voorkomen'],
  ['more than {0} values, or under {1} candidates per value (convention)', 'meer dan {0} waarden, of minder dan {1} kandidaten per waarde (conventie)'],
  ['protected attributes must be named to assess disparity', 'voor ongelijkheid moeten beschermde kenmerken genoemd zijn'],
  // validity
  ['pass if observed r >= {0} and p < {1}; warn if one holds; fail if neither; insufficient evidence under {2} criterion rows', 'voldoet als de waargenomen r >= {0} en p < {1}; let op als één van beide geldt; voldoet niet als geen van beide geldt; onvoldoende bewijs onder {2} rijen met een criterium'],
  ['warn if Holm-adjusted Fisher-z p < {0}; insufficient evidence under {1} rows per group or when q = atanh({2}) is not detectable with power {3}', 'let op als de Holm-gecorrigeerde Fisher-z-p < {0}; onvoldoende bewijs onder {1} rijen per groep of als q = atanh({2}) niet aantoonbaar is met onderscheidend vermogen {3}'],
  ['fail if the slope or (equal slopes) intercept difference has Holm-adjusted p < {0}, so that the common line under-predicts a group; insufficient evidence when a standardized difference of {1} is not detectable with power {2}', 'voldoet niet als het verschil in helling of (bij gelijke helling) in intercept een Holm-gecorrigeerde p < {0} heeft, zodat de gemeenschappelijke lijn een groep onderschat; onvoldoende bewijs als een gestandaardiseerd verschil van {1} niet aantoonbaar is met onderscheidend vermogen {2}'],
  ['no criterion study in the data => insufficient evidence, never a pass', 'geen criteriumonderzoek in de data => onvoldoende bewijs, nooit "voldoet"'],
  // reliability
  ['fail if < {0} (insufficient); sufficient from {1}, good from {2} (bands unverified [U], a convention); insufficient evidence under {3} candidates', 'voldoet niet als < {0} (onvoldoende); voldoende vanaf {1}, goed vanaf {2} (grenzen niet geverifieerd [U], een conventie); onvoldoende bewijs onder {3} kandidaten'],
  ["warn if a group's retest r differs from the reference group's with Holm-adjusted p < {0}; insufficient evidence under {1} pairs per group or when a Fisher-z difference of {2} (atanh {3} − atanh {4}) is not detectable with power {5}", 'let op als de hertest-r van een groep verschilt van die van de referentiegroep met Holm-gecorrigeerde p < {0}; onvoldoende bewijs onder {1} paren per groep of als een Fisher-z-verschil van {2} (atanh {3} − atanh {4}) niet aantoonbaar is met onderscheidend vermogen {5}'],
  ['warn if any retest pair with identical traits is scored differently (share < 1)', 'let op als een hertestpaar met identieke kenmerken verschillend gescoord wordt (aandeel < 1)'],
  ['reliability needs retest pairs or item columns; without them it is not shown', 'voor betrouwbaarheid zijn hertestparen of itemkolommen nodig; zonder die is ze niet aangetoond'],
  // stability
  ['warn if PSI > {0} with Holm-adjusted p < {1} against the baseline period, or an impact ratio falls below {2} (Holm p < {3}) after a baseline at or above it', 'let op als de PSI > {0} met Holm-gecorrigeerde p < {1} ten opzichte van de basisperiode, of als een impact ratio onder {2} zakt (Holm-p < {3}) na een basisperiode op of boven die grens'],
  ["fail if the flip rate > {0} or a group's flip rate differs from the lowest group's (Fisher, Holm p < {1}); insufficient evidence under {2} decided pairs", 'voldoet niet als het omslagpercentage > {0} of het omslagpercentage van een groep verschilt van dat van de laagste groep (Fisher, Holm-p < {1}); onvoldoende bewijs onder {2} beslist paren'],
  ['warn (fragile) if the verdict or the four-fifths result holds in fewer than {0}% of {1} resamples', 'let op (wankel) als het oordeel of de uitkomst van de vier-vijfderegel in minder dan {0}% van {1} hersteekproeven standhoudt'],
  ['drift and perturbation stability need decided_at and variant rows', 'voor drift en stabiliteit bij irrelevante wijzigingen zijn decided_at en variantrijen nodig'],
  // similarity
  ['fail if partial correlation given the criterion > {0} with p < {1}; warn if only the zero-order correlation meets that', 'voldoet niet als de partiële correlatie gegeven het criterium > {0} met p < {1}; let op als alleen de gewone correlatie daaraan voldoet'],
  ['warn if H < {0} with its 95% bootstrap interval below 1', 'let op als H < {0} met een 95%-bootstrapinterval onder 1'],
  ['warn if the selected are closer to the benchmark than to the pool and a group has representation ratio < {0} (p < {1}) and is under-selected (p < {2})', 'let op als de geselecteerden dichter bij de benchmark liggen dan bij de sollicitanten en een groep een representatieratio < {0} heeft (p < {1}) en ondergeselecteerd is (p < {2})'],
  ['warn if the change < -{0} with chi-square p < {1}', 'let op als de verandering < -{0} met chi-kwadraat-p < {1}'],
  ['warn if the cross-validated AUC >= {0} with its 95% interval above 0.5', 'let op als de gekruisvalideerde AUC >= {0} met een 95%-interval boven 0,5'],
  ['role=benchmark rows (or --benchmark <file>) with every trait are needed to measure resemblance', 'om gelijkenis te meten zijn rijen met role=benchmark (of --benchmark <bestand>) met alle kenmerken nodig'],
  // automation
  [
    'fail if any rejection had no human review (ARR > 0), unless an art. 22(2) basis and a 22(3) contest channel are declared (then warn); unknown review status => insufficient evidence; high rubber-stamp risk => warn (treated as solely automated)',
    'voldoet niet als een afwijzing zonder menselijke beoordeling plaatsvond (ARR > 0), tenzij een grondslag uit art. 22(2) en een bezwaarroute uit art. 22(3) zijn verklaard (dan let op); onbekend of er beoordeeld is => onvoldoende bewijs; hoog rubberstempelrisico => let op (behandeld als uitsluitend geautomatiseerd)',
  ],
  [
    'warn if the rubber-stamp risk is high ((override rate < 2% or adherence >= 98%) and median review < {0} s over >= 100 reviews, or batch index > 50%) or medium (one signal); each rate signal by an exact one-sided test (alpha/2); the legal test itself is qualitative',
    'let op als het rubberstempelrisico hoog is ((wijzigingspercentage < 2% of volgzaamheid >= 98%) en mediane beoordelingstijd < {0} s over >= 100 beoordelingen, of serie-index > 50%) of middel (één signaal); elk percentagesignaal met een exacte eenzijdige toets (alfa/2); de juridische toets zelf is kwalitatief',
  ],
  ["warn if a group's share of rejections without human review exceeds the other groups' with Holm-adjusted p < {0}; insufficient evidence under {1} rejections", 'let op als het aandeel afwijzingen zonder menselijke beoordeling bij een groep hoger is dan bij de andere groepen met Holm-gecorrigeerde p < {0}; onvoldoende bewijs onder {1} afwijzingen'],
  ["warn if a group's share of reviewed rejections under {0} s exceeds the other groups' with Holm-adjusted p < {1}", 'let op als het aandeel beoordeelde afwijzingen onder {0} s bij een groep hoger is dan bij de andere groepen met Holm-gecorrigeerde p < {1}'],
  ['warn if reviewers advance a group less often than the rest at the same tool outcome (odds ratio < 1) with Holm-adjusted p < {0}', 'let op als beoordelaars een groep bij dezelfde uitkomst van de tool minder vaak laten doorgaan dan de rest (odds ratio < 1) met Holm-gecorrigeerde p < {0}'],
  // requirement sets
  ['disparity per UGESP/AWGB screening rows; traits that predict a protected attribute (proxy AUC >= 0.70) => warn', 'ongelijkheid volgens de UGESP/AWGB-signaleringsregels; kenmerken die een beschermd kenmerk voorspellen (proxy-AUC >= 0,70) => let op'],
  ['not named => fail', 'niet genoemd => voldoet niet'],
  ['no alternative route => fail', 'geen alternatieve route => voldoet niet'],
  ['no validity evidence (neither a criterion study in the data nor a declared validation study) => fail', 'geen bewijs van validiteit (geen criteriumonderzoek in de data en geen verklaard validatieonderzoek) => voldoet niet'],
  ['released before the candidate saw them or without consent => fail', 'vrijgegeven voordat de kandidaat ze zag of zonder toestemming => voldoet niet'],
  ['any input from third parties without consent => fail', 'enige invoer van derden zonder toestemming => voldoet niet'],
  ['> 28 days without consent => fail; > 365 days with consent => warn', '> 28 dagen zonder toestemming => voldoet niet; > 365 dagen met toestemming => let op'],
  ['no complaint route => fail', 'geen klachtenprocedure => voldoet niet'],
  ['no numeric legal line; review triggered when IR < 0.8 and p < .05 (convention)', 'geen wettelijke getalsgrens; nader onderzoek bij IR < 0,8 en p < 0,05 (conventie)'],
  ['unreviewed rejections > 0 => fail, unless an art. 22(2) basis with 22(3) safeguards is declared', 'afwijzingen zonder beoordeling > 0 => voldoet niet, tenzij een grondslag uit art. 22(2) met de waarborgen van art. 22(3) is verklaard'],
  ['rubber-stamp signals of requirements Q9 (convention); the legal test is qualitative', 'rubberstempelsignalen van requirements.md Q9 (conventie); de juridische toets is kwalitatief'],
  ['no contest channel => fail', 'geen bezwaarroute => voldoet niet'],
  ['special-category input declared => fail; traits predict a protected attribute with AUC >= 0.70 => warn (convention)', 'invoer van bijzondere persoonsgegevens verklaard => voldoet niet; kenmerken voorspellen een beschermd kenmerk met AUC >= 0,70 => let op (conventie)'],
  ['no notice, or explanation coverage of rejected candidates < 100% => fail', 'geen kennisgeving, of uitleg voor < 100% van de afgewezen kandidaten => voldoet niet'],
  ['no DPIA, or a DPIA dated after the audit date => fail', 'geen DPIA, of een DPIA gedateerd na de auditdatum => voldoet niet'],
  ['a legal-duty basis claimed by a private employer for a profiling tool => fail', 'een private werkgever beroept zich voor een profilerende tool op een wettelijke plicht => voldoet niet'],
  ['classification, no pass mark', 'indeling, geen oordeel'],
  ['any emotion inference from biometric data => fail (critical)', 'elke afleiding van emoties uit biometrische gegevens => voldoet niet (kritiek)'],
  ['undeclared test plan => fail (from the Annex III date)', 'geen verklaard testplan => voldoet niet (vanaf de datum van bijlage III)'],
  ['representation and mirror signals of requirements Q8 (convention)', 'signalen van representatie en spiegeling uit requirements.md Q8 (conventie)'],
  ['logs kept < 6 months => fail (from the Annex III date)', 'logs < 6 maanden bewaard => voldoet niet (vanaf de datum van bijlage III)'],
  ['no per-group metrics declared => fail (from the Annex III date)', 'geen maten per groep verklaard => voldoet niet (vanaf de datum van bijlage III)'],
  ['rubber-stamp signals of requirements Q9; untrained oversight staff => fail', 'rubberstempelsignalen van requirements.md Q9; ongetraind toezichtpersoneel => voldoet niet'],
  ['reliability, drift and perturbation signals of requirements Q7 (convention)', 'signalen van betrouwbaarheid, drift en irrelevante wijzigingen uit requirements.md Q7 (conventie)'],
  ['each missing => fail from the Annex III date, warn before', 'elk ontbrekend punt => voldoet niet vanaf de datum van bijlage III, daarvoor let op'],
  ['public body or public-service provider without FRIA => fail (from the Annex III date)', 'overheidsinstantie of aanbieder van openbare diensten zonder FRIA => voldoet niet (vanaf de datum van bijlage III)'],
  ['explanation coverage < 100% => warn', 'uitleg voor < 100% => let op'],
  ['impact ratio < 0.8 with significance (requirements Q3)', 'impact ratio < 0,8 met significantie (requirements.md Q3)'],
  ['bottom-line impact ratio < 0.8 => warn', 'impact ratio over het hele proces < 0,8 => let op'],
  ['a cut score with every impact ratio >= 0.8 exists at a stage with adverse impact => warn (validity at that cut not assessed)', 'er bestaat een grensscore waarbij elke impact ratio >= 0,8 in een fase met nadelige impact => let op (validiteit bij die grens niet beoordeeld)'],
  ['adverse impact and no significant validity evidence => fail', 'nadelige impact en geen significant bewijs van validiteit => voldoet niet'],
  ['reported; intersectional categories required', 'gerapporteerd; intersectionele categorieën vereist'],
  ['groups under the share are listed with n and rate', 'groepen onder het aandeel worden genoemd met n en percentage'],
  ['always reported', 'altijd gerapporteerd'],
  ['tool distribution date declared', 'datum van eerste inzet van de tool verklaard'],
  ['50 or more persons as a rule and no works council => fail; fewer than 50 => not required', 'in de regel 50 of meer personen en geen ondernemingsraad => voldoet niet; minder dan 50 => niet verplicht'],
  [
    'no consent, or consent only after the audited decisions => fail; consent given after first use, or not yet given with first use still ahead => warn; fewer than 50 persons and no works council => not applicable',
    'geen instemming, of instemming pas na de onderzochte besluiten => voldoet niet; instemming na de eerste inzet, of nog niet gegeven terwijl de eerste inzet nog komt => let op; minder dan 50 personen en geen ondernemingsraad => niet van toepassing',
  ],
];

const SOURCES: readonly Pair[] = [
  ['UGESP 29 CFR 1607.4(D) four-fifths rule with significance (requirements Q3); AWGB art. 2 has no numeric line', 'UGESP 29 CFR 1607.4(D) vier-vijfderegel met significantie (requirements.md Q3); AWGB art. 2 kent geen getalsgrens'],
  ['UGESP 29 CFR 1607.15(A): adverse impact for each job; Cochran–Mantel–Haenszel across the strata of a stage (requirements Q4, issue 16)', 'UGESP 29 CFR 1607.15(A): nadelige impact per functie; Cochran–Mantel–Haenszel over de strata van een fase (requirements.md Q4, issue 16)'],
  ["Simpson's paradox (Bickel, Hammel & O'Connell 1975, Science 187:398-404): a pooled comparison reversed within strata", "paradox van Simpson (Bickel, Hammel & O'Connell 1975, Science 187:398-404): een samengevoegde vergelijking die binnen de strata omkeert"],
  ['UGESP 29 CFR 1607.4(D) four-fifths rule with significance within each stratum (1607.15(A): for each job; requirements Q3)', 'UGESP 29 CFR 1607.4(D) vier-vijfderegel met significantie binnen elk stratum (1607.15(A): per functie; requirements.md Q3)'],
  ['Equal opportunity and equalized odds (Hardt, Price & Srebro 2016); the four-fifths band of UGESP 29 CFR 1607.4(D) applied to error rates (issue 16, a convention)', 'gelijke kansen (equal opportunity) en equalized odds (Hardt, Price & Srebro 2016); de vier-vijfdegrens van UGESP 29 CFR 1607.4(D) toegepast op foutpercentages (issue 16, een conventie)'],
  ['NYC LL144, 6 RCNY §5-300/§5-301(c) scoring rate (share above the median); verdict per requirements Q3', 'NYC LL144, 6 RCNY §5-300/§5-301(c) scorepercentage (aandeel boven de mediaan); oordeel volgens requirements.md Q3'],
  ['UGESP 29 CFR 1607.4(C): evaluate each component and the total selection process', 'UGESP 29 CFR 1607.4(C): beoordeel elk onderdeel en het selectieproces als geheel'],
  ['Cochran–Mantel–Haenszel across stages (requirements Q4); persistent disparity as a trigger for review (AWGB art. 2)', 'Cochran–Mantel–Haenszel over de fasen (requirements.md Q4); aanhoudende ongelijkheid als aanleiding tot nader onderzoek (AWGB art. 2)'],
  ['COTAN rating system, criterion validity (bands unverified [U]); UGESP 29 CFR 1607.14(B)(5): validity significant at the .05 level; requirements Q6', 'COTAN-beoordelingssysteem, criteriumvaliditeit (grenzen niet geverifieerd [U]); UGESP 29 CFR 1607.14(B)(5): validiteit significant op het 0,05-niveau; requirements.md Q6'],
  ['AERA/APA/NCME Standards (2014) ch. 3; SIOP Principles (2018): differential validity by Fisher z (requirements Q6)', 'AERA/APA/NCME Standards (2014) hfst. 3; SIOP Principles (2018): differentiële validiteit met Fisher z (requirements.md Q6)'],
  ['Cleary (1968) J Educ Meas 5:115-124; AERA/APA/NCME Standards (2014) ch. 3; SIOP Principles (2018); UGESP 1607.14(B)(8) (requirements Q6)', 'Cleary (1968) J Educ Meas 5:115-124; AERA/APA/NCME Standards (2014) hfst. 3; SIOP Principles (2018); UGESP 1607.14(B)(8) (requirements.md Q6)'],
  ['COTAN rating system (NIP), criterion "Betrouwbaarheid"; requirements Q7 test-retest ICC(2,1), absolute agreement', 'COTAN-beoordelingssysteem (NIP), criterium "Betrouwbaarheid"; requirements.md Q7 test-hertest-ICC(2,1), absolute overeenstemming'],
  ["COTAN rating system (NIP), criterion \"Betrouwbaarheid\"; requirements Q7 internal consistency (Cronbach's alpha)", 'COTAN-beoordelingssysteem (NIP), criterium "Betrouwbaarheid"; requirements.md Q7 interne consistentie (Cronbachs alfa)'],
  ['COTAN rating system (NIP), criterion "Betrouwbaarheid"; requirements Q7 test-retest and internal consistency', 'COTAN-beoordelingssysteem (NIP), criterium "Betrouwbaarheid"; requirements.md Q7 test-hertest en interne consistentie'],
  ['requirements Q7 test–retest, by group (our extension, as Q7 asks of perturbation); Fisher z for independent correlations, Holm-adjusted', 'requirements.md Q7 test-hertest per groep (onze uitbreiding, zoals Q7 vraagt bij irrelevante wijzigingen); Fisher z voor onafhankelijke correlaties, Holm-gecorrigeerd'],
  ['AI Act art. 15(1) consistent performance; requirements Q7 determinism (identical re-scores of identical input)', 'AI-verordening art. 15(1) consistente prestaties; requirements.md Q7 determinisme (identieke herscores van identieke invoer)'],
  ['AI Act art. 15(1) consistent accuracy over the lifecycle; requirements Q7 drift (PSI of the score, impact-ratio trend by period)', 'AI-verordening art. 15(1) consistente nauwkeurigheid gedurende de levensduur; requirements.md Q7 drift (PSI van de score, verloop van de impact ratio per periode)'],
  ['AI Act art. 15(4) robustness; requirements Q7 perturbation (decision flips under an irrelevant change, by group)', 'AI-verordening art. 15(4) robuustheid; requirements.md Q7 irrelevante wijzigingen (omslaande besluiten, per groep)'],
  ['requirements Q3 stability: share of bootstrap resamples of the aggregates in which a four-fifths verdict holds (issue 3)', 'requirements.md Q3 stabiliteit: aandeel bootstrap-hersteekproeven van de aggregaten waarin een oordeel volgens de vier-vijfderegel standhoudt (issue 3)'],
  ['AI Act art. 15(1)(4); requirements Q7 drift and perturbation', 'AI-verordening art. 15(1)(4); requirements.md Q7 drift en irrelevante wijzigingen'],
  ['requirements Q8 similar-to-me (Raghavan et al. 2020; Rathenau 2020): score vs resemblance to the benchmark, beyond the criterion', 'requirements.md Q8 similar-to-me (Raghavan e.a. 2020; Rathenau 2020): score tegenover gelijkenis met de benchmark, los van het criterium'],
  ['requirements Q8 homogeneity ratio tr(Sigma_selected)/tr(Sigma_pool) on pool-standardised traits', 'requirements.md Q8 homogeniteitsratio tr(Sigma_geselecteerd)/tr(Sigma_sollicitanten) op gestandaardiseerde kenmerken'],
  ['AI Act art. 10(3) representativeness; requirements Q8 demographic mirror (Jensen-Shannon, representation ratio)', 'AI-verordening art. 10(3) representativiteit; requirements.md Q8 demografische spiegel (Jensen-Shannon, representatieratio)'],
  ['requirements Q8 diversity loss: Gini-Simpson diversity of the selected vs the pool', 'requirements.md Q8 diversiteitsverlies: Gini-Simpson-diversiteit van de geselecteerden tegenover alle sollicitanten'],
  ['GDPR art. 22(4) and art. 9 (special categories); requirements Q8 proxy probe (cross-validated logistic regression, traits -> attribute)', 'AVG art. 22(4) en art. 9 (bijzondere persoonsgegevens); requirements.md Q8 proxytoets (gekruisvalideerde logistische regressie, kenmerken -> beschermd kenmerk)'],
  ['GDPR/AVG art. 22(1)-(3), recital 71 (e-recruiting without any human intervention); WP29 WP251rev.01; CJEU C-634/21 SCHUFA', 'AVG art. 22(1)-(3), overweging 71 (e-recruiting zonder enige menselijke tussenkomst); WP29 WP251rev.01; HvJ EU C-634/21 SCHUFA'],
  ['WP29 WP251rev.01; CJEU C-634/21 SCHUFA; AP guidance on meaningful human intervention (2025); AI Act art. 14(4)(b) (automation bias); requirements Q9', 'WP29 WP251rev.01; HvJ EU C-634/21 SCHUFA; AP-handreiking betekenisvolle menselijke tussenkomst (2025); AI-verordening art. 14(4)(b) (automatiseringsbias); requirements.md Q9'],
  ['requirements Q9: ARR compared across groups (Fisher exact, Holm); AWGB art. 2 (indirect distinction)', 'requirements.md Q9: ARR vergeleken tussen groepen (exacte Fisher-toets, Holm); AWGB art. 2 (indirect onderscheid)'],
  ['requirements Q9: rubber-stamped rejections (review under the minimum time) compared across groups (Fisher exact, Holm)', 'requirements.md Q9: afgestempelde afwijzingen (beoordeling korter dan de minimale tijd) vergeleken tussen groepen (exacte Fisher-toets, Holm)'],
  ["requirements Q9: impact ratio before vs after human review; reviewers' decisions by group given the tool outcome (Cochran-Mantel-Haenszel, Holm); UGESP 1607.4(C) each component", 'requirements.md Q9: impact ratio vóór en na menselijke beoordeling; besluiten van beoordelaars per groep bij gelijke uitkomst van de tool (Cochran-Mantel-Haenszel, Holm); UGESP 1607.4(C) elk onderdeel'],
  // requirement sets
  ['NVP Sollicitatiecode 2020 §1.1', 'NVP Sollicitatiecode 2020 §1.1'],
  ['NVP Sollicitatiecode 2020 §2.3', 'NVP Sollicitatiecode 2020 §2.3'],
  ['NVP Sollicitatiecode 2020 §3.2', 'NVP Sollicitatiecode 2020 §3.2'],
  ['NVP Sollicitatiecode 2020 §3.4 (wording from press summaries of the 2020 code)', 'NVP Sollicitatiecode 2020 §3.4 (formulering uit persberichten over de code van 2020)'],
  ['NVP Sollicitatiecode 2020 ch. 4 (clause numbers [U])', 'NVP Sollicitatiecode 2020 hfst. 4 (artikelnummers [U])'],
  ['NVP Sollicitatiecode 2020 §4.1', 'NVP Sollicitatiecode 2020 §4.1'],
  ['NVP Sollicitatiecode 2020 §5.3 with AP guidance', 'NVP Sollicitatiecode 2020 §5.3 met de handreiking van de AP'],
  ['NVP Sollicitatiecode 2020 §6.1–6.5', 'NVP Sollicitatiecode 2020 §6.1–6.5'],
  ['AWGB art. 2, WGBL, WGB h/cz; directives 2000/43, 2000/78, 2006/54', 'AWGB art. 2, WGBL, WGB h/cz; richtlijnen 2000/43, 2000/78, 2006/54'],
  ['GDPR art. 22(1), recital 71 (e-recruiting without human intervention)', 'AVG art. 22(1), overweging 71 (e-recruiting zonder menselijke tussenkomst)'],
  ['WP29 WP251rev.01; CJEU C-634/21 SCHUFA; AP guidance on meaningful human intervention (2025)', 'WP29 WP251rev.01; HvJ EU C-634/21 SCHUFA; AP-handreiking betekenisvolle menselijke tussenkomst (2025)'],
  ['GDPR art. 22(3)', 'AVG art. 22(3)'],
  ['GDPR art. 22(4), art. 9', 'AVG art. 22(4), art. 9'],
  ['GDPR art. 13(2)(f), 14(2)(g), 15(1)(h); CJEU C-203/22 Dun & Bradstreet', 'AVG art. 13(2)(f), 14(2)(g), 15(1)(h); HvJ EU C-203/22 Dun & Bradstreet'],
  ['GDPR art. 35(3)(a); WP248rev.01; AP DPIA list (2019)', 'AVG art. 35(3)(a); WP248rev.01; DPIA-lijst van de AP (2019)'],
  ['Uitvoeringswet AVG art. 40', 'Uitvoeringswet AVG art. 40'],
  ['AI Act art. 6(2), Annex III 4(a); art. 6(3) never exempts systems that profile persons', 'AI-verordening art. 6(2), bijlage III 4(a); art. 6(3) zondert systemen die personen profileren nooit uit'],
  ['AI Act art. 5(1)(f); Commission guidelines on prohibited practices (2025)', 'AI-verordening art. 5(1)(f); richtsnoeren van de Commissie over verboden praktijken (2025)'],
  ['AI Act art. 9(6)–(8)', 'AI-verordening art. 9(6)–(8)'],
  ['AI Act art. 10(2)(f)(g), 10(3), 10(4)', 'AI-verordening art. 10(2)(f)(g), 10(3), 10(4)'],
  ['AI Act art. 12, 19, 26(6)', 'AI-verordening art. 12, 19, 26(6)'],
  ['AI Act art. 13(3)(b)(ii)(v)', 'AI-verordening art. 13(3)(b)(ii)(v)'],
  ['AI Act art. 14(4)(b)(d)', 'AI-verordening art. 14(4)(b)(d)'],
  ['AI Act art. 15(1)(3)(4)', 'AI-verordening art. 15(1)(3)(4)'],
  ['AI Act art. 26(2)(7)(11)', 'AI-verordening art. 26(2)(7)(11)'],
  ['AI Act art. 27', 'AI-verordening art. 27'],
  ['AI Act art. 86 (date of effect for Annex III tools ambiguous [U])', 'AI-verordening art. 86 (ingangsdatum voor tools uit bijlage III onduidelijk [U])'],
  ['29 CFR 1607.4(D)', '29 CFR 1607.4(D)'],
  ['29 CFR 1607.4(C)', '29 CFR 1607.4(C)'],
  ['29 CFR 1607.3(B)', '29 CFR 1607.3(B)'],
  ['29 CFR 1607.5, 1607.14(B)(5),(8)', '29 CFR 1607.5, 1607.14(B)(5),(8)'],
  ['6 RCNY §5-301(b)(c)', '6 RCNY §5-301(b)(c)'],
  ['6 RCNY §5-301(d)', '6 RCNY §5-301(d)'],
  ['6 RCNY §5-301(b)(c), §5-303', '6 RCNY §5-301(b)(c), §5-303'],
  ['6 RCNY §5-302, §5-303', '6 RCNY §5-302, §5-303'],
  ['WOR art. 2(1); below 50 persons: art. 35b-35c (staff representation, no consent right on hiring, data or monitoring)', 'WOR art. 2(1); onder 50 personen: art. 35b-35c (personeelsvertegenwoordiging, geen instemmingsrecht over werving, gegevens of controle)'],
  ['WOR art. 27(1)(e) (aanstellingsbeleid), 27(4)-(5)', 'WOR art. 27(1)(e) (aanstellingsbeleid), 27(4)-(5)'],
  ['WOR art. 27(1)(k), 27(4)-(5); applies where the tool handles data of internal candidates or of the recruiters who review its decisions', 'WOR art. 27(1)(k), 27(4)-(5); van toepassing als de tool gegevens verwerkt van interne kandidaten of van de recruiters die zijn besluiten beoordelen'],
  ['WOR art. 27(1)(l), 27(4)-(5); review logs (reviewer, time taken, overrides) record how each recruiter works', 'WOR art. 27(1)(l), 27(4)-(5); beoordelingslogs (beoordelaar, benodigde tijd, wijzigingen) leggen vast hoe elke recruiter werkt'],
];

/** Names and editions of the rule sets (finding.requirement). */
const SETS: readonly Pair[] = [
  ['NVP Sollicitatiecode', 'NVP Sollicitatiecode'],
  ['2020 (published 2020-03-03); 2025 revision published 2025-09-02, numbering not yet mapped [U]', '2020 (gepubliceerd 3 maart 2020); herziening gepubliceerd 2 september 2025, nummering nog niet verwerkt [U]'],
  ['GDPR / AVG', 'AVG (GDPR)'],
  ['Regulation (EU) 2016/679; UAVG; CJEU C-634/21 SCHUFA (2023), C-203/22 Dun & Bradstreet (2025)', 'Verordening (EU) 2016/679; UAVG; HvJ EU C-634/21 SCHUFA (2023), C-203/22 Dun & Bradstreet (2025)'],
  ['EU AI Act', 'AI-verordening (EU AI Act)'],
  ['Reg. (EU) 2024/1689 as amended by Reg. (EU) 2026/1744', 'Verordening (EU) 2024/1689, gewijzigd bij Verordening (EU) 2026/1744'],
  ['EEOC Uniform Guidelines (UGESP)', 'EEOC Uniform Guidelines (UGESP)'],
  ['29 CFR part 1607 (1978)', '29 CFR part 1607 (1978)'],
  ['NYC Local Law 144', 'NYC Local Law 144'],
  ['DCWP final rule, 6 RCNY §5-300–§5-304 (April 2023)', 'definitieve regel van het DCWP, 6 RCNY §5-300–§5-304 (april 2023)'],
  ['Wet op de ondernemingsraden (WOR)', 'Wet op de ondernemingsraden (WOR)'],
  ['Wet op de ondernemingsraden (BWBR0002747), art. 2, 27 and 35c as in force 2026; letters from secondary sources [U]', 'Wet op de ondernemingsraden (BWBR0002747), art. 2, 27 en 35c zoals geldend in 2026; onderdelen (letters) uit secundaire bronnen [U]'],
];

/** Titles of the requirement rules (finding.requirement.title); the NVP titles follow the code's own Dutch. */
const TITLES: readonly Pair[] = [
  ['Equal chances at equal suitability; only job-relevant information used', 'Gelijke kansen bij gelijke geschiktheid; alleen functierelevante informatie gebruikt'],
  ['The vacancy names the selection instruments and extra procedures', 'De vacature noemt de selectie-instrumenten en aanvullende procedures'],
  ['Candidates may ask for a procedure without the internet/video tool', 'De kandidaat mag om afwijking van de procedure vragen (zonder de internet- of videotool)'],
  ['Algorithms only if validated and transparent, with their risks and shortcomings made clear', "Algoritmes alleen als ze gevalideerd en transparant zijn, met hun risico's en tekortkomingen duidelijk gemaakt"],
  ['Assessment results go to the candidate first; release only with consent', 'De uitslag van een assessment gaat eerst naar de kandidaat; doorgeven alleen met toestemming'],
  ['Third-party and internet information only with prior consent', 'Informatie van derden en van internet alleen met voorafgaande toestemming'],
  ['Applicant data removed within 4 weeks after rejection unless consent', 'Sollicitatiegegevens binnen 4 weken na afwijzing verwijderd, tenzij met toestemming'],
  ['A complaints procedure exists', 'Er is een klachtenprocedure'],
  ['No indirect distinction without objective justification', 'Geen indirect onderscheid zonder objectieve rechtvaardiging'],
  ['No rejection based solely on automated processing', 'Geen afwijzing die uitsluitend op geautomatiseerde verwerking berust'],
  ['Human review must be meaningful, not a token sign-off', 'Menselijke beoordeling moet betekenisvol zijn, geen formaliteit'],
  ['Right to human intervention, to express a view and to contest', 'Recht op menselijke tussenkomst, op het geven van een standpunt en op bezwaar'],
  ['No decisions based on special-category data; no proxies for it', "Geen besluiten op basis van bijzondere persoonsgegevens, en geen vervangers (proxy's) daarvoor"],
  ['Candidates told about automated decision-making and given meaningful information on its logic', 'Kandidaten geïnformeerd over geautomatiseerde besluitvorming, met nuttige informatie over de onderliggende logica'],
  ['DPIA before systematic evaluation with significant effects', 'DPIA vóór systematische beoordeling met aanmerkelijke gevolgen'],
  ['The Dutch exception for automated decisions does not cover private-employer profiling', 'De Nederlandse uitzondering voor geautomatiseerde besluiten dekt geen profilering door een private werkgever'],
  ['Classification: a recruitment tool is a high-risk AI system', 'Indeling: een wervingstool is een AI-systeem met een hoog risico'],
  ['No emotion recognition in recruitment', 'Geen emotieherkenning bij werving'],
  ['Tested against metrics and thresholds defined before testing', 'Getest tegen maten en drempels die vóór het testen zijn vastgelegd'],
  ['Data examined for biases; representative of the setting', 'Data onderzocht op vertekening; representatief voor de context'],
  ['Automatic event logs kept at least six months', 'Automatische logs minstens zes maanden bewaard'],
  ['Instructions state accuracy for specific groups', 'De gebruiksaanwijzing vermeldt de nauwkeurigheid voor specifieke groepen'],
  ['Human oversight that counters automation bias', 'Menselijk toezicht dat automatiseringsbias tegengaat'],
  ['Consistent accuracy and robustness; no biased feedback loops', 'Consistente nauwkeurigheid en robuustheid; geen vertekende terugkoppeling'],
  ["Deployer duties: inform candidates and workers' representatives, competent oversight", 'Plichten van de gebruiksverantwoordelijke: kandidaten en werknemersvertegenwoordigers informeren, deskundig toezicht'],
  ['Fundamental-rights impact assessment by public deployers', 'Effectbeoordeling voor grondrechten (FRIA) door publieke gebruiksverantwoordelijken'],
  ["Affected persons can get an explanation of the AI system's role", 'Betrokkenen kunnen uitleg krijgen over de rol van het AI-systeem'],
  ["Adverse impact: selection rate under four-fifths of the highest group's", 'Nadelige impact: selectiepercentage onder vier vijfde van dat van de hoogste groep'],
  ['Each component and the total selection process evaluated', 'Elk onderdeel en het selectieproces als geheel beoordeeld'],
  ['Consider alternatives with less adverse impact', 'Alternatieven met minder nadelige impact overwogen'],
  ['Where adverse impact is found, criterion validity significant at the .05 level', 'Bij nadelige impact: criteriumvaliditeit significant op het 0,05-niveau'],
  ['Selection/scoring rates and impact ratios by sex, race/ethnicity and their intersection', "Selectie- en scorepercentages en impact ratio's naar geslacht, ras/etniciteit en hun combinatie"],
  ["Categories under 2% may be left out of impact ratios, but are listed", "Categorieën onder 2% mogen buiten de impact ratio's blijven, maar worden genoemd"],
  ['Number of candidates in an unknown category reported', 'Aantal kandidaten in een onbekende categorie gerapporteerd'],
  ['Public summary: audit date, data source, counts, rates, impact ratios, distribution date', "Openbare samenvatting: auditdatum, databron, aantallen, percentages, impact ratio's, datum van ingebruikname"],
  ['A works council (ondernemingsraad) where 50 or more persons work (WOR art. 2)', 'Een ondernemingsraad waar 50 of meer personen werken (WOR art. 2)'],
  ['Works council consent to the hiring policy the tool carries out (WOR art. 27(1)(e))', 'Instemming van de ondernemingsraad met het aanstellingsbeleid dat de tool uitvoert (WOR art. 27(1)(e))'],
  ['Works council consent to the processing of personal data of persons working in the enterprise (WOR art. 27(1)(k))', 'Instemming van de ondernemingsraad met de verwerking van persoonsgegevens van personen die in de onderneming werken (WOR art. 27(1)(k))'],
  ['Works council consent to a system that can observe or check behaviour or performance (WOR art. 27(1)(l))', 'Instemming van de ondernemingsraad met een systeem waarmee gedrag of prestaties kunnen worden waargenomen of gecontroleerd (WOR art. 27(1)(l))'],
];

/** English phrases the rules put into a finding's evidence, which the Dutch sentences quote. */
const EVIDENCE: readonly Pair[] = [
  ['not assessed: needs reviewer_id and decided_at', 'niet beoordeeld: reviewer_id en decided_at zijn nodig'],
  ['not assessed: no reviewed decision has a reviewer and a decided_at', 'niet beoordeeld: geen beoordeeld besluit heeft een beoordelaar en een decided_at'],
  ['not assessed: decided_at carries no time finer than a minute (dates only?), so gaps of seconds cannot be seen', 'niet beoordeeld: decided_at heeft geen tijd fijner dan een minuut (alleen datums?), dus tussenpozen van seconden zijn niet te zien'],
  ['estimated on a seeded sample of {0} of {1} days ({2} of {3} reviewed decisions; at most {4} are scanned)', 'geschat op een vaste steekproef van {0} van {1} dagen ({2} van {3} beoordeelde besluiten; er worden er hoogstens {4} doorzocht)'],
  ['drift needs a decided_at column', 'voor drift is een kolom decided_at nodig'],
  ['perturbation stability needs variant rows (variant_of = an original candidate_id, same stage)', 'voor stabiliteit bij irrelevante wijzigingen zijn variantrijen nodig (variant_of = een oorspronkelijke candidate_id, zelfde fase)'],
  ['retest rows (attempt 1 and 2 of the same candidate) or item columns (policy reliability.items)', 'hertestrijen (poging 1 en 2 van dezelfde kandidaat) of itemkolommen (reliability.items in het beleid)'],
  ['no criterion column: the coupling cannot be separated from job performance', 'geen criteriumkolom: de samenhang is niet te scheiden van functieprestatie'],
  ['{0} candidates with a criterion < thresholds.minCriterionN {1}: partial correlation not computed', '{0} kandidaten met een criterium < thresholds.minCriterionN {1}: partiële correlatie niet berekend'],
  ['insufficient evidence: {0} selected candidates with every trait (minimum {1})', 'onvoldoende bewijs: {0} geselecteerde kandidaten met alle kenmerken (minimaal {1})'],
  ['insufficient evidence: H {0} < {1} but its 95% interval reaches 1 (sampling noise cannot be ruled out)', 'onvoldoende bewijs: H {0} < {1}, maar het 95%-interval reikt tot 1 (toeval is niet uit te sluiten)'],
  ['insufficient evidence: no group of {0} has {1} sampled candidates with and without it', 'onvoldoende bewijs: geen groep van {0} heeft {1} kandidaten in de steekproef met en zonder dat kenmerk'],
  ['insufficient evidence: AUC for {0} {1} >= {2} but its 95% interval includes 0.5', 'onvoldoende bewijs: AUC voor {0} {1} >= {2}, maar het 95%-interval bevat 0,5'],
  ['{0}={1} in {2} (baseline {3} in {4})', '{0}={1} in {2} (basis {3} in {4})'],
  ['{0} ({1} reviews)', '{0} ({1} beoordelingen)'],
  ['{0} (scoring rate)', '{0} (scorepercentage)'],
  ['and {0} more', 'en nog {0}'],
  ['not declared', 'niet verklaard'],
  ['not given', 'niet gegeven'],
  ['no (declared, not verified)', 'nee (verklaard, niet geverifieerd)'],
  ['none', 'geen'],
];

interface Compiled {
  pair: Pair;
  patterns: Record<Language, RegExp>;
}

const LANGUAGES: readonly Language[] = ['en', 'nl'];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A template as an anchored pattern: each {n} captures (lazily) what the rule filled in. */
function pattern(template: string): RegExp {
  const parts = template.split(/\{(\d)\}/);
  const source = parts.map((p, i) => (i % 2 === 1 ? `(?<p${p}>.+?)` : escape(p))).join('');
  return new RegExp(`^${source}$`, 's');
}

const compile = (pairs: readonly Pair[]): Compiled[] =>
  pairs.map((pair) => ({ pair, patterns: { en: pattern(pair[0]), nl: pattern(pair[1]) } }));

const KINDS = { threshold: THRESHOLDS, source: SOURCES, set: SETS, title: TITLES, evidence: EVIDENCE };
export type PhraseKind = keyof typeof KINDS;

/** The patterns of a kind, compiled on first use: an English audit never translates a phrase. */
const compiled: Partial<Record<PhraseKind, Compiled[]>> = {};
const patternsOf = (kind: PhraseKind): Compiled[] => (compiled[kind] ??= compile(KINDS[kind]));

/** The phrase pairs of one kind (for the key-set tests). */
export const phrasePairs = (kind: PhraseKind): readonly Pair[] => KINDS[kind];

/** A number as the target language writes it: 0.8 <-> 0,8 (only plain decimals, never a thousands group). */
function number(value: string, to: Language): string {
  if (to === 'nl' && /^-?\d+\.\d+$/.test(value)) return value.replace('.', ',');
  if (to === 'en' && /^-?\d+,\d+$/.test(value)) return value.replace(',', '.');
  return value;
}

/**
 * A rule text in the target language, from either language; null when no phrase of that kind
 * matches (a text from another version of hireaudit, or one this catalogue lacks).
 */
export function translatePhrase(kind: PhraseKind, text: string, to: Language): string | null {
  for (const { pair, patterns } of patternsOf(kind)) {
    for (const from of LANGUAGES) {
      const m = patterns[from].exec(text);
      if (m === null) continue;
      const target = pair[LANGUAGES.indexOf(to)]!;
      return target.replace(/\{(\d)\}/g, (_, i: string) => number(m.groups?.[`p${i}`] ?? '', to));
    }
  }
  return null;
}

/** translatePhrase, keeping the text as it is when no phrase matches. */
export const phrase = (kind: PhraseKind, text: string, to: Language): string => translatePhrase(kind, text, to) ?? text;
