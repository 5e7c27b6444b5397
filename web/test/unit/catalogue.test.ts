import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';

/**
 * The two catalogues hold the same keys, no empty text and the same placeholders, and every
 * key the source names literally exists: a page never shows a raw key in either language.
 */
const SRC = join(import.meta.dirname, '..', '..', 'src');
interface Tree { [key: string]: string | Tree }

const catalogue = (language: string): Tree => JSON.parse(readFileSync(join(SRC, 'i18n', `${language}.json`), 'utf8')) as Tree;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
    const out = new Map<string, string>();
    for (const [key, value] of Object.entries(tree)) {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        if (typeof value === 'string') {
            out.set(path, value);
        } else {
            for (const [k, v] of flatten(value, path)) out.set(k, v);
        }
    }
    return out;
}

function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
}

const en = flatten(catalogue('en'));
const zh = flatten(catalogue('zh-CN'));
const placeholders = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();

describe('language catalogues', () => {
    it('zh-CN and en hold the same keys', () => {
        assert.deepEqual([...zh.keys()].sort(), [...en.keys()].sort());
        assert.ok(en.size > 200, `only ${en.size} keys`);
    });

    it('no text is empty and both languages use the same placeholders', () => {
        for (const [key, text] of en) {
            assert.notEqual(text.trim(), '', `en ${key} is empty`);
            assert.notEqual((zh.get(key) ?? '').trim(), '', `zh-CN ${key} is empty`);
            assert.deepEqual(placeholders(zh.get(key) ?? ''), placeholders(text), `placeholders of ${key}`);
        }
    });

    it('the Chinese catalogue is Chinese: most texts hold CJK characters', () => {
        const chinese = [...zh.values()].filter((text) => /[\u4e00-\u9fff]/.test(text)).length;
        assert.ok(chinese / zh.size > 0.9, `${chinese} of ${zh.size} zh-CN texts hold Chinese`);
    });

    it('every key the source names literally is in the catalogues', () => {
        const missing: string[] = [];
        for (const file of sourceFiles(SRC)) {
            for (const match of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)) {
                const key = match[1] ?? '';
                if (!en.has(key)) missing.push(`${key} (${file.slice(SRC.length + 1)})`);
            }
        }
        assert.deepEqual(missing, []);
    });

    it('every key built from a value (a status, a type, a code) has an entry for each value the pages pass', () => {
        const families: Record<string, string[]> = {
            'history.types': ['remittance', 'receipt', 'transfer', 'top-up', 'withdrawal', 'refund'],
            'history.statuses': ['succeeded', 'pending', 'failed'],
            'history.sorts': ['-time', 'time', '-amount', 'amount'],
            'account.kycStatus': ['not_submitted', 'submitted', 'approved', 'rejected'],
            'account.statuses': ['active', 'frozen', 'closed'],
            'status.states': ['submitted', 'held', 'settled', 'rejected', 'cancelled', 'expired', 'refund-requested', 'partly-refunded', 'refunded'],
            'auth.codeSentBy': ['sms', 'email', 'totp'],
            'pay.purposes': ['GDDS', 'SUPP', 'SALA', 'GIFT', 'RENT', 'OTHR'],
            'staff.roles': ['customer', 'teller', 'compliance_officer', 'bank_admin'],
            'staff.tabs': ['support', 'kyc', 'reviews', 'alerts', 'trail', 'staff'],
            'staff.supportStatus': ['open', 'verified', 'resolved', 'rejected'],
            'security.questions': ['first-school', 'childhood-street', 'first-employer', 'parents-meeting-city', 'childhood-friend', 'first-concert'],
        };
        for (const [family, values] of Object.entries(families)) {
            for (const value of values) assert.ok(en.has(`${family}.${value}`), `${family}.${value}`);
        }
    });
});
