import { creditCodeCheckCharacter, creditCodeProblem, isCreditCode, personDigest, residentIdProblem } from './codes';

describe('GB 32100 unified social credit code', () => {
  // Codes published on the national enterprise credit information system (华为, 腾讯, 阿里巴巴, 小米 …).
  it.each(['914403001922038216', '9144030071526726XG', '91440300708461136T', '91330100799655058B', '91110108551385082Q', '91310000132149237G'])(
    'accepts the real code %s',
    (code) => {
      expect(creditCodeProblem(code)).toBeUndefined();
    },
  );

  it('computes the check character, including the 31 → 0 case', () => {
    expect(creditCodeCheckCharacter('91440300192203821')).toBe('6');
    expect(creditCodeCheckCharacter('9144030071526726X')).toBe('G');
    expect(creditCodeCheckCharacter('91310000100000008')).toBe('0'); // weighted sum ≡ 0 (mod 31): 31 − 0 wraps to 0
    expect(creditCodeCheckCharacter('9144030019220382I')).toBeUndefined();
  });

  it('refuses a wrong check character, length, characters and division code', () => {
    expect(creditCodeProblem('914403001922038217')).toBe('check character mismatch');
    expect(creditCodeProblem('91440300192203821')).toBe('must be 18 characters');
    expect(creditCodeProblem('9144030019220382IO')).toContain('GB 32100 characters');
    expect(creditCodeProblem('91A4030019220382I6')).toContain('GB 32100 characters');
    expect(creditCodeProblem('91AB0300192203821X')).toBe('characters 3-8 must be an administrative division code');
  });

  it('detects every single-character substitution of a valid code', () => {
    const code = '91330100799655058B';
    for (let i = 0; i < 18; i++) {
      const original = code.charAt(i);
      const replacement = original === '1' ? '2' : '1';
      const mutated = code.slice(0, i) + replacement + code.slice(i + 1);
      expect(isCreditCode(mutated)).toBe(false);
    }
  });
});

describe('GB 11643 resident identity number', () => {
  it('accepts the standard example and refuses a bad check digit or date', () => {
    expect(residentIdProblem('11010519491231002X')).toBeUndefined();
    expect(residentIdProblem('110105194912310021')).toBe('check digit mismatch');
    expect(residentIdProblem('110105194902300026')).toBe('characters 7-14 must be a date of birth');
    expect(residentIdProblem('1101051949123100')).toContain('17 digits');
  });

  it('digests a person with the salt: same inputs, same digest; different salt, different digest', () => {
    const a = personDigest('11010519491231002X', 'yrd-salt');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(personDigest('11010519491231002X', 'yrd-salt')).toBe(a);
    expect(personDigest('11010519491231002X', 'other')).not.toBe(a);
  });
});
