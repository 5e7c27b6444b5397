import { Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/session';
import type { Role } from '../../api/types';
import { StaffAdminPage } from './admin-pages';
import { AlertsPage, KycQueuePage, ReviewQueuePage, TrailPage } from './compliance-pages';
import { SupportRequestsPage } from './teller-pages';

/** Each tab with the roles the gateway lets call its routes; a tab nobody may use is not shown. */
const TABS: { key: string; roles: Role[]; page: () => ReactNode }[] = [
    { key: 'support', roles: ['teller', 'bank_admin'], page: () => <SupportRequestsPage /> },
    { key: 'kyc', roles: ['compliance_officer'], page: () => <KycQueuePage /> },
    { key: 'reviews', roles: ['compliance_officer'], page: () => <ReviewQueuePage /> },
    { key: 'alerts', roles: ['compliance_officer'], page: () => <AlertsPage /> },
    { key: 'trail', roles: ['compliance_officer'], page: () => <TrailPage /> },
    { key: 'staff', roles: ['bank_admin'], page: () => <StaffAdminPage /> },
];

/** The staff console: its own chunk, loaded only when a staff member opens it. */
export default function StaffConsole() {
    const { t } = useTranslation();
    const { data: me } = useMe();
    const role = me?.role ?? 'customer';
    const tabs = TABS.filter((tab) => tab.roles.includes(role));
    return (
        <>
            <Typography.Title level={1} className="page-title">
                {t('staff.title', { role: t(`staff.roles.${role}`) })}
            </Typography.Title>
            <Tabs items={tabs.map((tab) => ({ key: tab.key, label: t(`staff.tabs.${tab.key}`), children: tab.page() }))} />
        </>
    );
}
