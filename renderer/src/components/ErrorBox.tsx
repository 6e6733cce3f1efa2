import type { ReactNode } from 'react';
import type { ApiErrorInfo } from '../../../shared/api';

/** An error with the file and line at fault, when the engine names them. */
export function ErrorBox({ title, info, children }: { title: string; info: ApiErrorInfo; children?: ReactNode }) {
  return (
    <div className="error-box" role="alert">
      <h3 className="error-title">{title}</h3>
      <p className="error-message">{info.message}</p>
      {info.file ? (
        <dl className="error-location">
          <dt>File</dt>
          <dd className="mono" data-testid="error-file">
            {info.file}
          </dd>
          {info.line !== undefined ? (
            <>
              <dt>Line</dt>
              <dd className="mono num" data-testid="error-line">
                {info.line}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <p className="error-kind">
        {info.name}
        {info.code ? <span data-testid="error-code"> · {info.code}</span> : null}
      </p>
      {children}
    </div>
  );
}
