// What `shared/` may use of its host: only what Node and browsers both provide. shared/tsconfig.json compiles the
// folder against ES2023 alone (no Node types, no DOM) plus this file, so anything else fails the build.
// (The root tsconfig excludes this file: there the DOM library already declares TextEncoder.)

interface TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };

interface TextDecoder {
  decode(input?: Uint8Array): string;
}
declare var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder };
