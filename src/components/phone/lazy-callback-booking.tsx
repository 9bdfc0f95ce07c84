'use client';

import dynamic from 'next/dynamic';

/**
 * The contact page's "Zamów rozmowę zwrotną", in a chunk of its own: the page imports it for everyone, but only a
 * signed-in customer whose plan has the phone sees it, so nobody else downloads the booking form and its schema
 * (zod). Server-rendered as before for those who do see it; its texts come as props (`intl`), with its own provider.
 */
export const LazyCallbackBooking = dynamic(() => import('./callback-booking').then((module) => module.CallbackBookingEntry));
