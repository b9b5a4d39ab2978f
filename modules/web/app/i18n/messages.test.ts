import { describe, expect, it } from 'vitest';
import { messages } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the app’s texts', () => {
  it('exist in every language, with the same placeholders as the English', () => {
    for (const [language, texts] of Object.entries(messages)) {
      for (const [key, english] of Object.entries(messages.en)) {
        const text = texts[key as keyof typeof texts];
        expect(text, `${language} ${key}`).toBeTruthy();
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(english));
      }
    }
  });
});
