// The engine behind the window. The shell starts it after the window exists, so that an engine that cannot
// start (its native database module built for another Electron, say) or an engagement that cannot open (a
// locked or damaged workspace) is shown in the window, with a way out, instead of stopping the app before
// any window appears. Requests that arrive while it starts wait for it; `startupError` answers what failed.
import type { ApiMethod, JobEvent, StartupError } from '../../shared/api';
import { errorInfo } from '../../shared/errors';
import type { EngineService, EngineServiceOptions } from '../engine/api-service';

export interface EngineStart {
  service: Omit<EngineServiceOptions, 'dataDir'>;
  /** where the engine keeps its data; the engine's default when absent */
  dataDir?: string;
  /** open the bundled sample engagement once the engine runs (`npm start`) */
  openSample: boolean;
}

/** The error every request gets while the engine could not start: the start-up error itself. */
class EngineUnavailable extends Error {
  constructor(readonly failure: StartupError) {
    super(failure.error.message);
    this.name = failure.error.name;
  }
  get code(): string | undefined {
    return this.failure.error.code;
  }
  get file(): string | undefined {
    return this.failure.error.file;
  }
}

export class EngineHost {
  private service: EngineService | null = null;
  private failure: StartupError | null = null;
  private readonly listeners = new Set<(e: JobEvent) => void>();
  private markStarted!: () => void;
  private readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  /** Load and start the engine, then open the sample when asked. Never throws: it returns what failed. */
  async start(o: EngineStart): Promise<StartupError | null> {
    try {
      // loaded here, not imported at the top, so that even a module that fails to load is reported in the window
      const [{ EngineService, defaultDataDir }, { probeNativeStore }] = await Promise.all([
        import('../engine/api-service'),
        import('../engine/store/native-probe'),
      ]);
      probeNativeStore();
      const service = new EngineService({ ...o.service, dataDir: o.dataDir ?? defaultDataDir() });
      service.onJobEvent((e) => this.listeners.forEach((l) => l(e)));
      this.service = service;
    } catch (e) {
      const info = errorInfo(e);
      this.failure = { stage: 'engine', error: { ...info, code: info.code ?? 'ENGINE_UNAVAILABLE' } };
    }
    if (this.service && o.openSample) {
      try {
        await this.service.call('openSampleEngagement', undefined);
      } catch (e) {
        this.failure = { stage: 'engagement', error: errorInfo(e) };
      }
    }
    this.markStarted();
    return this.failure;
  }

  async call(method: ApiMethod, arg: unknown): Promise<unknown> {
    await this.started;
    if (method === 'startupError') return this.failure;
    if (!this.service) throw new EngineUnavailable(this.failure!);
    return this.service.call(method, arg);
  }

  onJobEvent(listener: (e: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.service?.close();
    this.service = null;
  }
}
