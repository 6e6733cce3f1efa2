// zod's issues as one sentence an auditor can act on: each problem with the JSON path of the member at fault.
import type { z } from 'zod';

export function schemaProblems(error: z.ZodError): string {
  const problems = error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  return `${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`;
}
