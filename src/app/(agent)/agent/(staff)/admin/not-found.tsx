import { getTranslations } from 'next-intl/server';
import { currentPrincipal } from '@/server/auth/guards';
import { canAccessAdmin } from '@/server/auth/policy';
import { AdminOnly } from '@/components/agent/admin-only';

/**
 * An admin page refused to an agent (requireAdminArea): the agent view's "admins only" page, not the bare 404. An
 * admin here met a page (or a record) that does not exist.
 */
export default async function AdminNotFound() {
  if (!canAccessAdmin(await currentPrincipal())) return <AdminOnly />;
  const t = await getTranslations('auth.notFound');
  return (
    <div className="mx-auto w-full max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">{t('title')}</h1>
      <p className="mt-3 text-slate-600">{t('body')}</p>
    </div>
  );
}
