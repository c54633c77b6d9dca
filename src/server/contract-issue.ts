import { z } from 'zod';

/** One problem of a refused dataset, as the contract check reports it (see audit/errors.ts ContractIssue). */
export const ContractIssueSchema = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  lineKind: z.enum(['line', 'record', 'row']).nullable(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  expected: z.string(),
  moreLikeThis: z.number().int().optional(),
});
