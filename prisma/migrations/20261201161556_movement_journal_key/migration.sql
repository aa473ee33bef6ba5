-- The journal's key becomes (book, sku, location, occurred_at, id): the one index its readers
-- use, made unique by the id. A separate key on id alone cost every movement an index entry.

-- DropIndex
DROP INDEX "movement_book_sku_id_location_id_occurred_at_idx";

-- AlterTable
ALTER TABLE "movement" DROP CONSTRAINT "movement_pkey",
ADD CONSTRAINT "movement_pkey" PRIMARY KEY ("book", "sku_id", "location_id", "occurred_at", "id");

