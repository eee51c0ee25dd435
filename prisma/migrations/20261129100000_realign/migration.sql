-- AlterEnum
ALTER TYPE "AlignmentChangeKind" ADD VALUE 'realign';
