import { Prisma } from '@/generated/prisma/client';

/** A write refused by a unique index (Prisma's P2002): a concurrent or repeated request got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
