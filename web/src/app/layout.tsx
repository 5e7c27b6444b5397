import { Button } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { api } from '../api/client';
import { isStaff, useMe } from '../api/session';
import { LanguageSwitch } from './language-switch';

/** Navigation entries by who is signed in; the staff console has its own menu inside. */
function useNavigation(): { key: string; label: string }[] {
    const { t } = useTranslation();
    const { data: me } = useMe();
    if (me === null || me === undefined) {
        return [
            { key: '/sign-in', label: t('nav.signIn') },
            { key: '/register', label: t('nav.register') },
        ];
    }
    const customer = [
        { key: '/account', label: t('nav.account') },
        { key: '/pay', label: t('nav.pay') },
        { key: '/history', label: t('nav.history') },
        { key: '/security', label: t('nav.security') },
    ];
    return isStaff(me) ? [{ key: '/staff', label: t('nav.staff') }, { key: '/security', label: t('nav.security') }] : customer;
}

export function AppLayout() {
    const { t } = useTranslation();
    const navigate = useNavigate();
    const queries = useQueryClient();
    const { data: me } = useMe();
    const items = useNavigation();
    const signOut = useMutation({
        mutationFn: () => api.post('/v1/auth/logout'),
        onSettled: () => {
            queries.clear();
            void navigate('/sign-in');
        },
    });
    return (
        // Plain landmarks rather than the library's Layout: the shell is in every first download.
        <div className="app-shell">
            <header className="app-header">
                <Link to="/" className="app-brand">
                    {t('layout.brand')}
                </Link>
                <nav aria-label={t('layout.navigation')} className="app-nav">
                    {items.map((item) => (
                        <NavLink key={item.key} to={item.key} className="app-nav-link">
                            {item.label}
                        </NavLink>
                    ))}
                </nav>
                <div className="app-tools">
                    <LanguageSwitch />
                    {me !== null && me !== undefined && (
                        <Button size="small" onClick={() => { signOut.mutate(); }} loading={signOut.isPending} data-testid="sign-out">
                            {t('nav.signOut')}
                        </Button>
                    )}
                </div>
            </header>
            <main className="app-content">
                <Outlet />
            </main>
            <footer className="app-footer">{t('layout.footer')}</footer>
        </div>
    );
}
