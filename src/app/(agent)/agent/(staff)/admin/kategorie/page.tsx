import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { categoryAdminData } from '@/server/categories/settings';
import { currentPrincipal, requireAdminArea } from '@/server/auth/guards';
import { TICKET_CATEGORIES } from '@/server/tickets/schemas';
import { translator } from '@/i18n/messages';
import { CategorySettingsForm, type CatalogueTexts } from '@/components/admin/categories/category-settings-form';
import { AdminSectionHeading } from '@/components/admin/section-heading';
import { saveCategories } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminCategories');
  return { title: t('metaTitle') };
}

/** /agent/admin/kategorie: names, help text, visibility, order and routing of the ticket categories. */
export default async function CategoriesAdminPage() {
  await requireAdminArea();
  const t = await getTranslations('adminCategories');
  const data = await categoryAdminData(await currentPrincipal());
  if (!data.ok) notFound();
  // What an empty field falls back to, in both languages whatever the admin's own.
  const catalogueFor = (locale: 'pl' | 'en') => {
    const tl = translator(locale);
    return Object.fromEntries(
      TICKET_CATEGORIES.map((c) => [
        c,
        { label: tl(`ticketForm.category.${c}.label`), description: tl(`ticketForm.category.${c}.description`) },
      ]),
    ) as CatalogueTexts['pl'];
  };
  return (
    <>
      <AdminSectionHeading title={t('title')} lead={t('lead')} />
      <CategorySettingsForm
        action={saveCategories}
        settings={data.value.settings}
        agents={data.value.agents}
        catalogue={{ pl: catalogueFor('pl'), en: catalogueFor('en') }}
      />
    </>
  );
}
