// The live tail of each CloudWatch Logs source: the matching lines its collector has seen, the
// newest few hundred, numbered so a viewer asks only for what it has not shown yet. The timeline
// gets a rate-limited summary (logsCollector.ts); the tail is where every line can be read.
import type { AwsLogLine, AwsLogTail } from '../../../shared/contract'

const KEEP = 500

class Tail {
  private lines: AwsLogLine[] = []
  private seq = 0

  push(line: Omit<AwsLogLine, 'seq'>): void {
    this.lines.push({ ...line, seq: ++this.seq })
    if (this.lines.length > KEEP) this.lines.splice(0, this.lines.length - KEEP)
  }

  after(seq: number): AwsLogTail {
    return { lines: this.lines.filter((l) => l.seq > seq), lastSeq: this.seq }
  }
}

export class LogTails {
  private readonly tails = new Map<string, Tail>()

  /** A fresh tail for a source's new collector (settings changed: the old lines may not match). */
  open(sourceId: string): (line: Omit<AwsLogLine, 'seq'>) => void {
    const tail = new Tail()
    this.tails.set(sourceId, tail)
    return (line) => tail.push(line)
  }

  read(sourceId: string, afterSeq: number): AwsLogTail {
    return this.tails.get(sourceId)?.after(afterSeq) ?? { lines: [], lastSeq: 0 }
  }
}
