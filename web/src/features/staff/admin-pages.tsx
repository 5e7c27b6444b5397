import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/error-alert';

const STAFF_ROLES = ['teller', 'compliance_officer', 'bank_admin'] as const;

interface StaffForm {
    role: string;
    name: string;
    phone: string;
    email: string;
    password: string;
}

/** Bank admin: create staff accounts and change a member's role (their sessions end). */
export function StaffAdminPage() {
    const { t } = useTranslation();
    const roleOptions = STAFF_ROLES.map((r) => ({ value: r, label: t(`staff.roles.${r}`) }));
    const create = useMutation({ mutationFn: (v: StaffForm) => api.post<{ userId: string }>('/v1/staff', v) });
    const change = useMutation({ mutationFn: (v: { userId: string; role: string }) => api.post(`/v1/staff/${v.userId}/role`, { role: v.role }) });
    const audit = useQuery({ queryKey: ['audit-verify'], queryFn: () => api.get<{ ok?: boolean; valid?: boolean }>('/v1/audit/verify') });
    return (
        <Space orientation="vertical" size="large" className="full-width">
            <Card title={<h2 className="card-title">{t('staff.createStaff')}</h2>}>
                <ErrorAlert error={create.error} />
                {create.isSuccess && <Alert type="success" showIcon title={t('staff.created', { id: create.data.userId })} />}
                <Form<StaffForm> layout="vertical" initialValues={{ role: 'teller' }} onFinish={(v) => { create.mutate(v); }} requiredMark={false}>
                    <Form.Item label={t('staff.role')} name="role">
                        <Select options={roleOptions} aria-label={t('staff.role')} />
                    </Form.Item>
                    <Form.Item label={t('register.name')} name="name" rules={[{ required: true, message: t('common.required') }]}>
                        <Input />
                    </Form.Item>
                    <Form.Item label={t('register.phone')} name="phone" rules={[{ required: true, message: t('common.required') }]}>
                        <Input inputMode="tel" />
                    </Form.Item>
                    <Form.Item label={t('register.email')} name="email" rules={[{ required: true, type: 'email', message: t('register.emailRule') }]}>
                        <Input inputMode="email" />
                    </Form.Item>
                    <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, min: 12, message: t('register.passwordRule') }]}>
                        <Input.Password autoComplete="new-password" />
                    </Form.Item>
                    <Button htmlType="submit" type="primary" loading={create.isPending}>
                        {t('staff.createStaff')}
                    </Button>
                </Form>
            </Card>
            <Card title={<h2 className="card-title">{t('staff.changeRole')}</h2>}>
                <ErrorAlert error={change.error} />
                {change.isSuccess && <Alert type="success" showIcon title={t('common.saved')} />}
                <Form layout="inline" onFinish={(v: { userId: string; role: string }) => { change.mutate(v); }}>
                    <Form.Item name="userId" rules={[{ required: true, message: t('common.required') }]}>
                        <Input aria-label={t('staff.fields.userId')} placeholder={t('staff.fields.userId')} />
                    </Form.Item>
                    <Form.Item name="role" initialValue="teller">
                        <Select options={roleOptions} aria-label={t('staff.role')} />
                    </Form.Item>
                    <Button htmlType="submit">{t('common.save')}</Button>
                </Form>
            </Card>
            <Card title={<h2 className="card-title">{t('staff.auditLog')}</h2>}>
                <ErrorAlert error={audit.error} />
                {audit.data !== undefined && <Alert type={audit.data.ok === false || audit.data.valid === false ? 'error' : 'success'} showIcon title={t(audit.data.ok === false || audit.data.valid === false ? 'staff.auditBroken' : 'staff.auditIntact')} />}
            </Card>
        </Space>
    );
}
