import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { api, orNullOn } from './client';
import type { Profile } from './types';

/** The signed-in person, or null: the session cookie is unreadable here, so the gateway is asked. */
export function useMe(): UseQueryResult<Profile | null> {
    return useQuery({
        queryKey: ['me'],
        queryFn: () => orNullOn(401, api.get<Profile>('/v1/me')),
        staleTime: 60_000,
    });
}

export const isStaff = (profile: Profile | null | undefined): boolean => profile !== null && profile !== undefined && profile.role !== 'customer';
