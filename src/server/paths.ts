import { join } from 'node:path';

/**
 * Where the embedded store keeps things inside --data-dir:
 *   hireaudit.db          metadata (SQLite)
 *   uploads/              uploads being received (temporary names; removed on start)
 *   datasets/<id>/<name>  accepted uploads, renamed into place before the 201
 *   results/<id>/         an audit's outputs and signature, renamed into place whole
 *   results/<id>/lang/<l>/ the outputs re-worded into language l, rendered on first request
 *   signing/ed25519.pem   the server's signing key (created on first start, mode 0600)
 */
export interface DataPaths {
  root: string;
  db: string;
  uploads: string;
  datasets: string;
  results: string;
  signingKey: string;
  datasetDir(id: string): string;
  datasetFile(id: string, name: string): string;
  resultDir(auditId: string): string;
  rewordedDir(auditId: string, lang: string): string;
}

export function dataPaths(root: string): DataPaths {
  const datasets = join(root, 'datasets');
  const results = join(root, 'results');
  return {
    root,
    db: join(root, 'hireaudit.db'),
    uploads: join(root, 'uploads'),
    datasets,
    results,
    signingKey: join(root, 'signing', 'ed25519.pem'),
    datasetDir: (id) => join(datasets, id),
    datasetFile: (id, name) => join(datasets, id, name),
    resultDir: (id) => join(results, id),
    rewordedDir: (id, lang) => join(results, id, 'lang', lang),
  };
}
