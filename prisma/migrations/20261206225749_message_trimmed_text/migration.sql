-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "trimmedText" TEXT;
