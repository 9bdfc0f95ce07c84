-- AlterTable
ALTER TABLE "SlaPolicy" ADD COLUMN     "chatFirstResponseSeconds" INTEGER;

-- CreateTable
CREATE TABLE "VisitorChatSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "chatEnabled" BOOLEAN,
    "chatHours" JSONB,
    "closedOnPublicHolidays" BOOLEAN,
    "chatFirstResponseSeconds" INTEGER,
    "updatedById" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VisitorChatSetting_pkey" PRIMARY KEY ("id"),
    -- One row: the visitors' settings are a singleton.
    CONSTRAINT "VisitorChatSetting_single_row" CHECK ("id" = 1)
);
