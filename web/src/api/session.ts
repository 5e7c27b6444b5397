import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { api, ApiError } from './client';
import type { Profile } from './types';

/** The signed-in person, or null: the session cookie is unreadable here, so the gateway is asked. */
export function useMe(): UseQueryResult<Profile | null> {
    return useQuery({
        queryKey: ['me'],
        queryFn: async () => {
            try {
                return await api.get<Profile>('/v1/me');
            } catch (err) {
                if (err instanceof ApiError && err.status === 401) {
                    return null;
                }
                throw err;
            }
        },
        staleTime: 60_000,
    });
}

export const isStaff = (profile: Profile | null | undefined): boolean => profile !== null && profile !== undefined && profile.role !== 'customer';
