import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

/** Each catalogue is a chunk of its own: a reader downloads only the language they read. */
const CATALOGUES = { en: () => import('./en.json'), 'zh-CN': () => import('./zh-CN.json') };

async function loadCatalogue(language: Language): Promise<void> {
    if (!i18next.hasResourceBundle(language, 'translation')) {
        i18next.addResourceBundle(language, 'translation', (await CATALOGUES[language]()).default);
    }
}

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Not a secret: only which language the person chose, so a reload keeps it. */
const STORAGE_KEY = 'corridor.language';

function initialLanguage(): Language {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh-CN') {
        return stored;
    }
    return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setLanguage(language: Language): void {
    localStorage.setItem(STORAGE_KEY, language);
    document.documentElement.lang = language;
    void loadCatalogue(language).then(() => i18next.changeLanguage(language));
}

export async function startI18n(): Promise<void> {
    const language = initialLanguage();
    document.documentElement.lang = language;
    await i18next.use(initReactI18next).init({
        resources: {},
        lng: language,
        fallbackLng: false,
        interpolation: { escapeValue: false },
        returnNull: false,
    });
    await loadCatalogue(language);
    await i18next.changeLanguage(language);
    // The other language a moment after the first page, so switching never waits on the network.
    setTimeout(() => {
        for (const other of LANGUAGES) void loadCatalogue(other);
    }, 1500);
}
