// The zod pieces every schema file uses, defined once so their limits cannot drift apart.
import { z } from 'zod'

/** Ids made by Sitrep (uuids, target and session ids). */
export const id = z.string().min(1).max(200)
/**
 * Runbook document ids and the ids inside a runbook (sections, steps, commands): derived from
 * the file's path inside an imported folder, so longer than a generated id may be.
 */
export const documentId = z.string().min(1).max(300)
export const cols = z.number().int().min(2).max(1000)
export const rows = z.number().int().min(1).max(500)
/** A name a person gives (a target, a metric source). */
export const name = z.string().trim().min(1).max(100)
export const tags = z.array(z.string().trim().min(1).max(40)).max(20).default([])
