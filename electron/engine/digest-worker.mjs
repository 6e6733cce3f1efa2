// Worker bootstrap: the worker body is TypeScript, so load it through tsx like the CLI does.
import { register } from 'tsx/esm/api';

register();
await import('./digest-worker-main.ts');
