// What every group of UI handlers may use of the engine service: the open workspace, the auditor's name,
// jobs, the save dialog and the service's options. The groups (engagement, explorer, sampling, evidence)
// each answer a slice of shared/api.ts ApiMethods; EngineService puts them together.
import type { ApiArg, ApiMethod, ApiResult, EngagementSummary, JobEvent } from '../../../shared/api';
import type { Workspace } from '../store/workspace';

export interface EngineServiceOptions {
  /** the bundled sample engagement: a bundle folder and the vendor key file beside it */
  sampleBundle: string;
  sampleKeyFile: string;
  /** where the sample workspace and default exports go */
  dataDir: string;
  /** asks where to save an export; null means the user cancelled */
  chooseSavePath?: (kind: 'workpaper' | 'report', suggestedName: string) => Promise<string | null>;
  /** asks which bundle to import (a native dialog in Electron); absent where the host has no dialog */
  chooseImportPath?: () => Promise<string | null>;
  actor?: string;
  /** open the sample engagement already imported, verified and with a session in progress (npm start,
   *  npm run web); tests that walk the import themselves leave it off */
  prepareSample?: boolean;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export type Handler<M extends ApiMethod> = (arg: ApiArg<M>) => Promise<ApiResult<M>> | ApiResult<M>;
export type Handlers<K extends ApiMethod> = { [M in K]: Handler<M> };

export interface ServiceContext {
  readonly options: EngineServiceOptions;
  readonly actor: string;
  /** the open workspace; throws an ApiError the auditor understands when none is open */
  workspace(): Workspace;
  hasWorkspace(): boolean;
  open(file: string, create?: boolean): EngagementSummary;
  summary(): EngagementSummary;
  emit(e: JobEvent): void;
  /** run work as a job on its own connection, so the UI's queries go on while it writes or reads */
  startJob(work: (ws: Workspace, signal: AbortSignal, jobId: string) => Promise<unknown>): { jobId: string };
  cancelJob(jobId: string): void;
  /** where to save an export: the dialog's answer (or the data folder), added to this session's allowlist */
  savePath(kind: 'workpaper' | 'report', suggested: string): Promise<string>;
  /** a path the renderer named: accepted only if this session's dialog gave it */
  checkSavePath(p: string): string;
  /** called when the workspace's events may have changed (caches keyed by stream drop) */
  eventsChanged(): void;
}
