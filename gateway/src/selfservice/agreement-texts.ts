import { AppError } from '../errors';

/** One version of a legal text, in the two languages the app is offered in. */
export interface AgreementText {
    version: string;
    title: { en: string; 'zh-CN': string };
    text: { en: string; 'zh-CN': string };
}

export interface CurrentAgreements {
    userServiceAgreement: AgreementText;
    privacyPolicy: AgreementText;
}

/**
 * The texts a customer accepts at registration, by version. A new version is added here
 * (never edited in place: a customer accepted exactly the words of the version they
 * named) and made current with CORRIDOR_USER_AGREEMENT_VERSION / _PRIVACY_POLICY_VERSION.
 * These are placeholders for a bank's own legal texts.
 */
const USER_SERVICE_AGREEMENTS: readonly AgreementText[] = [
    {
        version: '2026-01',
        title: { en: 'Corridor user service agreement', 'zh-CN': 'Corridor 用户服务协议' },
        text: {
            en: 'You hold a digital-currency account with your bank on the Corridor network. Your bank keeps your account, signs payments you confirm (unless you hold your own key), screens payments as the law requires and may hold a payment for review. Payments that have settled are final; a refund is asked of the payee\'s bank. Keep your password, codes and devices to yourself.',
            'zh-CN': '您在 Corridor 网络上通过您的银行持有数字货币账户。银行保管您的账户，为您确认的付款签名（您自持密钥的除外），依法对付款进行审查，并可能暂停付款以待审核。已结算的付款不可撤销；退款须向收款方银行申请。请妥善保管您的密码、验证码和设备。',
        },
    },
];

const PRIVACY_POLICIES: readonly AgreementText[] = [
    {
        version: '2026-01',
        title: { en: 'Corridor privacy policy', 'zh-CN': 'Corridor 隐私政策' },
        text: {
            en: 'Your bank keeps your name, phone, email and identity documents encrypted and uses them to run your account, to verify who you are and to meet its legal duties. The shared ledger holds your account address, balances and payments, never your name or contact details. Other banks learn only what a payment to or from their customer requires.',
            'zh-CN': '您的银行对您的姓名、电话、电子邮箱和身份证件加密保存，仅用于管理您的账户、核实身份及履行法定义务。共享账本只记录您的账户地址、余额和付款，绝不记录您的姓名或联系方式。其他银行仅获知与其客户之间付款所必需的信息。',
        },
    },
];

/** The texts of the configured versions; a version without a text is a configuration error found at start-up. */
export function currentAgreements(versions: { userServiceAgreement: string; privacyPolicy: string }): CurrentAgreements {
    return {
        userServiceAgreement: textOf(USER_SERVICE_AGREEMENTS, versions.userServiceAgreement, 'user service agreement'),
        privacyPolicy: textOf(PRIVACY_POLICIES, versions.privacyPolicy, 'privacy policy'),
    };
}

function textOf(texts: readonly AgreementText[], version: string, what: string): AgreementText {
    const found = texts.find((text) => text.version === version);
    if (found === undefined) {
        throw new AppError('INTERNAL', `no text of the ${what} version ${version} is built in`);
    }
    return found;
}
