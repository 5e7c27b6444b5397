import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router/dom';
import { router } from './app/router';
import { startI18n } from './i18n';
import './app/app.css';

const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

/**
 * The library's grey hint, placeholder and empty-state texts fall below WCAG AA contrast
 * (4.5:1) on white; these greys reach it (#595959 is 7:1, #6b6b6b is 5.3:1).
 */
const THEME = {
    token: {
        colorPrimary: '#0b5cab',
        colorLink: '#0b5cab',
        colorTextDescription: '#595959',
        colorTextTertiary: '#595959',
        colorTextQuaternary: '#6b6b6b',
        colorTextPlaceholder: '#6b6b6b',
        colorTextDisabled: '#6b6b6b',
    },
};

/** Ant Design's own texts (date pickers, tables, pagination) follow the chosen language. */
function Root() {
    const { i18n } = useTranslation();
    return (
        <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME}>
            <AntApp>
                <QueryClientProvider client={queries}>
                    <RouterProvider router={router} />
                </QueryClientProvider>
            </AntApp>
        </ConfigProvider>
    );
}

await startI18n();
const container = document.getElementById('root');
if (container !== null) {
    createRoot(container).render(
        <StrictMode>
            <Root />
        </StrictMode>,
    );
}
