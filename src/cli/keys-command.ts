import { parseArgs } from 'node:util';
import { AuditError } from '../audit/errors.js';
import type { CliIo } from './main.js';

export const KEYS_HELP = `hireaudit keys — API keys of the server's tenants (stored as salted hashes in --data-dir)

  hireaudit keys create --tenant <t> [--role admin|auditor|viewer] [--label text] [--data-dir d | --store url]
      prints the new key once, alone on the last line (it cannot be shown again)
  hireaudit keys list [--tenant <t>] [--data-dir d]
  hireaudit keys revoke <key-id> [--data-dir d]

--data-dir defaults to ./hireaudit-data (as for serve); --store postgres://… for servers sharing PostgreSQL. Roles: viewer reads; auditor also uploads,
audits and deletes; admin also sets retention and reads the access log.
`;

const usage = (message: string): never => {
  throw new AuditError('HA_ERR_USAGE', `${message}\nRun "hireaudit keys --help" for usage.`);
};

/** `hireaudit keys create|list|revoke`: works on the data folder's store directly (the server may be running). */
export async function keysCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { tenant: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' }, 'data-dir': { type: 'string' }, store: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(KEYS_HELP);
    return 0;
  }
  const [action, ...rest] = positionals;
  const { ROLES } = await import('../server/store/store.js');
  const role = values.role ?? 'auditor';
  if (action === 'create') {
    if (values.tenant === undefined || !/^[A-Za-z0-9._-]{1,64}$/.test(values.tenant)) usage('keys create needs --tenant <name> (letters, digits, dot, dash, underscore; at most 64)');
    if (!(ROLES as readonly string[]).includes(role)) usage(`--role must be one of ${ROLES.join(', ')}`);
    if (rest.length > 0) usage(`unexpected argument "${rest[0]}"`);
  } else if (action === 'revoke') {
    if (rest.length !== 1) usage('keys revoke needs the key id (see keys list)');
  } else if (action === 'list') {
    if (rest.length > 0) usage(`unexpected argument "${rest[0]}"`);
  } else usage(action === undefined ? 'keys needs create, list or revoke' : `unknown keys action "${action}"`);

  const { mkdir } = await import('node:fs/promises');
  const { dataPaths } = await import('../server/paths.js');
  const { openStore } = await import('../server/app.js');
  const { createKey } = await import('../server/keys.js');
  const paths = dataPaths(values['data-dir'] ?? 'hireaudit-data');
  if (values.store === undefined) await mkdir(paths.root, { recursive: true });
  const store = await openStore(values.store, paths);
  try {
    if (action === 'create') {
      const { key, info } = await createKey(store, values.tenant!, role as (typeof ROLES)[number], values.label ?? null);
      io.stderr.write(`created key ${info.id} for tenant ${info.tenant} (${info.role}); it is shown once, on the next line:\n`);
      io.stdout.write(`${key}\n`);
      return 0;
    }
    if (action === 'revoke') {
      const id = rest[0]!;
      const known = await store.getKey(id);
      if (!known) throw new AuditError('HA_ERR_USAGE', `no key "${id}" in ${paths.root} (see hireaudit keys list)`);
      const revoked = await store.revokeKey(id, new Date().toISOString());
      io.stdout.write(revoked ? `revoked key ${id} (tenant ${known.tenant})\n` : `key ${id} was already revoked on ${known.revokedAt}\n`);
      return 0;
    }
    const keys = await store.listKeys(values.tenant);
    io.stdout.write('id\ttenant\trole\tcreated\trevoked\tlabel\n');
    for (const k of keys) io.stdout.write(`${k.id}\t${k.tenant}\t${k.role}\t${k.createdAt}\t${k.revokedAt ?? '-'}\t${k.label ?? ''}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
