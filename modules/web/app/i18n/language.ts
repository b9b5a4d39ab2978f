// Which of Agora's five languages the app speaks: the member's own choice (kept in this browser),
// else the territory's language, else the browser's, else English.
import { create } from 'zustand';

export const LANGUAGES = ['da', 'nb', 'nn', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const CHOICE_KEY = 'agora.language';

/** The first of the browser's languages Agora speaks (`no` is Bokmål), if any. */
export function fromBrowser(preferred: readonly string[]): Language | undefined {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'no') {
      return 'nb';
    }
    if ((LANGUAGES as readonly string[]).includes(primary)) {
      return primary as Language;
    }
  }
  return undefined;
}

/** The member's choice wins over the territory's language, which wins over the browser's. */
export function choose(choice: string | null | undefined, territory: string | undefined,
                       browser: readonly string[]): Language {
  for (const candidate of [choice, territory]) {
    if (candidate && (LANGUAGES as readonly string[]).includes(candidate)) {
      return candidate as Language;
    }
  }
  return fromBrowser(browser) ?? 'en';
}

interface LanguageState {
  language: Language;
  territoryLanguage?: string;
  /** The member picks a language (remembered in this browser; it holds nothing secret). */
  pick(language: Language): void;
  /** The territory's language became known. */
  territory(language: string): void;
}

function storedChoice(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(CHOICE_KEY);
  } catch {
    return null;
  }
}

const browserLanguages = (): readonly string[] => (typeof navigator === 'undefined' ? [] : navigator.languages ?? []);

export const useLanguage = create<LanguageState>((set) => ({
  language: choose(storedChoice(), undefined, browserLanguages()),
  pick(language) {
    try {
      localStorage.setItem(CHOICE_KEY, language);
    } catch {
      // A browser that refuses storage keeps the choice for this page only.
    }
    set({ language });
  },
  territory(language) {
    set({ territoryLanguage: language, language: choose(storedChoice(), language, browserLanguages()) });
  },
}));

export function currentLanguage(): Language {
  return useLanguage.getState().language;
}
