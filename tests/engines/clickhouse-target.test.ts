import { describe, expect, it } from 'vitest';
import { parseClickHouseUrl } from '../../src/audit/engine/clickhouse/target.js';
import { runCli } from '../support/cli.js';

describe('clickhouse:// URLs and credentials', () => {
  it('reads hosts, database, cluster; the user from the URL or the environment; the password only from the environment', () => {
    expect(parseClickHouseUrl('clickhouse://db.example:8124/hiring', { HIREAUDIT_CLICKHOUSE_PASSWORD: 's3' })).toEqual({
      hosts: [{ host: 'db.example', port: 8124 }],
      database: 'hiring',
      cluster: null,
      user: 'default',
      password: 's3',
    });
    const t = parseClickHouseUrl('clickhouse://auditor@10.0.0.1,10.0.0.2:9123/default?cluster=two', { HIREAUDIT_CLICKHOUSE_USER: 'other' });
    expect(t.hosts).toEqual([{ host: '10.0.0.1', port: 8123 }, { host: '10.0.0.2', port: 9123 }]);
    expect(t.cluster).toBe('two');
    expect(t.user).toBe('auditor');
    expect(parseClickHouseUrl('clickhouse://h', { HIREAUDIT_CLICKHOUSE_USER: 'env_user' })).toMatchObject({ database: 'default', user: 'env_user', password: '' });
  });

  it('refuses a password in the URL without repeating it, and malformed URLs', () => {
    expect(() => parseClickHouseUrl('clickhouse://u:hunter2@h:8123/db', {})).toThrow(/password in the URL is refused/);
    try {
      parseClickHouseUrl('clickhouse://u:hunter2@h:8123/db', {});
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
    expect(() => parseClickHouseUrl('clickhouse://h:99999/db', {})).toThrow(/out of range/);
    expect(() => parseClickHouseUrl('clickhouse://h1,h2/db', {})).toThrow(/several hosts need \?cluster/);
    expect(() => parseClickHouseUrl('clickhouse://h/db?cluster=c', {})).toThrow(/every shard/);
    expect(() => parseClickHouseUrl('clickhouse://h/db;drop', {})).toThrow(/database name/);
    expect(() => parseClickHouseUrl('clickhouse://h/db?user=x', {})).toThrow(/unknown URL parameter/);
  });
});

describe('--engine and --table on the command line (checked before any connection)', () => {
  it.each([
    ['load without --engine', ['load', 'x.csv', '--table', 't'], 'load needs --engine'],
    ['load without a file', ['load', '--engine', 'clickhouse://h/db', '--table', 't'], 'load needs a dataset file'],
    ['--table without --engine', ['audit', 'x.csv', '--table', 't'], '--table needs --engine'],
    ['--engine without --table', ['audit', '--engine', 'clickhouse://h/db'], '--engine needs --table'],
    ['an engine that is not ClickHouse', ['audit', '--engine', 'postgres://h/db', '--table', 't'], 'must be a clickhouse://'],
    ['a file and --engine', ['audit', 'x.csv', '--engine', 'clickhouse://h/db', '--table', 't'], 'not a file'],
    ['a table name that is not an identifier', ['audit', '--engine', 'clickhouse://127.0.0.1:1/db', '--table', 't; drop'], 'must be letters, digits and _'],
  ])('%s: exit 2', async (_name, argv, message) => {
    const run = await runCli(argv);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });
});
