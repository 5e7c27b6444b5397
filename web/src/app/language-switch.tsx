import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

/**
 * On every page, in the header; each language named in itself. A native select: it is
 * accessible as is and keeps the component library's select out of the first download.
 */
export function LanguageSwitch() {
    const { t, i18n } = useTranslation();
    return (
        <select className="language-switch" aria-label={t('layout.language')} data-testid="language-switch" value={i18n.language} onChange={(event) => { setLanguage(event.target.value as Language); }}>
            {LANGUAGES.map((language) => (
                <option key={language} value={language} lang={language}>
                    {language === 'en' ? 'English' : '简体中文'}
                </option>
            ))}
        </select>
    );
}
