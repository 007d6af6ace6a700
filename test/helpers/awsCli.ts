// The real aws CLI for the tests that run it against the AWS fixture: Debian's package at a fixed
// path (what a fresh CI machine gets from apt), never whatever `aws` happens to be on PATH.
//
// Debian's CLI (2.9) predates AWS_ENDPOINT_URL and `endpoint_url` in the config (both 2.13): given
// only the variable Sitrep sets for a target, it calls the real AWS endpoint. So where a test
// lets Sitrep run a runbook's `aws …` command as written, it puts a test-only `aws` first on
// PATH that adds `--endpoint-url "$AWS_ENDPOINT_URL"` and refuses (exit 99) unless that URL is
// loopback; the real CLI behind it still parses the command, signs with the profile's keys and
// calls the fixture. AWS_EC2_METADATA_DISABLED keeps the credential chain from probing the
// instance metadata address.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requireBinary } from './services/require'

export const AWS_CLI = '/usr/bin/aws'

/** Exit code of the test wrapper when the endpoint is missing or not loopback. */
export const NOT_LOOPBACK_EXIT = 99

/** `undefined` when Debian's aws CLI is installed; else the skip reason (a throw in CI). */
export function requireAwsCli(): string | undefined {
  return requireBinary('aws', AWS_CLI, 'awscli')
}

// bash's =~ anchors at the whole string (no multi-line mode), so a URL with a newline, userinfo
// (`127.0.0.1@host`) or any other host does not match.
const WRAPPER = `#!/bin/bash
# Test-only aws (written by test/helpers/awsCli.ts): Debian's aws CLI 2.9 ignores
# AWS_ENDPOINT_URL, so the endpoint is passed as --endpoint-url, and only a loopback one.
set -u
export AWS_EC2_METADATA_DISABLED=true
url="\${AWS_ENDPOINT_URL:-}"
if ! [[ "$url" =~ ^https?://(127\\.0\\.0\\.1|\\[::1\\]|localhost)(:[0-9]{1,5})?(/[^@[:space:]]*)?$ ]]; then
  echo "test aws wrapper: AWS_ENDPOINT_URL is '$url', not a loopback URL; refusing to run aws" >&2
  exit ${NOT_LOOPBACK_EXIT}
fi
for a in "$@"; do
  case "$a" in
    --endpoint-url | --endpoint-url=*)
      echo "test aws wrapper: the command names its own --endpoint-url; refusing to run aws" >&2
      exit ${NOT_LOOPBACK_EXIT}
      ;;
  esac
done
exec ${AWS_CLI} "$@" --endpoint-url "$url"
`

export interface LoopbackAwsCli {
  /** The folder holding the wrapper (first on PATH while installed). */
  dir: string
  /** The wrapper itself. */
  path: string
  /** Puts PATH and AWS_EC2_METADATA_DISABLED back and removes the folder. */
  restore(): void
}

/**
 * Writes the loopback-only `aws` wrapper into a new temp folder and puts that folder first on
 * process.env.PATH (which Sitrep's local exec hands to a runbook command).
 */
export function installLoopbackAwsCli(): LoopbackAwsCli {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-aws-cli-'))
  const path = join(dir, 'aws')
  writeFileSync(path, WRAPPER)
  chmodSync(path, 0o755)
  const saved = {
    PATH: process.env.PATH,
    AWS_EC2_METADATA_DISABLED: process.env.AWS_EC2_METADATA_DISABLED,
  }
  process.env.PATH = `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`
  process.env.AWS_EC2_METADATA_DISABLED = 'true'
  return {
    dir,
    path,
    restore() {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
