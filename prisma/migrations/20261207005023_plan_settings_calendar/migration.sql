-- Admin-set plan channels and hours (/agent/admin/godziny) and team-wide calendar exceptions.
-- CreateEnum
CREATE TYPE "CalendarExceptionKind" AS ENUM ('DAY_OFF', 'WORKING_DAY');

-- CreateTable
CREATE TABLE "PlanSetting" (
    "plan" "Plan" NOT NULL,
    "channels" TEXT[],
    "supportHours" JSONB NOT NULL,
    "chatHours" JSONB NOT NULL,
    "phoneHours" JSONB NOT NULL,
    "closedOnPublicHolidays" BOOLEAN NOT NULL DEFAULT true,
    "updatedById" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlanSetting_pkey" PRIMARY KEY ("plan")
);

-- CreateTable
CREATE TABLE "CalendarException" (
    "date" DATE NOT NULL,
    "kind" "CalendarExceptionKind" NOT NULL,
    "note" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarException_pkey" PRIMARY KEY ("date")
);
