// A throwaway certificate authority and a server certificate for 127.0.0.1 / localhost, made
// with the openssl CLI, so TLS tests can use `sslmode=verify-full` against a real server. A
// second, unrelated CA is made beside it: a client given that one must refuse the server.
import { execFile } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { trackDir } from './processes'

const run = promisify(execFile)

export interface TestCa {
  /** The CA that signed the server certificate. */
  caFile: string
  /** A CA that signed nothing the server presents. */
  otherCaFile: string
  certFile: string
  keyFile: string
  /**
   * A client certificate with CN = `user`, signed by `caFile` (or by the unrelated CA with
   * `signedBy: 'other'`), for PostgreSQL's `cert` authentication. The key is unencrypted, 0600;
   * `passphrase` writes it encrypted instead.
   */
  clientCert(
    user: string,
    opts?: { signedBy?: 'ca' | 'other'; passphrase?: string },
  ): Promise<{ certFile: string; keyFile: string }>
}

async function makeCa(dir: string, name: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, `${name}.crt`)
  const key = join(dir, `${name}.key`)
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ])
  return { cert, key }
}

export async function makeTestCa(): Promise<TestCa> {
  // Lives as long as the worker (a CA is made once per file, in beforeAll).
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-ca-'))
  trackDir(dir)
  const ca = await makeCa(dir, 'sitrep-test-ca')
  const other = await makeCa(dir, 'sitrep-other-ca')
  const keyFile = join(dir, 'server.key')
  const csr = join(dir, 'server.csr')
  const certFile = join(dir, 'server.crt')
  const ext = join(dir, 'server.ext')
  writeFileSync(
    ext,
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  )
  await run('openssl', [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    csr,
    '-subj',
    '/CN=127.0.0.1',
  ])
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    certFile,
    '-days',
    '2',
    '-extfile',
    ext,
  ])
  let serial = 0
  const clientCert: TestCa['clientCert'] = async (user, opts = {}) => {
    const n = ++serial
    const signer = opts.signedBy === 'other' ? other : ca
    const key = join(dir, `client-${n}.key`)
    const req = join(dir, `client-${n}.csr`)
    const cert = join(dir, `client-${n}.crt`)
    const cext = join(dir, `client-${n}.ext`)
    writeFileSync(cext, 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n')
    await run('openssl', [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      ...(opts.passphrase ? ['-passout', `pass:${opts.passphrase}`] : ['-nodes']),
      '-keyout',
      key,
      '-out',
      req,
      '-subj',
      `/CN=${user}`,
    ])
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      req,
      '-CA',
      signer.cert,
      '-CAkey',
      signer.key,
      '-CAcreateserial',
      '-out',
      cert,
      '-days',
      '2',
      '-extfile',
      cext,
    ])
    chmodSync(key, 0o600)
    return { certFile: cert, keyFile: key }
  }
  return { caFile: ca.cert, otherCaFile: other.cert, certFile, keyFile, clientCert }
}
