import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { SignInPage } from '../features/auth/sign-in-page';
import { NotFoundPage } from './not-found-page';
import { Home, SignedIn } from './guards';
import { Loading as LoadingStatus } from '../shared/loading';
import { AppLayout } from './layout';

/**
 * Only the shell and the sign-in page are in the entry; every other page is a chunk of
 * its own, fetched when first opened, so the first load stays inside its budget and
 * customers never download the staff console.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): ComponentType {
    return lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }));
}

const RegisterPage = page(() => import('../features/auth/register-page'), 'RegisterPage');
const PasswordResetPage = page(() => import('../features/auth/password-reset-page'), 'PasswordResetPage');
const AccountPage = page(() => import('../features/account/account-page'), 'AccountPage');
const PayPage = page(() => import('../features/payments/pay-page'), 'PayPage');
const PaymentStatusPage = page(() => import('../features/payments/payment-status-page'), 'PaymentStatusPage');
const HistoryPage = page(() => import('../features/history/history-page'), 'HistoryPage');
const SecurityPage = page(() => import('../features/security/security-page'), 'SecurityPage');
const StaffConsole = lazy(() => import('../features/staff/staff-console'));

function Loading({ children }: { children: ReactNode }) {
    return <Suspense fallback={<LoadingStatus />}>{children}</Suspense>;
}

export const router = createBrowserRouter([
    {
        element: <AppLayout />,
        children: [
            { index: true, element: <Home /> },
            { path: 'sign-in', element: <SignInPage /> },
            { path: 'register', element: <Loading><RegisterPage /></Loading> },
            { path: 'password/reset', element: <Loading><PasswordResetPage /></Loading> },
            { path: 'account', element: <SignedIn><Loading><AccountPage /></Loading></SignedIn> },
            { path: 'pay', element: <SignedIn><Loading><PayPage /></Loading></SignedIn> },
            { path: 'payments/:id', element: <SignedIn><Loading><PaymentStatusPage /></Loading></SignedIn> },
            { path: 'history', element: <SignedIn><Loading><HistoryPage /></Loading></SignedIn> },
            { path: 'security', element: <SignedIn who="anyone"><Loading><SecurityPage /></Loading></SignedIn> },
            {
                path: 'staff/*',
                element: (
                    <SignedIn who="staff">
                        <Loading>
                            <StaffConsole />
                        </Loading>
                    </SignedIn>
                ),
            },
            { path: '*', element: <NotFoundPage /> },
        ],
    },
]);

