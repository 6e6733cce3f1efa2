import { useEffect, useRef } from 'react';
import type { StartupError } from '../../../shared/api';
import { inDesktopShell } from '../api';
import { useNav } from '../stores/nav';
import { useStartup } from '../stores/startup';
import { ErrorBox } from './ErrorBox';

const TEXT: Record<StartupError['stage'], { title: string; advice: string }> = {
  engine: {
    title: 'Tickmark could not start',
    advice: 'No engagement can be opened until this is fixed. Quit, then reinstall Tickmark or give this message to your IT support.',
  },
  engagement: {
    title: 'The engagement could not be opened',
    advice:
      'The workspace may be open in another program, or damaged. Its contents are untouched. You can open another engagement, or quit and try again later.',
  },
};

/** Shown in place of the screens when start-up failed: what failed, the error, and a way out. */
export function StartupErrorView({ failure }: { failure: StartupError }) {
  const dismiss = useStartup((s) => s.dismiss);
  const go = useNav((s) => s.go);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const t = TEXT[failure.stage];
  return (
    <section className="panel" aria-labelledby="startup-error-title" data-testid="startup-error" data-stage={failure.stage}>
      <header className="panel-head">
        <h1 className="panel-title" id="startup-error-title" ref={heading} tabIndex={-1}>
          {t.title}
        </h1>
      </header>
      <div className="panel-body">
        <ErrorBox title={failure.stage === 'engine' ? 'The engine did not start' : 'Opening the engagement failed'} info={failure.error} />
        <p>{t.advice}</p>
        <div className="form-actions">
          {failure.stage === 'engagement' ? (
            <button
              type="button"
              className="btn btn-primary"
              data-testid="startup-open-other"
              onClick={() => {
                dismiss();
                go('engagements');
              }}
            >
              Open another engagement
            </button>
          ) : null}
          {/* closing the one window quits the desktop app (electron/main); a browser tab cannot be closed from the page */}
          {inDesktopShell ? (
            <button type="button" className="btn" data-testid="startup-quit" onClick={() => window.close()}>
              Quit Tickmark
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}
