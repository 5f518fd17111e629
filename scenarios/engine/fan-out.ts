/** Metric names of the per-message fan-out times. */
export const FANOUT_FIRST = "fanout:first";
export const FANOUT_LAST = "fanout:last";

/** Where fan-out results go: the run's measurements. */
interface Sink {
  declare(metric: string, kind: "derived"): void;
  delivered(metric: string, micros?: number): void;
  failed(metric: string, outcome: "lost", code: string, count?: number): void;
}

/**
 * Joins the receivers' samples of one broadcast stream per message: the time from the send to the first receiver
 * (`fanout:first`) and to the last (`fanout:last`, recorded when every receiver has it). Only meaningful where the
 * sender and all receivers run in one process, on one clock (`volley load`); an Artillery worker sees only its own
 * receivers. Messages are keyed by their sequence number, so a stream has one sender.
 */
export class FanOut {
  private receivers = 0;
  /** Receipts per sequence number so far. */
  private readonly receipts = new Map<number, number>();
  private lowest: number | undefined;
  private lowestSeen: number | undefined;
  private highest: number | undefined;
  private settled = false;

  constructor(private readonly sink: Sink) {}

  /** A receiver subscribed; `sequenceStart` is the sender's first number when the scenario knows it. */
  receiverJoined(sequenceStart: number | undefined): void {
    this.receivers += 1;
    if (sequenceStart !== undefined) this.lowest = Math.min(this.lowest ?? sequenceStart, sequenceStart);
  }

  /** One receiver got message `seq`, `micros` after it was sent. A second copy to the same receiver is not expected. */
  arrived(seq: number, micros: number): void {
    if (this.settled || !Number.isInteger(seq)) return;
    const n = (this.receipts.get(seq) ?? 0) + 1;
    this.receipts.set(seq, n);
    this.highest = Math.max(this.highest ?? seq, seq);
    this.lowestSeen = Math.min(this.lowestSeen ?? seq, seq);
    // Joined from the receivers' own deliveries: not messages of their own in the delivery rate.
    if (n === 1) {
      this.sink.declare(FANOUT_FIRST, "derived");
      this.sink.delivered(FANOUT_FIRST, micros);
    }
    if (n === this.receivers) {
      this.sink.declare(FANOUT_LAST, "derived");
      this.sink.delivered(FANOUT_LAST, micros);
    }
  }

  /**
   * At the end of the run: a message some receiver never got has no last receiver (lost, `receiver_missed`); one
   * no receiver got (a number between the first and the highest seen) has neither (lost, `no_receiver`).
   */
  settle(): void {
    if (this.settled || this.highest === undefined) return;
    this.settled = true;
    let missedLast = 0;
    let missedAll = 0;
    for (let seq = this.lowest ?? this.lowestSeen ?? 0; seq <= this.highest; seq++) {
      const n = this.receipts.get(seq) ?? 0;
      if (n === 0) missedAll += 1;
      else if (n < this.receivers) missedLast += 1;
    }
    if (missedAll > 0) this.sink.failed(FANOUT_FIRST, "lost", "no_receiver", missedAll);
    if (missedAll > 0) this.sink.failed(FANOUT_LAST, "lost", "no_receiver", missedAll);
    if (missedLast > 0) this.sink.failed(FANOUT_LAST, "lost", "receiver_missed", missedLast);
  }
}
