-- How a message's body is written: every existing message stays TEXT (shown as typed).
CREATE TYPE "MessageFormat" AS ENUM ('TEXT', 'MARKDOWN');

ALTER TABLE "Message" ADD COLUMN     "format" "MessageFormat" NOT NULL DEFAULT 'TEXT';
