/**
 * The proxy probe's fixed model settings (see proxy-probe.ts), without its imports: the similarity
 * rules describe the model from them (the AuditResult's proxy_probe.model).
 */
export const PROBE_FOLDS = 5;
export const PROBE_ITERATIONS = 25;
export const PROBE_L2 = 1e-4;
