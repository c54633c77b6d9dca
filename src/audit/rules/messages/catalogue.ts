import type { Finding, FindingStatus } from '../../contract/audit-result.js';

/** What a finding's sentence is written from: its evidence, its subject and its status. */
export type Evidence = Finding['evidence'];
export type Subject = Finding['subject'];
export type Template = (e: Evidence, s: Subject, status: FindingStatus) => string;
