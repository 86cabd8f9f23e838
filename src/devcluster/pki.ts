import { execFile } from 'node:child_process';
import { DevClusterError } from '../model/index.js';

/** Generates CA, serving, admin-client and service-account keys with the Go binary. */
export function runPki(controlplaneBinary: string, pkiDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(controlplaneBinary, ['pki', `--dir=${pkiDir}`], (err, _stdout, stderr) => {
      if (err)
        reject(
          new DevClusterError(
            `generating certificates in ${pkiDir} failed: ${stderr.trim() || err.message}`,
          ),
        );
      else resolve();
    });
  });
}
