import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { publicKeyFromPem, SignatureKeyError, verifySignedResult } from '../audit/contract/signature.js';
import { AuditError } from '../audit/errors.js';
import type { CliIo } from './main.js';

export const VERIFY_HELP = `hireaudit verify — check a signed AuditResult

  hireaudit verify <audit-result.json> --key <pub.pem> [--signature <file>] [--data <dataset file>]

  --key <pub.pem>       the signer's Ed25519 public key (a server's: GET /v1/signing-key.pem)
  --signature <file>    default: <audit-result.json>.sig
  --data <file>         the dataset: its sha256 must be the result's dataset.hash

Exit 0: signature valid (and data matching); 1: the check failed, every reason on stderr;
2: a file cannot be read or a key is not an Ed25519 key.
`;

const usage = (message: string): never => {
  throw new AuditError('HA_ERR_USAGE', `${message}\nRun "hireaudit verify --help" for usage.`);
};

async function read(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AuditError('HA_ERR_FILE', `cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('error', (e) => reject(new AuditError('HA_ERR_FILE', `cannot read the data file ${path}: ${e.message}`)))
      .on('end', () => resolve(`sha256:${hash.digest('hex')}`));
  });
}

export async function verifyCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { key: { type: 'string' }, signature: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(VERIFY_HELP);
    return 0;
  }
  if (positionals.length !== 1) usage(positionals.length === 0 ? 'verify needs the result file (audit-result.json)' : `unexpected argument "${positionals[1]}"`);
  if (values.key === undefined) usage('verify needs --key <pub.pem>');
  const resultPath = positionals[0]!;
  const signaturePath = values.signature ?? `${resultPath}.sig`;
  let publicKey;
  try {
    publicKey = publicKeyFromPem(await read(values.key!, 'the key'), values.key!);
  } catch (e) {
    if (e instanceof SignatureKeyError) throw new AuditError('HA_ERR_USAGE', e.message);
    throw e;
  }
  // One after the other: with both missing, the message names the result, not whichever read failed first.
  const resultText = await read(resultPath, 'the result');
  const signatureText = await read(signaturePath, 'the signature');
  const data = values.data === undefined ? undefined : { sha256: await sha256File(values.data) };
  const v = verifySignedResult({ resultText, signatureText, publicKey, ...(data ? { data } : {}) });
  if (!v.ok) {
    io.stderr.write(`hireaudit verify: ${resultPath} is NOT verified:\n${v.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  io.stdout.write(`verified: ${resultPath} is signed by ${v.keyId}${data ? `; ${values.data} is the audited data (${v.datasetHash})` : ''}\n`);
  return 0;
}
