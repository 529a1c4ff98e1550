// The background loop of the management server that runs recurring snapshot policies (and
// the storage housekeeping that goes with them) every snapshot.poll.interval seconds. Time is
// the snapshot service's clock, so a test drives it with tick() under a fake clock.
import type { SettingsService } from './settings.js';
import type { SnapshotService } from './snapshots.js';

/** Housekeeping passes run after each scheduling pass (e.g. VM snapshots of expunged VMs). */
export type Housekeeping = () => Promise<unknown>;

export class SnapshotScheduler {
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<string[]> | undefined;
  private last = 0;

  constructor(
    private readonly snapshots: SnapshotService,
    private readonly settings: SettingsService,
    private readonly housekeeping: readonly Housekeeping[] = [],
    private readonly log: (msg: string, extra?: Record<string, unknown>) => void = () => {},
  ) {}

  /** Checks once a second whether a pass is due (the interval is a setting that may change). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.maybeTick(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async maybeTick(): Promise<void> {
    const every = (await this.settings.getNumber('snapshot.poll.interval').catch(() => 300)) * 1000;
    const now = this.snapshots.now().getTime();
    if (now - this.last < every && now >= this.last) return;
    await this.tick().catch((e: unknown) => this.log('snapshot scheduler pass failed', { error: String(e) }));
  }

  /** One pass now: due snapshots are taken (their job ids returned), then housekeeping. Passes never overlap. */
  async tick(): Promise<string[]> {
    while (this.busy) await this.busy.catch(() => undefined);
    this.busy = this.pass();
    try {
      return await this.busy;
    } finally {
      this.busy = undefined;
    }
  }

  private async pass(): Promise<string[]> {
    this.last = this.snapshots.now().getTime();
    const jobs = await this.snapshots.runDue();
    for (const h of this.housekeeping) {
      try {
        await h();
      } catch (e) {
        this.log('storage housekeeping failed', { error: String(e) });
      }
    }
    return jobs;
  }
}
