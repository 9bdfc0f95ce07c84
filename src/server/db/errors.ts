import { Prisma } from '@/generated/prisma/client';

/**
 * A write refused by a unique index: a concurrent or repeated request got there first. Prisma's own queries say
 * P2002; a raw statement ($executeRaw) says P2010 with the driver adapter's UniqueConstraintViolation as its cause;
 * pg on the SQL fast paths says SQLSTATE 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === 'P2002') return true;
    const cause = (error.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause;
    return error.code === 'P2010' && cause?.kind === 'UniqueConstraintViolation';
  }
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505' && 'severity' in error;
}
