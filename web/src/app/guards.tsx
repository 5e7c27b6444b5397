import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { isStaff, useMe } from '../api/session';
import { ErrorAlert } from '../shared/error-alert';
import { Loading } from '../shared/loading';

/** Pages for a signed-in person: customers' by default, staff's, or anyone's. */
export function SignedIn({ who = 'customer', children }: { who?: 'customer' | 'staff' | 'anyone'; children: ReactNode }) {
    const me = useMe();
    if (me.isPending) {
        return <Loading />;
    }
    if (me.isError) {
        return <ErrorAlert error={me.error} />;
    }
    if (me.data === null) {
        return <Navigate to="/sign-in" replace />;
    }
    if (who !== 'anyone' && (who === 'staff') !== isStaff(me.data)) {
        return <Navigate to={isStaff(me.data) ? '/staff' : '/account'} replace />;
    }
    return <>{children}</>;
}

/** `/`: where a person lands depends on who they are. */
export function Home() {
    const me = useMe();
    if (me.isPending) {
        return <Loading />;
    }
    if (me.data === null || me.data === undefined) {
        return <Navigate to="/sign-in" replace />;
    }
    return <Navigate to={isStaff(me.data) ? '/staff' : '/account'} replace />;
}
