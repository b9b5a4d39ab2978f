import { describe, expect, it } from 'vitest';
import { choose, fromBrowser } from './language';

describe('the language the app speaks', () => {
  it('is the member’s own choice first', () => {
    expect(choose('nn', 'da', ['sv-SE'])).toBe('nn');
  });
  it('is the territory’s language when the member has not chosen', () => {
    expect(choose(null, 'sv', ['da'])).toBe('sv');
  });
  it('is the browser’s when neither is known, with Norwegian meaning Bokmål', () => {
    expect(choose(null, undefined, ['de-DE', 'no'])).toBe('nb');
    expect(fromBrowser(['fr', 'nn-NO'])).toBe('nn');
  });
  it('falls back to English for a language Agora does not speak', () => {
    expect(choose('fr', 'de', ['ja'])).toBe('en');
  });
});
