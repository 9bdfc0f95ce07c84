import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { KeyRound } from 'lucide-react';
import { currentPrincipal, requireAdminArea } from '@/server/auth/guards';
import { listApiTokens, type ApiTokenStatus } from '@/server/admin/api-tokens';
import { CreateTokenForm } from '@/components/admin/api-tokens/create-token-form';
import { RevokeButton } from '@/components/admin/api-tokens/revoke-button';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { cn } from '@/lib/cn';
import { createApiTokenAction, revokeApiTokenAction } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminApiTokens');
  return { title: t('metaTitle') };
}

const STATUS_TONE: Record<ApiTokenStatus, BadgeTone> = { active: 'success', expired: 'warning', revoked: 'neutral' };

/** /agent/admin/tokeny-api: tokens for the REST API (create, see, revoke). Admins only. */
export default async function AdminApiTokensPage() {
  await requireAdminArea();
  const [t, format, listed] = await Promise.all([
    getTranslations('adminApiTokens'),
    getFormatter(),
    listApiTokens(await currentPrincipal()),
  ]);
  const tokens = listed.ok ? listed.value : [];
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' });
  const now = new Date();

  return (
    <>
      <section aria-labelledby="tokens-title" className="space-y-6">
        <div>
          <h2 id="tokens-title" className="text-lg font-semibold text-slate-900">
            {t('title')}
          </h2>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">{t('lead')}</p>
        </div>

        <CreateTokenForm action={createApiTokenAction} />

        <div>
          <h3 className="text-sm font-semibold text-slate-700">{t('listTitle', { count: tokens.length })}</h3>
          {tokens.length ? (
            <ul className="mt-3 space-y-3">
              {tokens.map((token) => (
                <li
                  key={token.id}
                  data-testid="api-token-row"
                  data-status={token.status}
                  className={cn(
                    'rounded-xl border p-4 shadow-xs sm:p-5',
                    token.status === 'active' ? 'border-slate-200 bg-white' : 'border-dashed border-slate-300 bg-slate-50',
                  )}
                >
                  <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
                    <div className="min-w-0">
                      <div className="flex flex-wrap items-center gap-2">
                        <h4 className={cn('font-semibold break-words', token.status === 'active' ? 'text-slate-900' : 'text-slate-500')}>
                          {token.name}
                        </h4>
                        <Badge tone={STATUS_TONE[token.status]}>{t(`status.${token.status}`)}</Badge>
                        {token.kind === 'CTI' ? <Badge tone="neutral">{t('kindCti')}</Badge> : null}
                      </div>
                      <p className="mt-1 font-mono text-sm text-slate-600">
                        <span className="sr-only">{t('prefix')}: </span>
                        {token.prefix}…
                      </p>
                    </div>
                    {token.status === 'active' ? <RevokeButton action={revokeApiTokenAction} tokenId={token.id} name={token.name} /> : null}
                  </div>
                  <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
                    <div>
                      <dt className="text-xs font-medium text-slate-500">{t('created')}</dt>
                      <dd className="text-slate-800">
                        {when(token.createdAt)}
                        <span className="block truncate text-slate-500">
                          {token.createdBy ? (token.createdBy.name ?? token.createdBy.email) : t('unknownCreator')}
                        </span>
                      </dd>
                    </div>
                    <div>
                      <dt className="text-xs font-medium text-slate-500">{t('lastUsed')}</dt>
                      <dd className="text-slate-800">{token.lastUsedAt ? format.relativeTime(token.lastUsedAt, now) : t('neverUsed')}</dd>
                    </div>
                    <div>
                      <dt className="text-xs font-medium text-slate-500">{t('expires')}</dt>
                      <dd className="text-slate-800">{token.expiresAt ? when(token.expiresAt) : t('noExpiry')}</dd>
                    </div>
                    {token.revokedAt ? (
                      <div>
                        <dt className="text-xs font-medium text-slate-500">{t('revoked')}</dt>
                        <dd className="text-slate-800">{when(token.revokedAt)}</dd>
                      </div>
                    ) : null}
                  </dl>
                </li>
              ))}
            </ul>
          ) : (
            <div className="mt-3 flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
              <KeyRound aria-hidden="true" className="size-6 text-slate-400" />
              <p className="mt-2 font-medium text-slate-800">{t('emptyTitle')}</p>
              <p className="mt-1 max-w-md text-sm text-slate-500">{t('emptyLead')}</p>
            </div>
          )}
        </div>
      </section>
    </>
  );
}
