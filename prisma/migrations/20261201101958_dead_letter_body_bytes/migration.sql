-- AlterTable
ALTER TABLE "dead_letter_body" ADD COLUMN     "body_bytes" BYTEA;

