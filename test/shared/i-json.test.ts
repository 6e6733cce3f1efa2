import { describe, expect, it } from 'vitest';
import { iJsonProblem } from '../../shared/i-json';

describe('iJsonProblem (RFC 7493)', () => {
  it('accepts I-JSON: nested objects and arrays, escapes, safe integers, doubles', () => {
    for (const ok of [
      '{}',
      '[]',
      '{"a":1,"b":[1,2,{"a":2}],"c":{"a":{"a":3}}}',
      '{"a":"\\u00e9\\ud83d\\ude00 😀","b":"\\"a\\"","\\u0061b":1}',
      '{"n":9007199254740991,"m":-9007199254740991,"f":12.963,"e":1e-7,"z":-0}',
      '[{"a":1},{"a":1}]', // the same name in sibling objects is not a duplicate
      ' { "a" : true , "b" : false , "c" : null } ',
    ]) {
      expect(iJsonProblem(ok), ok).toBeNull();
    }
  });

  it('refuses a member name twice in one object, at any depth, however it is escaped', () => {
    expect(iJsonProblem('{"a":1,"a":2}')).toMatch(/member name "a" twice in one object;/);
    expect(iJsonProblem('{"x":{"y":[{"a":1,"b":2,"a":3}]}}')).toMatch(/"a" twice in one object \(in "x" › "y" › \[\]\)/);
    expect(iJsonProblem('{"a":1,"\\u0061":2}')).toMatch(/"a" twice/);
    expect(iJsonProblem('{"a":{},"b":1,"a":2}')).toMatch(/"a" twice/);
  });

  it('refuses lone surrogates, escaped or raw, and accepts pairs', () => {
    expect(iJsonProblem('"\\ud800"')).toMatch(/lone surrogate.*high/);
    expect(iJsonProblem('"\\udc00x"')).toMatch(/lone surrogate.*low/);
    expect(iJsonProblem('{"\\ud800":1}')).toMatch(/lone surrogate.*member name/);
    expect(iJsonProblem('"a\ud800b"')).toMatch(/lone surrogate/);
    expect(iJsonProblem('"\\ud800\\n"')).toMatch(/lone surrogate/);
    expect(iJsonProblem('"\\ud83d\\ude00"')).toBeNull();
  });

  it('refuses whole numbers beyond ±(2^53 − 1) however written, and numbers beyond a double', () => {
    for (const bad of ['9007199254740992', '-9007199254740992', '9007199254740993', '9.007199254740993e15', '1e300', '12345678901234567890']) {
      expect(iJsonProblem(`{"n":${bad}}`), bad).toMatch(/whole number beyond/);
    }
    expect(iJsonProblem('[1e400]')).toMatch(/beyond the range of a double/);
    expect(iJsonProblem('{"n":1.5e300}')).toMatch(/whole number/); // 1.5e300 is a whole number too
    expect(iJsonProblem('{"n":0.1}')).toBeNull();
  });
});
