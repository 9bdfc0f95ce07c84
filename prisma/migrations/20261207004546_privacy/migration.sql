-- CreateTable
CREATE TABLE "Erasure" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "subjectId" UUID NOT NULL,
    "requestedById" UUID,
    "step" TEXT NOT NULL DEFAULT 'revoke',
    "counts" JSONB NOT NULL DEFAULT '{}',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Erasure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalHold" (
    "id" UUID NOT NULL,
    "ticketId" UUID,
    "companyId" UUID,
    "reason" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" TIMESTAMP(3),
    "releasedById" UUID,

    CONSTRAINT "LegalHold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrivacyAuditEntry" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "action" TEXT NOT NULL,
    "subjectId" UUID,
    "purpose" TEXT,
    "caseRef" TEXT,
    "details" JSONB,

    CONSTRAINT "PrivacyAuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetentionPolicy" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "closedTicketFilesDays" INTEGER,
    "inactiveReporterMonths" INTEGER,
    "outboxBodyDays" INTEGER,
    "updatedById" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInEvent" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignInEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataExport" (
    "id" UUID NOT NULL,
    "subjectId" UUID NOT NULL,
    "requestedById" UUID,
    "scope" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "storageKey" TEXT,
    "tokenHash" TEXT,
    "size" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "DataExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Erasure_number_key" ON "Erasure"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Erasure_subjectId_key" ON "Erasure"("subjectId");

-- CreateIndex
CREATE INDEX "Erasure_completedAt_idx" ON "Erasure"("completedAt");

-- CreateIndex
CREATE INDEX "LegalHold_ticketId_idx" ON "LegalHold"("ticketId");

-- CreateIndex
CREATE INDEX "LegalHold_companyId_idx" ON "LegalHold"("companyId");

-- CreateIndex
CREATE INDEX "PrivacyAuditEntry_at_idx" ON "PrivacyAuditEntry"("at" DESC);

-- CreateIndex
CREATE INDEX "PrivacyAuditEntry_subjectId_idx" ON "PrivacyAuditEntry"("subjectId");

-- CreateIndex
CREATE INDEX "SignInEvent_userId_at_idx" ON "SignInEvent"("userId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "DataExport_storageKey_key" ON "DataExport"("storageKey");

-- CreateIndex
CREATE UNIQUE INDEX "DataExport_tokenHash_key" ON "DataExport"("tokenHash");

-- CreateIndex
CREATE INDEX "DataExport_status_createdAt_idx" ON "DataExport"("status", "createdAt");

-- CreateIndex
CREATE INDEX "DataExport_subjectId_idx" ON "DataExport"("subjectId");
